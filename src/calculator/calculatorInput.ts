import type { CalculatorField, CalculatorFields, CalculatorKind, CalculatorReduction, FieldError } from '../calculatorProtocol';
import { LossLensError } from '../core';
import { parseNumberList, parseNumberRows, parseScalar } from './numberText';

/** A softmax head's batch, checked: N rows of C outputs and a target per row. */
export interface MulticlassInput {
  task: 'multiclass';
  kind: CalculatorKind;
  outputs: number[][];
  /** Class indices (one per row), or a probability row per row. */
  target: { indices: number[] } | { rows: number[][] };
  weight?: number[];
  labelSmoothing: number;
  ignoreIndex: number;
  reduction: CalculatorReduction;
}

/** A sigmoid head's batch: N rows of C neurons and a 0/1 (or soft) target per neuron. */
export interface MultilabelInput {
  task: 'multilabel';
  kind: 'logits' | 'probs';
  outputs: number[][];
  targets: number[][];
  weight?: number[];
  posWeight?: number[];
  reduction: CalculatorReduction;
}

export type CalculatorInput = MulticlassInput | MultilabelInput;

/** How far a row of probabilities may stray from summing to 1 (typed-in decimals, float32 dumps). */
const NORMALISED = 1e-6;

/**
 * Reads the form into a batch the core can compute, or says what is wrong with each field.
 * Every field is read even after one fails, so the user sees all their mistakes at once, and a
 * field that depends on another (the target on the outputs) is only checked once that one reads.
 */
export function readCalculatorInput(fields: CalculatorFields): { input?: CalculatorInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const attempt = <T>(field: CalculatorField, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof LossLensError)) throw error;
      errors.push({ field, message: error.message });
      return undefined;
    }
  };
  const optionalList = (field: 'weight' | 'pos_weight'): number[] | undefined =>
    fields[field].trim() === '' ? undefined : attempt(field, () => parseNumberList(fields[field], field));

  const outputs = attempt('outputs', () => readOutputs(fields));
  const weight = optionalList('weight');
  const classes = outputs?.[0].length;
  if (weight && classes !== undefined && weight.length !== classes) {
    errors.push({ field: 'weight', message: `has ${weight.length} numbers but there are ${classes} ${fields.task === 'multiclass' ? 'classes' : 'neurons'}: give one per ${fields.task === 'multiclass' ? 'class' : 'neuron'}` });
  }
  if (fields.task === 'multiclass') {
    const labelSmoothing = fields.label_smoothing.trim() === '' ? 0 : attempt('label_smoothing', () => readSmoothing(fields.label_smoothing));
    const ignoreIndex = fields.ignore_index.trim() === '' ? -100 : attempt('ignore_index', () => readIgnoreIndex(fields.ignore_index));
    const target = outputs && ignoreIndex !== undefined ? attempt('target', () => readMulticlassTarget(fields.target, outputs, ignoreIndex)) : undefined;
    if (!outputs || !target || labelSmoothing === undefined || ignoreIndex === undefined || errors.length > 0) return { errors };
    return { input: { task: 'multiclass', kind: fields.kind, outputs, target, weight, labelSmoothing, ignoreIndex, reduction: fields.reduction }, errors };
  }
  const posWeight = optionalList('pos_weight');
  if (posWeight && classes !== undefined && posWeight.length !== classes) {
    errors.push({ field: 'pos_weight', message: `has ${posWeight.length} numbers but there are ${classes} neurons: give one per neuron` });
  }
  if (posWeight && fields.kind === 'probs') errors.push({ field: 'pos_weight', message: 'needs logits: F.binary_cross_entropy (on probabilities) has no pos_weight' });
  const targets = outputs ? attempt('target', () => readMultilabelTargets(fields.target, outputs)) : undefined;
  if (!outputs || !targets || errors.length > 0 || fields.kind === 'log_probs') return { errors };
  return { input: { task: 'multilabel', kind: fields.kind, outputs, targets, weight, posWeight, reduction: fields.reduction }, errors };
}

