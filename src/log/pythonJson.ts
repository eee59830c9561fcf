/**
 * JSON as Python's `json` module writes it: standard JSON plus the bare tokens `NaN`, `Infinity`
 * and `-Infinity` for non-finite floats. A diverging run writes exactly those, so we must read them.
 */

const NAN_MARK = '\u0000NaN\u0000';
/** How the mark is spelled inside the rewritten JSON text. */
const NAN_LITERAL = JSON.stringify(NAN_MARK);

/**
 * Parses one JSON text that may hold Python's non-finite tokens. Throws `SyntaxError` as
 * `JSON.parse` does. The common case (no such token) is a single native `JSON.parse`; only a text
 * that fails and mentions one of the tokens is rewritten outside its strings and parsed again.
 */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    const rewritten = rewriteNonFinite(text);
    if (rewritten === text) throw error;
    return rewritten.includes(NAN_LITERAL) ? JSON.parse(rewritten, reviveNaN) : JSON.parse(rewritten);
  }
}

function reviveNaN(_key: string, value: unknown): unknown {
  return value === NAN_MARK ? NaN : value;
}

/**
 * Replaces the bare tokens that stand outside strings: `Infinity` by `1e999` (which `JSON.parse`
 * reads as Infinity), `NaN` by a marked string that the reviver turns back into NaN.
 */
function rewriteNonFinite(text: string): string {
  let out = '';
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
      continue;
    }
    if (code === 0x22) {
      inString = true;
    } else if (code === 0x4e /* N */ && text.startsWith('NaN', i)) {
      out += text.slice(copied, i) + NAN_LITERAL;
      copied = i += 3;
      i--;
    } else if (code === 0x49 /* I */ && text.startsWith('Infinity', i)) {
      out += text.slice(copied, i) + '1e999';
      copied = i += 8;
      i--;
    }
  }
  return out + text.slice(copied);
}

/**
 * Serialises numbers, strings, booleans, null, arrays (and Float64Arrays) and plain objects as
 * Python's `json.dumps` would: non-finite numbers as `NaN`, `Infinity`, `-Infinity`.
 */
export function formatPythonJson(value: unknown): string {
  // String(x) is JSON's text for a finite number and Python's token for NaN, Infinity, −Infinity.
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Float64Array) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ', ' : '') + String(value[i]);
    return out + ']';
  }
  if (Array.isArray(value)) return `[${value.map((item: unknown) => formatPythonJson(item)).join(', ')}]`;
  let out = '';
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out += `${out ? ', ' : ''}${JSON.stringify(key)}: ${formatPythonJson(item)}`;
  }
  return `{${out}}`;
}
