import { LossLensError } from './errors';

/**
 * A dense row-major array of float64 with a shape, like a contiguous PyTorch tensor.
 * A shape of `[]` is a scalar holding one element.
 */
export interface Tensor {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** Builds a tensor, checking that the shape accounts for every element. */
export function tensor(data: Float64Array | readonly number[], shape: readonly number[]): Tensor {
  const array = data instanceof Float64Array ? data : Float64Array.from(data);
  if (numel(shape) !== array.length) {
    throw new LossLensError(`shape [${shape.join(', ')}] does not hold ${array.length} elements`);
  }
  return { data: array, shape: [...shape] };
}

/** Number of elements a shape holds (1 for a scalar). */
export function numel(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) count *= size;
  return count;
}

/** `(2, 3)` as PyTorch prints a size in its messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((size, i) => size === b[i]);
}

/** A tensor of the same shape whose elements are `map(x)`. */
export function mapElements(input: Tensor, map: (x: number) => number): Tensor {
  const out = new Float64Array(input.data.length);
  for (let i = 0; i < out.length; i++) out[i] = map(input.data[i]);
  return { data: out, shape: input.shape };
}

/**
 * Expands `t` to `shape` by PyTorch's broadcasting rules (sizes aligned on the right; a size of
 * 1 or a missing dimension repeats), materialising the result so that loops can index it flat.
 */
export function broadcastTo(t: Tensor, shape: readonly number[], field: string): Float64Array {
  if (sameShape(t.shape, shape)) return t.data;
  const rank = shape.length;
  const offset = rank - t.shape.length;
  const fits = offset >= 0 && t.shape.every((size, i) => size === 1 || size === shape[offset + i]);
  if (!fits) {
    throw new LossLensError(
      `shape ${formatShape(t.shape)} cannot be broadcast to the input's shape ${formatShape(shape)}`,
      field,
    );
  }
  // Stride of each output dimension inside `t` (0 where `t` repeats along it).
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = t.shape.length - 1; i >= 0; i--) {
    strides[offset + i] = t.shape[i] === 1 ? 0 : stride;
    stride *= t.shape[i];
  }
  const out = new Float64Array(numel(shape));
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = t.data[source];
    // Odometer increment over the output index, moving `source` by the matching strides.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++;
      source += strides[d];
      if (index[d] < shape[d]) break;
      source -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}
