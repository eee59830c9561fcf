/*
 * The WebAssembly SIMD form of rowLogSumExps's loop (rowSumExps.wat, assembled into
 * rowSumExpsModule.ts), and the copying around it: WebAssembly reads only its own memory, so rows
 * are copied in a block at a time (64 KB, which stays in the L2 cache between the copy and the
 * passes over it) and the results copied out. Its sums are those of the JavaScript loop bit for
 * bit; it is about 1.5 times as fast (see rowSumExps.wat for why). `figures` goes on from the same
 * block to what softmaxFigures.ts computes.
 */
import { instantiate } from './wasm';
import { ROW_SUM_EXPS_WASM } from './rowSumExpsModule';

export interface SimdRowSumExps {
  /**
   * Fills max[n] and total[n] for n < rows (total[n] −1 where the row needs Math.exp, see the
   * .wat) and returns true; returns false, filling nothing, for rows longer than the memory holds.
   */
  sums(x: Float64Array, rows: number, classes: number, max: Float64Array, total: Float64Array): boolean;
  /**
   * For the rows with counted[n] = 1 that it can take (done[n] set to 1): their log q into `logQ`,
   * q added to `classProbSums`, the entropy and the predicted class. max[n] and total[n] as from
   * `sums`, for every row. Returns false, doing nothing, for rows longer than the memory holds.
   */
  figures(x: Float64Array, rows: number, classes: number, counted: Uint8Array, out: SimdFigures): boolean;
}

export interface SimdFigures {
  readonly max: Float64Array;
  readonly total: Float64Array;
  readonly logQ: Float64Array;
  readonly classProbSums: Float64Array;
  readonly entropy: Float64Array;
  readonly predicted: Int32Array;
  readonly done: Uint8Array;
}

/** Doubles copied in at a time (at least one row). */
const BLOCK_DOUBLES = 8192;

/** Rows per block, and the byte offsets of the parts of the module's memory (see `layout`). */
interface Layout {
  readonly perBlock: number;
  readonly out: number;
  readonly given: number;
  readonly figuresOut: number;
  readonly classSums: number;
  readonly rows: number;
  readonly terms: number;
  readonly logQ: number;
}

/**
 * Instantiates rowSumExps.wat with `table` (TERM_TABLE) at byte 0 of its memory; undefined where
 * WebAssembly SIMD is not available.
 */
export function loadSimdRowSumExps(table: Float64Array): SimdRowSumExps | undefined {
  const module = instantiate(ROW_SUM_EXPS_WASM);
  if (!module) return undefined;
  const { memory, exports } = module;
  const rowSumExps = exports.rowSumExps as (src: number, rows: number, classes: number, out: number, terms: number) => void;
  const predictionSums = exports.predictionSums as (
    src: number,
    rows: number,
    classes: number,
    given: number,
    terms: number,
    logQ: number,
    classSums: number,
    out: number,
  ) => void;
  const heap = new Float64Array(memory.buffer);
  heap.set(table);

  /**
   * Byte offsets, every part 16-byte aligned: [table | per row: sums out (16 bytes), given (32),
   * figures out (16) | per class: sums (8) | rows | their terms | their log q]; undefined if a
   * block does not fit.
   */
  const layout = (classes: number, withFigures: boolean): Layout | undefined => {
    const perBlock = Math.max(1, Math.floor(BLOCK_DOUBLES / classes));
    const blockBytes = perBlock * classes * 8;
    const out = table.length * 8;
    const given = out + perBlock * 16;
    const figuresOut = given + perBlock * 32;
    const classSums = figuresOut + perBlock * 16;
    const rows = classSums + Math.ceil(classes / 2) * 16;
    const terms = rows + blockBytes;
    const logQ = terms + blockBytes;
    const end = withFigures ? logQ + blockBytes : logQ;
    return end > heap.byteLength ? undefined : { perBlock, out, given, figuresOut, classSums, rows, terms, logQ };
  };

  /** Copies rows first … first + count in and sums them, max and total out. */
  const sumBlock = (x: Float64Array, first: number, count: number, classes: number, at: Layout, max: Float64Array, total: Float64Array): void => {
    heap.set(x.subarray(first * classes, (first + count) * classes), at.rows / 8);
    rowSumExps(at.rows, count, classes, at.out, at.terms);
    for (let j = 0; j < count; j++) {
      max[first + j] = heap[at.out / 8 + 2 * j];
      total[first + j] = heap[at.out / 8 + 2 * j + 1];
    }
  };

  return {
    sums(x, rows, classes, max, total) {
      const at = layout(classes, false);
      if (!at) return false;
      for (let first = 0; first < rows; first += at.perBlock) sumBlock(x, first, Math.min(at.perBlock, rows - first), classes, at, max, total);
      return true;
    },
    figures(x, rows, classes, counted, out) {
      const at = layout(classes, true);
      if (!at) return false;
      const classSums = heap.subarray(at.classSums / 8, at.classSums / 8 + classes);
      classSums.fill(0);
      for (let first = 0; first < rows; first += at.perBlock) {
        const count = Math.min(at.perBlock, rows - first);
        sumBlock(x, first, count, classes, at, out.max, out.total);
        for (let j = 0; j < count; j++) {
          const n = first + j;
          const taken = counted[n] === 1 && out.total[n] >= 0 && out.max[n] !== 0;
          const given = at.given / 8 + 4 * j;
          heap[given] = out.max[n];
          heap[given + 1] = taken ? Math.log(out.total[n]) : 0;
          heap[given + 2] = taken ? 1 / out.total[n] : 0; // 0: not taken here
          out.done[n] = taken ? 1 : 0;
        }
        predictionSums(at.rows, count, classes, at.given, at.terms - at.rows, at.logQ - at.rows, at.classSums, at.figuresOut);
        out.logQ.set(heap.subarray(at.logQ / 8, at.logQ / 8 + count * classes), first * classes);
        for (let j = 0; j < count; j++) {
          if (!out.done[first + j]) continue;
          out.entropy[first + j] = heap[at.figuresOut / 8 + 2 * j];
          out.predicted[first + j] = heap[at.figuresOut / 8 + 2 * j + 1];
        }
      }
      for (let c = 0; c < classes; c++) out.classProbSums[c] += classSums[c];
      return true;
    },
  };
}
