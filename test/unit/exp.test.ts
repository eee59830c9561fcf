import * as assert from 'node:assert/strict';
import { EXP_KERNEL_LIMIT, expKernel } from '../../src/core/exp';
import { logSumExp, rowLogSumExps, rowMax, sumExpShifted } from '../../src/core/softmax';

/** Distance in units in the last place between two positive doubles. */
function ulps(a: number, b: number): number {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('expKernel, the table-based exp of the log-sum-exp loops', () => {
  it('is within one ulp of Math.exp over its whole range (both are within an ulp of e^d)', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const d = (random() * 2 - 1) * (i % 2 === 0 ? EXP_KERNEL_LIMIT : 5);
      worst = Math.max(worst, ulps(expKernel(d), Math.exp(d)));
    }
    assert.ok(worst <= 1, `worst difference ${worst} ulp`);
  });

  it('is exact where e^d is: e^0 = 1, and NaN stays NaN', () => {
    assert.equal(expKernel(0), 1);
    assert.ok(Number.isNaN(expKernel(NaN)));
    assert.ok(ulps(expKernel(1), Math.E) <= 1);
  });

  it('row log-sum-exps of a batch equal the row-by-row result, masked and huge rows included', () => {
    const rows = 6;
    const classes = 5;
    const x = Float64Array.from({ length: rows * classes }, (_, i) => Math.sin(i * 7.3) * 30);
    x[7] = -Infinity; // a masked class
    x.fill(1e300, 10, 11); // a huge logit
    x.fill(-Infinity, 15, 20); // a row of nothing but masked classes
    const batch = rowLogSumExps(x, rows, classes);
    for (let r = 0; r < rows; r++) {
      const start = r * classes;
      const max = rowMax(x, start, classes, 1);
      const expected = max + Math.log(sumExpShifted(x, start, classes, 1, max));
      const got = batch.max[r] + batch.logTotal[r];
      if (Number.isNaN(expected)) assert.ok(Number.isNaN(got), `row ${r}`);
      else assert.equal(got, expected, `row ${r}`);
      if (Number.isFinite(expected)) assert.ok(Math.abs(logSumExp(x, start, classes) - expected) <= 1e-12 * Math.abs(expected) + 1e-15);
    }
  });
});
