import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, logSoftmax, sigmoidOf, type Tensor } from '../core';
import type { LogRecord, LossOptions } from '../log/record';
import type { ExampleDetail } from '../protocol';

/**
 * One record's examples worked out class by class, for the step inspector: the predicted
 * distribution, the target, and each class's (or neuron's) share of the example's loss. The loss is
 * the core's `reduction="none"` value, so the shares add up to exactly what PyTorch reports.
 */
export function exampleDetails(record: LogRecord, options: LossOptions): ExampleDetail[] {
  return record.task === 'multiclass' ? multiclassExamples(record, options) : multilabelExamples(record, options);
}

function multiclassExamples(record: LogRecord, options: LossOptions): ExampleDetail[] {
  const { rows, classes } = record;
  const input: Tensor = { data: record.kind === 'probs' ? record.outputs.map(Math.log) : record.outputs, shape: [rows, classes] };
  const target: Tensor = { data: record.targets, shape: record.softTargets ? [rows, classes] : [rows] };
  const weight = options.weight ? { data: options.weight, shape: [classes] } : undefined;
  const losses = (crossEntropy(input, target, { weight, ignore_index: options.ignore_index, label_smoothing: options.label_smoothing, reduction: 'none' }) as Tensor).data;
  const logQ = logSoftmax(input).data;
  const epsilon = options.label_smoothing;
  const out: ExampleDetail[] = [];
  for (let r = 0; r < rows; r++) {
    const index = record.softTargets ? undefined : record.targets[r];
    if (index === options.ignore_index) continue;
    const row = logQ.subarray(r * classes, (r + 1) * classes);
    const given = Array.from({ length: classes }, (_, c) => (record.softTargets ? record.targets[r * classes + c] : c === index ? 1 : 0));
    const p = given.map((g) => g * (1 - epsilon) + epsilon / classes);
    out.push({
      row: r,
      id: record.ids?.[r],
      predicted: Array.from(row, Math.exp),
      target: p,
      // −w_c p_c log q_c; with 0 · log 0 = 0 so a masked class with no target mass costs nothing.
      terms: p.map((pc, c) => (pc === 0 ? 0 : -(options.weight ? options.weight[c] : 1) * pc * row[c])),
      loss: losses[r],
      targetClass: index,
    });
  }
  return out;
}

function multilabelExamples(record: LogRecord, options: LossOptions): ExampleDetail[] {
  const { rows, classes } = record;
  const input: Tensor = { data: record.outputs, shape: [rows, classes] };
  const target: Tensor = { data: record.targets, shape: [rows, classes] };
  const weight = options.weight ? { data: options.weight, shape: [classes] } : undefined;
  const terms =
    record.kind === 'logits'
      ? (binaryCrossEntropyWithLogits(input, target, { weight, pos_weight: options.pos_weight ? { data: options.pos_weight, shape: [classes] } : undefined, reduction: 'none' }) as Tensor).data
      : (binaryCrossEntropy(input, target, { weight, reduction: 'none' }) as Tensor).data;
  return Array.from({ length: rows }, (_, r) => {
    const span = (data: Float64Array): number[] => Array.from(data.subarray(r * classes, (r + 1) * classes));
    const neuronTerms = span(terms);
    return {
      row: r,
      id: record.ids?.[r],
      predicted: record.kind === 'logits' ? span(record.outputs).map(sigmoidOf) : span(record.outputs),
      target: span(record.targets),
      terms: neuronTerms,
      // Sigmoid cross-entropy of one example: the sum of its neurons' two-class cross-entropies.
      loss: neuronTerms.reduce((a, b) => a + b, 0),
    };
  });
}
