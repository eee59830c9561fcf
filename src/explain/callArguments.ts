/**
 * The arguments of one Python call as the hover found them in the source, bound to the callee's
 * parameter names and read as Python literals where they are literals. Only literals are read:
 * anything else (a variable, an expression, a tensor) is kept as text and described as such,
 * because a hover cannot know its value.
 */

/** One argument as written in the call: `name` for a keyword argument, none for a positional one. */
export interface LossArgument {
  name?: string;
  text: string;
}

export type ArgumentValue =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string; text: string }
  | { kind: 'boolean'; value: boolean; text: string }
  | { kind: 'none'; text: string }
  | { kind: 'expression'; text: string };

/** Python's numeric literals: 1, -100, 0.1, .5, 1e-7, 1_000 (a leading sign is an operator, read too). */
const NUMBER = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** A string literal with an optional prefix; f-strings are expressions (their value is not known). */
const STRING = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/;

/** Reads the text of one argument as a Python literal, or keeps it as an expression. */
export function parseLiteral(written: string): ArgumentValue {
  const text = written.trim();
  const inner = unparenthesize(text);
  if (NUMBER.test(inner)) return { kind: 'number', value: Number(inner.replace(/_/g, '')), text };
  if (inner === 'True' || inner === 'False') return { kind: 'boolean', value: inner === 'True', text };
  if (inner === 'None') return { kind: 'none', text };
  const string = STRING.exec(inner);
  if (string && !string[3].includes(string[2])) return { kind: 'string', value: string[3], text };
  return { kind: 'expression', text };
}

/** `(0.1)` is the literal 0.1; `(a, b)` and `(a)(b)` are not literals and stay as they are. */
function unparenthesize(text: string): string {
  let inner = text;
  while (inner.startsWith('(') && inner.endsWith(')') && balanced(inner.slice(1, -1))) inner = inner.slice(1, -1).trim();
  return inner;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Binds positional arguments to `parameters` in order, and keyword arguments by name (one of
 * `parameters` or of `keywordOnly`). A starred argument (`*args`, `**kwargs`) hides which
 * parameters follow it, so positional binding stops there. Arguments past the parameter list, or
 * with unknown names, are left out.
 */
export function bindArguments(
  parameters: readonly string[],
  args: readonly LossArgument[],
  keywordOnly: readonly string[] = [],
): Map<string, ArgumentValue> {
  const bound = new Map<string, ArgumentValue>();
  let position = 0;
  let positionsKnown = true;
  for (const arg of args) {
    if (arg.name !== undefined) {
      if (parameters.includes(arg.name) || keywordOnly.includes(arg.name)) bound.set(arg.name, parseLiteral(arg.text));
      continue;
    }
    if (arg.text.trim().startsWith('*')) {
      positionsKnown = false;
      continue;
    }
    if (positionsKnown && position < parameters.length) bound.set(parameters[position], parseLiteral(arg.text));
    position++;
  }
  return bound;
}

/** Markdown inline code that survives backticks in the text (CommonMark: a longer fence). */
export function code(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  const longest = Math.max(0, ...Array.from(shown.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** A number as a person would write it: 0.91, not 0.9100000000000001. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
