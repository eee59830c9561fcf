/*
 * The WebAssembly SIMD form of rowLogSumExps's loop (rowSumExps.wat, assembled into
 * rowSumExpsModule.ts), and the copying around it: WebAssembly reads only its own memory, so rows
 * are copied in a block at a time (64 KB, which stays in the L2 cache between the copy and the two
 * passes over it) and the results copied out. Its results are those of the JavaScript loop bit for
 * bit; it is about 1.5 times as fast (see rowSumExps.wat for why).
 */
import { instantiate, reserve } from './wasm';
import { ROW_SUM_EXPS_WASM } from './rowSumExpsModule';

/** Fills max[n] and total[n] for n < rows: total[n] is −1 where the row needs Math.exp (see the .wat). */
export type SimdRowSumExps = (x: Float64Array, rows: number, classes: number, max: Float64Array, total: Float64Array) => void;

/** Doubles copied in at a time (at least one row). */
const BLOCK_DOUBLES = 8192;
/** Longer rows stay in JavaScript, rather than growing the module's memory (which never shrinks). */
export const SIMD_MAX_CLASSES = 1 << 20;

/**
 * Instantiates rowSumExps.wat with `table` (TERM_TABLE) at byte 0 of its memory; undefined where
 * WebAssembly SIMD is not available.
 */
export function loadSimdRowSumExps(table: Float64Array): SimdRowSumExps | undefined {
  const module = instantiate(ROW_SUM_EXPS_WASM);
  if (!module) return undefined;
  const { memory, exports } = module;
  const rowSumExps = exports.rowSumExps as (src: number, rows: number, classes: number, out: number) => void;
  const tableBytes = table.length * 8;
  new Float64Array(memory.buffer, 0, table.length).set(table);
  let heap = new Float64Array(memory.buffer);

  return (x, rows, classes, max, total) => {
    const perBlock = Math.max(1, Math.floor(BLOCK_DOUBLES / classes));
    // [table | results: 2 doubles a row | rows], every part 16-byte aligned
    const outAt = tableBytes;
    const rowsAt = outAt + perBlock * 16;
    const needed = rowsAt + perBlock * classes * 8;
    if (reserve(memory, needed)) heap = new Float64Array(memory.buffer);
    const out = outAt / 8;
    for (let first = 0; first < rows; first += perBlock) {
      const count = Math.min(perBlock, rows - first);
      heap.set(x.subarray(first * classes, (first + count) * classes), rowsAt / 8);
      rowSumExps(rowsAt, count, classes, outAt);
      for (let j = 0; j < count; j++) {
        max[first + j] = heap[out + 2 * j];
        total[first + j] = heap[out + 2 * j + 1];
      }
    }
  };
}
