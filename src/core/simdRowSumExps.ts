/*
 * The WebAssembly SIMD form of rowLogSumExps's loop (rowSumExps.wat, assembled into
 * rowSumExpsModule.ts), and the copying around it: WebAssembly reads only its own memory, so rows
 * are copied in a block at a time (64 KB, which stays in the L2 cache between the copy and the two
 * passes over it) and the results copied out. Its results are those of the JavaScript loop bit for
 * bit; it is about 1.5 times as fast (see rowSumExps.wat for why).
 *
 * WebAssembly is a language global in node and in browsers, not an editor or node API, so the core
 * stays pure. Where it cannot run (an engine without SIMD, a webview whose content security policy
 * forbids compiling it) `loadSimdRowSumExps` returns undefined and rowLogSumExps keeps to
 * JavaScript.
 */
import { ROW_SUM_EXPS_WASM } from './rowSumExpsModule';

/** The part of the WebAssembly API used here (the core's TypeScript library has no DOM or node types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface Memory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Fills max[n] and total[n] for n < rows: total[n] is −1 where the row needs Math.exp (see the .wat). */
export type SimdRowSumExps = (x: Float64Array, rows: number, classes: number, max: Float64Array, total: Float64Array) => void;

const PAGE_BYTES = 65536;
/** Doubles copied in at a time (at least one row). */
const BLOCK_DOUBLES = 8192;
/** Longer rows stay in JavaScript, rather than growing the module's memory (which never shrinks). */
export const SIMD_MAX_CLASSES = 1 << 20;

/**
 * Instantiates rowSumExps.wat with `table` (TERM_TABLE) at byte 0 of its memory; undefined where
 * WebAssembly SIMD is not available.
 */
export function loadSimdRowSumExps(table: Float64Array): SimdRowSumExps | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm) return undefined;
  let exports: Record<string, unknown>;
  try {
    exports = new wasm.Instance(new wasm.Module(ROW_SUM_EXPS_WASM), {}).exports;
  } catch {
    return undefined; // no SIMD in this engine, or compiling is not allowed here
  }
  const memory = exports.memory as Memory;
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
    if (needed > memory.buffer.byteLength) {
      memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE_BYTES));
      heap = new Float64Array(memory.buffer);
    }
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
