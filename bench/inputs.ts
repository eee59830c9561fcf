import { logSoftmax, mulberry32, softmax, type Tensor } from '../src/core';

/** The benchmark's inputs: one (rows × classes) problem per loss, from a fixed seed. */
export interface BenchInputs {
  readonly rows: number;
  readonly classes: number;
  /** Raw scores, N(0, 3²): the spread of a trained classifier's logits. */
  readonly logits: Tensor;
  /** One class index per row, uniform over the classes, stored as float64 as the core takes it. */
  readonly classTarget: Tensor;
  /** Multilabel 0/1 targets for BCE-with-logits, 30 % positive. */
  readonly bceTarget: Tensor;
  /** log_softmax(logits): the model's log-probabilities, kl_div's input. */
  readonly klInput: Tensor;
  /** softmax of independent N(0, 3²) scores: a reference distribution per row, kl_div's target. */
  readonly klTarget: Tensor;
}

/** Uniform in [0, 1) with 53 random bits. */
function uniform(next: () => number): number {
  return ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/** Standard normal by Box–Muller (one of the pair; speed does not matter here). */
function normal(next: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform(next))) * Math.cos(2 * Math.PI * uniform(next));
}

export function makeInputs(rows: number, classes: number, seed: number): BenchInputs {
  const next = mulberry32(seed);
  const shape = [rows, classes];
  const scores = (): Tensor => ({ data: Float64Array.from({ length: rows * classes }, () => 3 * normal(next)), shape });
  const logits = scores();
  const classTarget = { data: Float64Array.from({ length: rows }, () => Math.floor(uniform(next) * classes)), shape: [rows] };
  const bceTarget = { data: Float64Array.from({ length: rows * classes }, () => (uniform(next) < 0.3 ? 1 : 0)), shape };
  return {
    rows,
    classes,
    logits,
    classTarget,
    bceTarget,
    klInput: logSoftmax(logits),
    klTarget: softmax(scores()),
  };
}
