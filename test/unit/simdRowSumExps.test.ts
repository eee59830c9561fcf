import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { rowLogSumExps, rowLogSumExpsInScript, TERM_TABLE } from '../../src/core/rowLogSumExps';
import { ROW_SUM_EXPS_WASM } from '../../src/core/rowSumExpsModule';
import { loadSimdRowSumExps } from '../../src/core/simdRowSumExps';

/** Where `a` and `b` differ, element by element (Object.is: NaN equals NaN, −0 differs from +0). */
function firstDifference(a: Float64Array, b: Float64Array): string | undefined {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `[${i}]: ${a[i]} against ${b[i]}`;
  return undefined;
}

/** Asserts that the SIMD path and the JavaScript loop give the same bits for every row. */
function assertSameBits(x: Float64Array, rows: number, classes: number, what: string): void {
  const simd = rowLogSumExps(x, rows, classes);
  const script = rowLogSumExpsInScript(x, rows, classes);
  const max = firstDifference(simd.max, script.max);
  const logTotal = firstDifference(simd.logTotal, script.logTotal);
  assert.equal(max, undefined, `${what}: max differs at ${max}`);
  assert.equal(logTotal, undefined, `${what}: log Σ exp differs at ${logTotal}`);
}

function normalLogits(rows: number, classes: number, scale: number, seed: number): Float64Array {
  let state = seed;
  const random = (): number => ((state = (state * 1103515245 + 12345) >>> 0) + 0.5) / 2 ** 32;
  return Float64Array.from({ length: rows * classes }, () => scale * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random()));
}

describe('rowLogSumExps with WebAssembly SIMD (rowSumExps.wat)', () => {
  it('is the module assembled from rowSumExps.wat as committed', () => {
    // Throws (exit status 1, naming the stale file) if rowSumExpsModule.ts is not rowSumExps.wat's.
    execFileSync(process.execPath, ['scripts/wasm.mjs', '--check'], { stdio: 'pipe' });
    assert.deepEqual(Array.from(ROW_SUM_EXPS_WASM.subarray(0, 4)), [0, 0x61, 0x73, 0x6d]); // \0asm
  });

  it('runs in node (WebAssembly SIMD is there, so the tests below compare two paths)', () => {
    assert.equal(typeof loadSimdRowSumExps(TERM_TABLE)?.sums, 'function');
  });

  it('gives the JavaScript loop\'s results bit for bit on logits of every width (and leaves rows too long for its memory to that loop)', () => {
    for (const classes of [1, 2, 3, 4, 5, 7, 10, 100, 999, 1000, 1001, 8191, 8192, 8193, 20000, 131_000, 200_000]) {
      const rows = Math.max(1, Math.min(37, Math.floor(200_000 / classes)));
      for (const scale of [0.01, 3, 60]) assertSameBits(normalLogits(rows, classes, scale, classes), rows, classes, `${rows} × ${classes}, scale ${scale}`);
    }
  });

  it('gives them on the edge cases too: masks, NaN, ±∞, ±1e300, ±0, subnormals, a spread of exactly 700', () => {
    const rows: number[][] = [
      [0, -Infinity, 1, -Infinity],
      [-Infinity, -Infinity, -Infinity],
      [NaN, 1, 2],
      [1, 2, NaN],
      [NaN, NaN, NaN, NaN],
      [Infinity, 0, 1],
      [Infinity, Infinity],
      [1e300, -1e300, 0],
      [1e300, 1e300, 1e300],
      [-0, 0, -1],
      [0, -0, -1, 0],
      [-0, -0, -0],
      [5e-324, -5e-324, 0],
      [0, -700, -350],
      [0, -700.0000000000001, -1],
      [-700, 0, -699.9999999999999],
      [3, 3, 3, 3, 3],
      [-1e-300],
    ];
    for (const row of rows) {
      const x = Float64Array.from(row);
      assertSameBits(x, 1, row.length, `[${row.join(', ')}]`);
      // The same row among ordinary ones, at an odd offset (unaligned SIMD loads).
      const padded = Float64Array.from([...row.map((v, i) => i / 10), ...row, ...row.map((v, i) => -i)]);
      assertSameBits(padded, 3, row.length, `[${row.join(', ')}] in a batch`);
    }
  });

  it('gives them on arbitrary doubles (fast-check)', () => {
    const shape = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }));
    fc.assert(
      fc.property(
        shape.chain(([rows, classes]) =>
          fc.tuple(fc.constant(rows), fc.constant(classes), fc.array(fc.oneof(fc.double(), fc.double({ min: -800, max: 800 })), { minLength: rows * classes, maxLength: rows * classes })),
        ),
        ([rows, classes, values]) => assertSameBits(Float64Array.from(values), rows, classes, JSON.stringify(values)),
      ),
      { numRuns: 2000 },
    );
  });

  it('takes a block boundary in its stride: batches longer than one copy-in read every row', () => {
    const classes = 3;
    const rows = 10_000; // 30 000 doubles: four blocks of 8190 and a part
    const x = normalLogits(rows, classes, 2, 7);
    x[8190 * 1 + 1] = -Infinity; // a masked class in the first row of the second block
    x[3 * 2730 - 1] = NaN; // the last row of the first block
    assertSameBits(x, rows, classes, 'across blocks');
  });
});
