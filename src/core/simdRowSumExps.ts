/*
 * The WebAssembly SIMD form of rowLogSumExps's loop (rowSumExps.wat, assembled into
 * rowSumExpsModule.ts), and the copying around it: WebAssembly reads only its own memory, so rows
 * are copied in a block at a time (64 KB, which stays in the L2 cache between the copy and the pass
 * over it) and the results copied out. Its results are those of the JavaScript loop bit for
 * bit; it is about 1.5 times as fast (see rowSumExps.wat for why).
 */
import { instantiate } from './wasm';
import { ROW_SUM_EXPS_WASM } from './rowSumExpsModule';

/**
 * Fills max[n] and total[n] for n < rows (total[n] −1 where the row needs Math.exp, see the .wat)
 * and returns true; returns false, filling nothing, for rows longer than the module's memory holds.
 */
export type SimdRowSumExps = (x: Float64Array, rows: number, classes: number, max: Float64Array, total: Float64Array) => boolean;

/** Doubles copied in at a time (at least one row). */
const BLOCK_DOUBLES = 8192;

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
  const heap = new Float64Array(memory.buffer);
  heap.set(table);

  return (x, rows, classes, max, total) => {
    const perBlock = Math.max(1, Math.floor(BLOCK_DOUBLES / classes));
    // [table | results: 2 doubles a row | rows], every part 16-byte aligned
    const outAt = tableBytes;
    const rowsAt = outAt + perBlock * 16;
    if (rowsAt + perBlock * classes * 8 > heap.byteLength) return false;
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
    return true;
  };
}
