import { LossLensError } from '../core';

/**
 * The Loss Lens log format, version 1 (docs/log-format.md): a header line and records, each
 * checked here so that everything past this module can trust its shapes and ranges.
 */

export type Task = 'multiclass' | 'multilabel';
export type OutputKind = 'logits' | 'probs' | 'log_probs';

/** Loss options, named as in PyTorch. */
export interface LossOptions {
  readonly weight?: Float64Array;
  readonly pos_weight?: Float64Array;
  readonly ignore_index: number;
  readonly label_smoothing: number;
}

export interface LogHeader {
  readonly task: Task;
  readonly classes?: readonly string[];
  readonly loss: LossOptions;
}

export const DEFAULT_HEADER: LogHeader = { task: 'multiclass', loss: { ignore_index: -100, label_smoothing: 0 } };

/** A checked record: N rows of C outputs, row-major, and their targets. */
export interface LogRecord {
  readonly step: number;
  readonly split: string;
  readonly task: Task;
  readonly kind: OutputKind;
  readonly rows: number;
  readonly classes: number;
  /** N × C outputs. */
  readonly outputs: Float64Array;
  /** Multiclass: N class indices, or N × C probabilities when `softTargets`. Multilabel: N × C. */
  readonly targets: Float64Array;
  readonly softTargets: boolean;
  /** NaN and ±∞ outputs, except −∞ logits and log-probabilities (masked classes). */
  readonly nonfinite: number;
  readonly loss?: number;
  readonly time?: number;
  readonly epoch?: number;
  readonly ids?: readonly (string | number)[];
}

const OUTPUT_KINDS: readonly OutputKind[] = ['logits', 'probs', 'log_probs'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own fields only: a record's `__proto__` or `constructor` key is data, never a prototype's. */
function field(object: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, name) ? object[name] : undefined;
}

/** True when the parsed line is a header (it says `"format": "loss-lens"`). */
export function isHeader(value: unknown): boolean {
  return isObject(value) && field(value, 'format') === 'loss-lens';
}

export function parseHeader(value: Record<string, unknown>): LogHeader {
  const version = field(value, 'version');
  if (version !== 1) throw new LossLensError(`version ${JSON.stringify(version)} is not supported; this reader knows version 1`, 'version');
  const task = parseTask(field(value, 'task'), 'task') ?? 'multiclass';
  const names = field(value, 'classes');
  let classes: string[] | undefined;
  if (names !== undefined) {
    if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === 'string')) {
      throw new LossLensError('expected a non-empty list of class names (strings)', 'classes');
    }
    classes = names as string[];
  }
  const loss = parseLossOptions(field(value, 'loss'), task, classes?.length);
  return { task, classes, loss };
}

function parseTask(value: unknown, name: string): Task | undefined {
  if (value === undefined) return undefined;
  if (value === 'multiclass' || value === 'multilabel') return value;
  throw new LossLensError(`expected "multiclass" or "multilabel", got ${JSON.stringify(value)}`, name);
}

function parseLossOptions(value: unknown, task: Task, classes: number | undefined): LossOptions {
  if (value === undefined || value === null) return DEFAULT_HEADER.loss;
  if (!isObject(value)) throw new LossLensError('expected an object of PyTorch loss options', 'loss');
  const known = task === 'multiclass' ? ['weight', 'ignore_index', 'label_smoothing'] : ['weight', 'pos_weight'];
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new LossLensError(`${JSON.stringify(key)} is not a ${task} loss option; expected ${known.join(', ')}`, 'loss');
  }
  const vector = (name: string): Float64Array | undefined => {
    const v = field(value, name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new LossLensError('expected a list of finite numbers', `loss.${name}`);
    }
    if (classes !== undefined && v.length !== classes) {
      throw new LossLensError(`has ${v.length} entries for ${classes} classes`, `loss.${name}`);
    }
    return Float64Array.from(v as number[]);
  };
  const ignoreIndex = field(value, 'ignore_index') ?? -100;
  if (!Number.isInteger(ignoreIndex)) throw new LossLensError('expected an integer', 'loss.ignore_index');
  const smoothing = field(value, 'label_smoothing') ?? 0;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing <= 1)) {
    throw new LossLensError('expected a number between 0 and 1', 'loss.label_smoothing');
  }
  return { weight: vector('weight'), pos_weight: vector('pos_weight'), ignore_index: ignoreIndex as number, label_smoothing: smoothing };
}

/**
 * Checks a parsed record against the header. `classes` is C when already known (from the header
 * or an earlier record); the record must then have C columns.
 */
