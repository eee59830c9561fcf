import { LossLensError } from '../core';

/**
 * Numbers as people type or paste them: `2, 1, 0.1`, `2 1 0.1`, `[2, 1, 0.1]`, a JSON or Python
 * nested list `[[2, 1], [0.5, 3]]`, one row per line or per `;`, even wrapped in
 * `torch.tensor(...)`/`np.array(...)` with a `dtype=` after it. `nan`, `inf`, `Infinity` and
 * `float("-inf")` are read as the IEEE values, since a masked logit of −∞ is a real case.
 */
export interface NumberRows {
  rows: number[][];
  /** True when the text itself gave rows (brackets nested two deep, several lines, or `;`). */
  nested: boolean;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Reads one field; errors name the field and the offending piece of text. */
export function parseNumberRows(text: string, field: string): NumberRows {
  const body = unwrap(text);
  if (body.trim() === '') throw new LossLensError('is empty: enter numbers separated by commas or spaces', field);
  if (/\[\s*\[/.test(body)) return { rows: nestedRows(body, field), nested: true };
  const lines = body.split(/[\n;]+/).map((line) => line.trim().replace(/^\[|\]$/g, '').trim()).filter((line) => line !== '');
  const rows = lines.map((line) => numbersOf(line, field));
  if (rows.length > 1) checkRectangular(rows, field);
  return { rows, nested: rows.length > 1 };
}

/** One flat list of numbers (weights, a single row). */
export function parseNumberList(text: string, field: string): number[] {
  const { rows, nested } = parseNumberRows(text, field);
  if (nested) throw new LossLensError('takes one list of numbers, not rows', field);
  return rows[0];
}

/** One number, e.g. `label_smoothing`. */
export function parseScalar(text: string, field: string): number {
  const list = parseNumberList(text, field);
  if (list.length !== 1) throw new LossLensError(`takes one number, not ${list.length}`, field);
  return list[0];
}

/** Strips `torch.tensor(`, `np.array(`, `tf.constant(` … `, dtype=…)` and Python float spellings. */
function unwrap(text: string): string {
  let body = text.trim();
  const call = /^[\w.]+\(\s*([\s\S]*?)\s*(?:,\s*\w+\s*=[^\]]*)?\)\s*$/.exec(body);
  if (call) body = call[1];
  return body.replace(/float\(\s*(['"])([+-]?\w+)\1\s*\)/gi, '$2').replace(/(?:math|np|numpy|torch)\.(inf|nan)\b/gi, '$1');
}

function nestedRows(body: string, field: string): number[][] {
  const trimmed = body.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) throw new LossLensError('has unbalanced brackets', field);
  const inner = trimmed.slice(1, -1);
  const rows: number[][] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '[') {
      if (depth === 0) start = i + 1;
      depth++;
      if (depth > 1) throw new LossLensError('nests lists more than two deep: give one row per example', field);
    } else if (c === ']') {
      depth--;
      if (depth < 0) throw new LossLensError('has unbalanced brackets', field);
      if (depth === 0) rows.push(numbersOf(inner.slice(start, i), field, rows.length));
    } else if (depth === 0 && !/[\s,]/.test(c)) {
      throw new LossLensError(`has '${c}' between rows: write rows as [[…], […]]`, field);
    }
  }
  if (depth !== 0) throw new LossLensError('has unbalanced brackets', field);
  if (rows.length === 0) throw new LossLensError('has no rows', field);
  checkRectangular(rows, field);
  return rows;
}

function numbersOf(text: string, field: string, row?: number): number[] {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  const where = row === undefined ? '' : ` (row ${row + 1})`;
  if (parts.length === 0) throw new LossLensError(`has an empty row${where}`, field);
  return parts.map((part) => {
    const value = numberOf(part);
    if (value === undefined) throw new LossLensError(`'${part}'${where} is not a number`, field);
    return value;
  });
}

function numberOf(part: string): number | undefined {
  const lower = part.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return NUMBER.test(part) ? Number(part) : undefined;
}

function checkRectangular(rows: number[][], field: string): void {
  const width = rows[0].length;
  const bad = rows.findIndex((row) => row.length !== width);
  if (bad >= 0) throw new LossLensError(`row ${bad + 1} has ${rows[bad].length} numbers but row 1 has ${width}`, field);
}