function readOutputs(fields: CalculatorFields): number[][] {
  if (fields.task === 'multilabel' && fields.kind === 'log_probs') {
    throw new LossLensError('a sigmoid head has no log-probabilities to enter: choose logits or probabilities');
  }
  const { rows } = parseNumberRows(fields.outputs, 'outputs');
  rows.forEach((row, r) => {
    const at = rows.length > 1 ? ` in row ${r + 1}` : '';
    if (fields.kind === 'probs') {
      row.forEach((v, c) => {
        if (!(v >= 0 && v <= 1)) throw new LossLensError(`entry ${c}${at} is ${v}, not a probability in [0, 1]`);
      });
    }
    if (fields.task !== 'multiclass') return;
    if (fields.kind === 'logits' && row.some((v) => Number.isNaN(v) || v === Infinity)) {
      throw new LossLensError(`row${at} has NaN or +Infinity: every loss would be NaN`);
    }
    if (fields.kind === 'probs') {
      const total = row.reduce((a, b) => a + b, 0);
      if (Math.abs(total - 1) > NORMALISED) throw new LossLensError(`sum${at} to ${round(total)}, not 1: softmax outputs sum to 1 (enter logits if these are scores)`);
    }
    if (fields.kind === 'log_probs') {
      const total = row.reduce((a, b) => a + Math.exp(b), 0);
      if (Math.abs(total - 1) > NORMALISED) throw new LossLensError(`have exponentials${at} summing to ${round(total)}, not 1: these are not log_softmax outputs (enter logits if they are scores)`);
    }
  });
  return rows;
}

function readSmoothing(text: string): number {
  const value = parseScalar(text, 'label_smoothing');
  if (!(value >= 0 && value <= 1)) throw new LossLensError(`is ${value}; PyTorch needs 0 <= label_smoothing <= 1`);
  return value;
}

function readIgnoreIndex(text: string): number {
  const value = parseScalar(text, 'ignore_index');
  if (!Number.isInteger(value)) throw new LossLensError(`is ${value}, not an integer`);
  return value;
}

function readMulticlassTarget(text: string, outputs: number[][], ignoreIndex: number): MulticlassInput['target'] {
  const n = outputs.length;
  const classes = outputs[0].length;
  if (text.trim() === '') throw new LossLensError(`is empty: enter a class index (0 to ${classes - 1})${classes > 1 ? ' or a probability per class' : ''}`);
  const { rows, nested } = parseNumberRows(text, 'target');
  // N numbers on one line are class indices, one per example; distributions come a row per example.
  if (!nested && rows[0].length === n) {
    rows[0].forEach((index, r) => {
      if (index === ignoreIndex) return;
      const which = n > 1 ? `target ${r + 1} ` : '';
      if (!Number.isInteger(index)) throw new LossLensError(`${which}is ${index}: a class index is a whole number`);
      if (index < 0 || index >= classes) throw new LossLensError(`${which}is class ${index}, out of range for ${classes} classes (0 to ${classes - 1})`);
    });
    return { indices: rows[0] };
  }
  if (rows.length !== n || rows[0].length !== classes) {
    throw new LossLensError(
      n === 1
        ? `has ${rows[0].length} numbers: give one class index, or ${classes} probabilities (one per class)`
        : `has ${rows.length} row(s) of ${rows[0].length}: give ${n} class indices, or ${n} rows of ${classes} probabilities`,
    );
  }
  rows.forEach((row, r) => {
    const at = n > 1 ? ` in row ${r + 1}` : '';
    row.forEach((p, c) => {
      if (!(p >= 0 && p <= 1)) throw new LossLensError(`entry ${c}${at} is ${p}, not a probability in [0, 1]`);
    });
    const total = row.reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > NORMALISED) throw new LossLensError(`sums${at} to ${round(total)}; a target distribution sums to 1`);
  });
  return { rows };
}

function readMultilabelTargets(text: string, outputs: number[][]): number[][] {
  const n = outputs.length;
  const neurons = outputs[0].length;
  if (text.trim() === '') throw new LossLensError(`is empty: enter one 0/1 target per neuron (${neurons})`);
  const { rows } = parseNumberRows(text, 'target');
  if (rows.length !== n || rows[0].length !== neurons) {
    throw new LossLensError(`has ${rows.length} row(s) of ${rows[0].length} but the outputs are ${n} row(s) of ${neurons}: give one target per neuron`);
  }
  rows.forEach((row, r) =>
    row.forEach((y, c) => {
      if (!(y >= 0 && y <= 1)) throw new LossLensError(`entry ${c}${n > 1 ? ` in row ${r + 1}` : ''} is ${y}; a target is 0, 1, or a probability between`);
    }),
  );
  return rows;
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}
