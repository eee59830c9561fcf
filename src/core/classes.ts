import { LossLensError } from './errors';
import { formatShape, type Tensor } from './tensor';

/**
 * How a classification input is laid out: PyTorch puts classes on dimension 1 of a batched input
 * (N, C, d1, …, dk) and on dimension 0 of an unbatched one (C). Element (n, c, r) sits at
 * n·C·inner + c·inner + r, where inner = d1·…·dk (1 for the usual (N, C)).
 */
export interface ClassLayout {
  /** N (1 for an unbatched input). */
  readonly outer: number;
  /** C, the number of classes. */
  readonly classes: number;
  /** d1·…·dk (1 for (N, C) and (C)). */
  readonly inner: number;
  /** The shape of one loss per example: the input's shape without the class dimension. */
  readonly lossShape: readonly number[];
}

export function classLayout(input: Tensor): ClassLayout {
  const shape = input.shape;
  if (shape.length === 0) throw new LossLensError('expected a (C) or (N, C, …) input, got a scalar', 'input');
  if (shape.length === 1) return { outer: 1, classes: shape[0], inner: 1, lossShape: [] };
  let inner = 1;
  for (let d = 2; d < shape.length; d++) inner *= shape[d];
  return { outer: shape[0], classes: shape[1], inner, lossShape: [shape[0], ...shape.slice(2)] };
}

/** Checks `weight` has one entry per class, as PyTorch requires. */
export function checkClassWeight(weight: Tensor | undefined, classes: number): Float64Array | undefined {
  if (weight === undefined) return undefined;
  if (weight.shape.length !== 1 || weight.shape[0] !== classes) {
    throw new LossLensError(
      `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
      'weight',
    );
  }
  return weight.data;
}

/** Checks that a class-index target has the input's shape without the class dimension. */
export function checkIndexTargetShape(input: Tensor, target: Tensor, layout: ClassLayout): void {
  const want = layout.lossShape;
  if (input.shape.length >= 2 && target.shape.length >= 1 && target.shape[0] !== want[0]) {
    throw new LossLensError(
      `Expected input batch_size (${want[0]}) to match target batch_size (${target.shape[0]}).`,
      'target',
    );
  }
  if (target.shape.length !== want.length || target.shape.some((size, i) => size !== want[i])) {
    throw new LossLensError(
      `class-index target of shape ${formatShape(target.shape)} does not fit input of shape ${formatShape(input.shape)}; expected ${formatShape(want)}`,
      'target',
    );
  }
}

/**
 * Reads a class index, checking it as PyTorch does: an integer in [0, C), or `ignore_index`.
 * Returns −1 for an ignored target.
 */
export function classIndex(value: number, classes: number, ignoreIndex: number): number {
  if (value === ignoreIndex) return -1;
  if (!Number.isInteger(value)) throw new LossLensError(`class index ${value} is not an integer`, 'target');
  if (value < 0 || value >= classes) throw new LossLensError(`Target ${value} is out of bounds.`, 'target');
  return value;
}
