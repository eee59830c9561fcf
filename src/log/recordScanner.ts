import type { LogHeader, LogRecord } from './record';
import { readRecordFields, type Numbers } from './recordFields';

/**
 * The fast path for a record line: its fields read from the bytes (recordFields.ts) and checked
 * here exactly as `parseRecord` checks them. Returns the same `LogRecord` as
 * `parseRecord(parsePythonJson(text), header, classes)`, every float bit for bit, or `undefined`
 * for any line it does not fully handle or that breaks a rule: a header, strings with escapes, an
 * invalid record. The caller then takes the generic path, which reports the exact error.
 *
 * The record's `outputs` and `targets` are views of the scanner's own buffers, valid until the
 * next call: a caller that keeps the record copies them. (The run takes each record's sums at
 * once; copying 50 KB per record for it was most of the garbage a large log made.)
 */
export function scanRecord(bytes: Uint8Array, header: LogHeader, classes: number | undefined): LogRecord | undefined {
  const fields = readRecordFields(bytes);
  if (!fields) return undefined;
  const { step, kind, outputs } = fields;
  if (step === undefined || !Number.isInteger(step) || step < 0) return undefined;
  const task = fields.task ?? header.task;
  if (kind === undefined || outputs === undefined) return undefined;
  if (kind === 'log_probs' && task === 'multilabel') return undefined;
  const columns = classes ?? header.classes?.length;
  if (columns !== undefined && outputs.columns !== columns) return undefined;
  const { rows } = outputs;

  const data = outputs.data;
  const nonfinite = kind === 'logits' ? nonfiniteLogits(data) : nonfiniteProbabilities(data, kind === 'probs' ? 0 : -Infinity, kind === 'probs' ? 1 : 0);
  if (nonfinite < 0) return undefined;
  const targets = fields.targets;
  if (targets === undefined) return undefined;
  const soft = task === 'multilabel' || isSoft(targets, rows, outputs.columns);
  if (soft ? !validSoftTargets(targets, rows, outputs.columns) : !validClassIndices(targets, rows, outputs.columns, header.loss.ignore_index)) {
    return undefined;
  }
  const split = fields.split ?? 'train';
  if (split === '') return undefined;
  if (fields.ids !== undefined && fields.ids.length !== rows) return undefined;
  return {
    step,
    split,
    task,
    kind,
    rows,
    classes: outputs.columns,
    outputs: data,
    targets: targets.data,
    softTargets: soft,
    nonfinite,
    loss: fields.loss,
    time: fields.time,
    epoch: fields.epoch,
    ids: fields.ids,
  };
}

/** Non-finite logits (NaN, +∞; −∞ is a masked class, a valid logit): one loop with no other test. */
function nonfiniteLogits(data: Float64Array): number {
  let nonfinite = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (!(x - x === 0) && x !== -Infinity) nonfinite++; // x − x is 0 exactly for finite x
  }
  return nonfinite;
}

/**
 * Non-finite probabilities (NaN, ±∞) or log-probabilities (NaN, +∞; −∞ is log 0), or −1 if a
 * finite one lies outside [low, high]: [0, 1] for probabilities, [−∞, 0] for their logarithms.
 */
function nonfiniteProbabilities(data: Float64Array, low: number, high: number): number {
  let nonfinite = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (x >= low && x <= high) continue;
    if (x - x === 0) return -1;
    if (!(x === -Infinity && low === -Infinity)) nonfinite++;
  }
  return nonfinite;
}

/** Multiclass targets are probability rows when nested, or a single row of C (> 1) values for one row. */
function isSoft(targets: Numbers, rows: number, columns: number): boolean {
  return targets.shape === 'rows' || (targets.shape === 'list' && rows === 1 && columns > 1 && targets.columns === columns);
}

/** Rows of C numbers in [0, 1], one per row of outputs (one list, for a single row). */
function validSoftTargets(targets: Numbers, rows: number, columns: number): boolean {
  if (targets.shape === 'number' || targets.columns !== columns || targets.rows !== rows) return false;
  const data = targets.data;
  for (let i = 0; i < data.length; i++) if (!(data[i] >= 0 && data[i] <= 1)) return false;
  return true;
}

/** One class index per row (a bare number for a single row), in [0, C) or the ignore index. */
function validClassIndices(targets: Numbers, rows: number, columns: number, ignoreIndex: number): boolean {
  if (targets.shape === 'rows' || targets.data.length !== rows) return false;
  const data = targets.data;
  for (let i = 0; i < data.length; i++) {
    const t = data[i];
    if (!Number.isInteger(t)) return false;
    if (t !== ignoreIndex && (t < 0 || t >= columns)) return false;
  }
  return true;
}
