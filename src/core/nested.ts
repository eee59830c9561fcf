import { LossLensError } from './errors';
import type { Tensor } from './tensor';

/**
 * Converts between tensors and the nested arrays of JSON (`[[1, 2], [3, 4]]`, a bare number for a
 * scalar). Ragged rows and non-numbers are errors naming the field and the position.
 */
export function fromNested(value: unknown, field: string): Tensor {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  let total = 1;
  for (const size of shape) total *= size;
  const data = new Float64Array(total);
  let next = 0;
  const visit = (item: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof item !== 'number') {
        throw new LossLensError(`expected a number at ${path || 'the top'}, got ${describe(item)}`, field);
      }
      data[next++] = item;
      return;
    }
    if (!Array.isArray(item) || item.length !== shape[depth]) {
      throw new LossLensError(
        `ragged array: expected ${shape[depth]} entries at ${path || 'the top'}, got ${describe(item)}`,
        field,
      );
    }
    for (let i = 0; i < item.length; i++) visit(item[i], depth + 1, `${path}[${i}]`);
  };
  visit(value, 0, '');
  return { data, shape };
}

function describe(item: unknown): string {
  if (Array.isArray(item)) return `an array of ${item.length}`;
  if (item === null) return 'null';
  return typeof item === 'string' ? `the string ${JSON.stringify(item)}` : typeof item;
}

/** The tensor as nested arrays (a bare number for a scalar). */
export function toNested(t: Tensor): unknown {
  if (t.shape.length === 0) return t.data[0];
  const build = (depth: number, offset: number, stride: number): unknown => {
    const size = t.shape[depth];
    const inner = stride / size;
    if (depth === t.shape.length - 1) return Array.from(t.data.subarray(offset, offset + size));
    return Array.from({ length: size }, (_, i) => build(depth + 1, offset + i * inner, inner));
  };
  return build(0, 0, t.data.length);
}