export function parseRecord(value: Record<string, unknown>, header: LogHeader, classes: number | undefined): LogRecord {
  const step = field(value, 'step');
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) {
    throw new LossLensError(`expected a non-negative integer, got ${JSON.stringify(step)}`, 'step');
  }
  const task = parseTask(field(value, 'task'), 'task') ?? header.task;
  const present = OUTPUT_KINDS.filter((kind) => field(value, kind) !== undefined);
  if (present.length !== 1) {
    throw new LossLensError(
      present.length === 0 ? 'a record needs one of "logits", "probs", "log_probs"' : `a record has one kind of output, got ${present.join(' and ')}`,
      present.length === 0 ? 'logits' : present[1],
    );
  }
  const kind = present[0];
  if (kind === 'log_probs' && task === 'multilabel') throw new LossLensError('log_probs are for multiclass records; give logits or probs', kind);
  const matrix = readMatrix(field(value, kind), kind, classes ?? header.classes?.length);
  const { rows, columns } = matrix;
  let nonfinite = 0;
  for (const x of matrix.data) {
    if (Number.isFinite(x)) {
      if (kind === 'probs' && !(x >= 0 && x <= 1)) throw new LossLensError(`${x} is not a probability in [0, 1]`, kind);
      if (kind === 'log_probs' && x > 0) throw new LossLensError(`${x} is not a log-probability (it must be <= 0)`, kind);
    } else if (!(x === -Infinity && kind !== 'probs')) {
      nonfinite++;
    }
  }
  const targets = readTargets(field(value, 'targets'), task, rows, columns, header.loss.ignore_index);
  const split = field(value, 'split') ?? 'train';
  if (typeof split !== 'string' || split === '') throw new LossLensError(`expected a name such as "train", got ${JSON.stringify(split)}`, 'split');
  const ids = field(value, 'ids');
  if (ids !== undefined && (!Array.isArray(ids) || ids.length !== rows || !ids.every((id) => typeof id === 'string' || typeof id === 'number'))) {
    throw new LossLensError(`expected ${rows} identifiers (strings or numbers), one per row`, 'ids');
  }
  return {
    step,
    split,
    task,
    kind,
    rows,
    classes: columns,
    outputs: matrix.data,
    targets: targets.data,
    softTargets: targets.soft,
    nonfinite,
    loss: optionalNumber(value, 'loss'),
    time: optionalNumber(value, 'time'),
    epoch: optionalNumber(value, 'epoch'),
    ids: ids as (string | number)[] | undefined,
  };
}

function optionalNumber(value: Record<string, unknown>, name: string): number | undefined {
  const x = field(value, name);
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'number') throw new LossLensError(`expected a number, got ${JSON.stringify(x)}`, name);
  return x;
}

interface Matrix {
  rows: number;
  columns: number;
  data: Float64Array;
}

/** N rows of C numbers, or one row of C numbers (a single example). */
function readMatrix(value: unknown, name: string, columns: number | undefined): Matrix {
  if (!Array.isArray(value) || value.length === 0) throw new LossLensError('expected rows of numbers (or one row)', name);
  const nested = Array.isArray(value[0]);
  const rowList = (nested ? value : [value]) as unknown[];
  const width = columns ?? (rowList[0] as unknown[]).length;
  if (width === 0) throw new LossLensError('a row needs at least one class', name);
  const data = new Float64Array(rowList.length * width);
  rowList.forEach((row, r) => {
    if (!Array.isArray(row)) throw new LossLensError(`row ${r} is not a list of numbers`, name);
    if (row.length !== width) {
      throw new LossLensError(`row ${r} has ${row.length} entries, expected ${width}${columns !== undefined ? ' (the number of classes)' : ' like row 0'}`, name);
    }
    for (let c = 0; c < width; c++) {
      const x = row[c];
      if (typeof x !== 'number') throw new LossLensError(`row ${r}, entry ${c} is ${JSON.stringify(x)}, not a number`, name);
      data[r * width + c] = x;
    }
  });
  return { rows: rowList.length, columns: width, data };
}

function readTargets(value: unknown, task: Task, rows: number, columns: number, ignoreIndex: number): { data: Float64Array; soft: boolean } {
  if (value === undefined) throw new LossLensError('missing: a record needs the targets of its rows', 'targets');
  if (task === 'multilabel') {
    const matrix = readMatrix(value, 'targets', columns);
    if (matrix.rows !== rows) throw new LossLensError(`has ${matrix.rows} rows for ${rows} rows of outputs`, 'targets');
    checkUnitInterval(matrix.data, columns);
    return { data: matrix.data, soft: true };
  }
  // Multiclass: class indices (one per row; a bare number for a single row) or probability rows.
  const soft = Array.isArray(value) && (Array.isArray(value[0]) || (rows === 1 && columns > 1 && value.length === columns));
  if (soft) {
    const matrix = readMatrix(value, 'targets', columns);
    if (matrix.rows !== rows) throw new LossLensError(`has ${matrix.rows} rows for ${rows} rows of outputs`, 'targets');
    checkUnitInterval(matrix.data, columns);
    return { data: matrix.data, soft: true };
  }
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list) || list.length !== rows) {
    throw new LossLensError(`expected ${rows} class indices (one per row) or ${rows} rows of ${columns} probabilities`, 'targets');
  }
  const data = new Float64Array(rows);
  list.forEach((t, r) => {
    if (typeof t !== 'number' || !Number.isInteger(t)) throw new LossLensError(`row ${r}: ${JSON.stringify(t)} is not a class index`, 'targets');
    if (t !== ignoreIndex && (t < 0 || t >= columns)) {
      throw new LossLensError(`row ${r}: class ${t} is out of range for ${columns} classes (0 to ${columns - 1})`, 'targets');
    }
    data[r] = t;
  });
  return { data, soft: false };
}

function checkUnitInterval(data: Float64Array, columns: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] <= 1)) {
      throw new LossLensError(`row ${Math.floor(i / columns)}, entry ${i % columns} is ${data[i]}, not a probability in [0, 1]`, 'targets');
    }
  }
}
