import * as assert from 'node:assert/strict';
import { Random } from '../../src/core';
import { simdRowSumExps } from '../../src/core/rowLogSumExps';
import { softmaxFiguresWith } from '../../src/core/softmaxFigures';
import { logSoftmax } from '../../src/core/softmax';

/** Both paths on the same logits: the SIMD one (where it takes a row) and JavaScript alone. */
function bothPaths(x: Float64Array, rows: number, classes: number, counted: Uint8Array) {
  const run = (simd: ReturnType<typeof simdRowSumExps>) => {
    const logQ = new Float64Array(rows * classes);
    const classProbSums = new Float64Array(classes);
    const figures = softmaxFiguresWith(simd, x, rows, classes, counted, logQ, classProbSums);
    return { logQ, classProbSums, ...figures };
  };
  return { simd: run(simdRowSumExps()), script: run(undefined) };
}

function close(a: number, b: number, what: string): void {
  assert.ok(Object.is(a, b) || Math.abs(a - b) <= 1e-15 + 1e-13 * Math.abs(b), `${what}: ${a} against ${b}`);
}

function logits(random: Random, rows: number, classes: number, scale: number): Float64Array {
  return Float64Array.from({ length: rows * classes }, () => scale * random.gaussian());
}

describe('softmaxFigures: log q, entropy, predicted class and Σ q per class of a batch', () => {
  it('takes the SIMD path in node', () => {
    assert.ok(simdRowSumExps());
  });

  it('agrees between SIMD and JavaScript to rounding, and log q is log_softmax bit for bit', () => {
    const random = new Random(41);
    for (const [rows, classes] of [[1, 1], [1, 2], [3, 3], [64, 100], [7, 1001], [2, 9000], [5, 40000]]) {
      for (const scale of [0.01, 3, 80]) {
        const x = logits(random, rows, classes, scale);
        if (rows > 2) x[classes + 1] = 0; // a row whose maximum may be 0 (±0 is for JavaScript)
        const counted = Uint8Array.from({ length: rows }, (_, r) => (r % 4 === 3 ? 0 : 1));
        const { simd, script } = bothPaths(x, rows, classes, counted);
        const reference = logSoftmax({ data: x, shape: [rows, classes] }).data;
        for (let r = 0; r < rows; r++) {
          if (!counted[r]) {
            assert.equal(simd.entropy[r], 0);
            continue;
          }
          for (let c = 0; c < classes; c++) assert.ok(Object.is(simd.logQ[r * classes + c], reference[r * classes + c]), `log q [${r}, ${c}]`);
          close(simd.entropy[r], script.entropy[r], `entropy of row ${r}, ${rows} × ${classes}, scale ${scale}`);
          assert.equal(simd.predicted[r], script.predicted[r], `predicted class of row ${r}`);
        }
        for (let c = 0; c < classes; c++) close(simd.classProbSums[c], script.classProbSums[c], `Σ q of class ${c}`);
      }
    }
  });

  it('leaves rows beyond its range to JavaScript: a −∞ mask, a spread of 1e300, ties for the largest', () => {
    const rows = [
      [0, -Infinity, 1, -Infinity],
      [1e300, -1e300, 0],
      [2, 5, 5, 1],
      [5, 2, 5],
      [-3, -3, -3, -3, -3],
      [0, -800, -1],
    ];
    for (const row of rows) {
      const x = Float64Array.from([...row, ...row.map((v) => v / 2)]);
      const { simd, script } = bothPaths(x, 2, row.length, Uint8Array.of(1, 1));
      for (let r = 0; r < 2; r++) {
        close(simd.entropy[r], script.entropy[r], `entropy of [${row}]`);
        assert.equal(simd.predicted[r], script.predicted[r], `predicted of [${row}]`);
      }
      simd.classProbSums.forEach((v, c) => close(v, script.classProbSums[c], `Σ q of class ${c} of [${row}]`));
    }
    // Ties: the first of the largest, in both paths.
    assert.equal(bothPaths(Float64Array.of(2, 5, 5, 1), 1, 4, Uint8Array.of(1)).simd.predicted[0], 1);
    assert.equal(bothPaths(Float64Array.of(1, 5, 2, 5, 5), 1, 5, Uint8Array.of(1)).simd.predicted[0], 1);
    assert.equal(bothPaths(Float64Array.of(5, 1, 2, 4, 5), 1, 5, Uint8Array.of(1)).simd.predicted[0], 0);
  });
});
