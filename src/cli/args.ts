/** A mistake in how a command was called: printed with a pointer to `--help`, exit status 2. */
export class UsageError extends Error {}

/** `--name value` and `--flag` options, as a map from name to value (`true` for a bare flag). */
export function parseOptions(args: readonly string[], flags: readonly string[], valued: readonly string[]): Map<string, string | true> {
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flags.includes(name) && inline === undefined) {
      options.set(name, true);
    } else if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
  }
  return options;
}

/**
 * Reads a list of numbers typed by a person: `2,1,0.1`, `2 1 0.1` or JSON `[2, 1, 0.1]`;
 * `nan`, `inf` and `-inf` in any case are accepted.
 */
export function parseNumberList(text: string, name: string): Float64Array {
  const body = text.trim().replace(/^\[/, '').replace(/\]$/, '');
  const parts = body.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) throw new UsageError(`${name}: no numbers in '${text}'`);
  return Float64Array.from(parts, (part) => {
    const value = parseNumber(part);
    if (value === undefined) throw new UsageError(`${name}: '${part}' is not a number`);
    return value;
  });
}

function parseNumber(part: string): number | undefined {
  const lower = part.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(part)) return undefined;
  return Number(part);
}
