import type { LogHeader, LogRecord } from './record';
import { readRecordFields, type Numbers } from './recordFields';

/**
 * The fast path for a record line: its fields read from the bytes (recordFields.ts) and checked
 * here exactly as `parseRecord` checks them. Returns the same `LogRecord` as
 * `parseRecord(parsePythonJson(text), header, classes)`, every float bit for bit, or `undefined`
 * for any line it does not fully handle or that breaks a rule: a header, strings with escapes, an
 * invalid record. The caller then takes the generic path, which reports the exact error.
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

  let nonfinite = 0;
  const data = outputs.data;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (Number.isFinite(x)) {
      if (kind === 'probs' && !(x >= 0 && x <= 1)) return undefined;
      if (kind === 'log_probs' && x > 0) return undefined;
    } else if (!(x === -Infinity && kind !== 'probs')) {
      nonfinite++;
    }
  }
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
    outputs: data.slice(),
    targets: targets.data.slice(),
    softTargets: soft,
    nonfinite,
    loss: fields.loss,
    time: fields.time,
    epoch: fields.epoch,
    ids: fields.ids,
  };
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
