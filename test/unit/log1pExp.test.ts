import * as assert from 'node:assert/strict';
import { binaryCrossEntropyWithLogits, logSigmoidOf, softplus } from '../../src/core';
import { EXP_KERNEL_LIMIT, expKernel } from '../../src/core/exp';
import { LOG1P_EXP_TABLE_END, log1pExpNeg } from '../../src/core/log1pExp';
import { log1pExpNegReference, ulpError } from './highPrecision';
import { assertClose } from './tolerance';

/** A fixed pseudo-random sequence in [0, 1). */
function randoms(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

describe('log1pExpNeg, the softplus tail log(1 + e^(−a)) of BCE-with-logits', () => {
  it('is within 0.52 ulp below a = 40 (exact references, 15,000 points)', () => {
    const random = randoms(31);
    let worst = 0;
    let worstAt = 0;
    for (let i = 0; i < 15000; i++) {
      const a = i % 3 === 0 ? random() * LOG1P_EXP_TABLE_END : i % 3 === 1 ? random() * 2 : random() ** 6 * LOG1P_EXP_TABLE_END;
      const error = ulpError(log1pExpNeg(a), log1pExpNegReference(a));
      if (error > worst) [worst, worstAt] = [error, a];
    }
    // Measured 0.504 ulp at 60,000 points (Math.log1p(Math.exp(−a)): up to about 1.5 ulp).
    assert.ok(worst < 0.52, `worst ${worst} ulp at a = ${worstAt}`);
  });

  it('is as accurate on the grid points, between them and at the end of the table', () => {
    for (const a of [0, 5e-324, 1e-300, 2 ** -30, Math.LN2 / 128, Math.LN2 / 64, 1, 2, 10, 30, 39.99999, 40 - 2 ** -47, 40, 40.5, 55, 120]) {
      assert.ok(ulpError(log1pExpNeg(a), log1pExpNegReference(a)) < 0.53, `a = ${a}`);
    }
    assert.equal(log1pExpNeg(0), Math.LN2);
  });

  it('is e^(−a) beyond the table: expKernel up to 700, then Math.exp (which underflows to 0)', () => {
    for (const a of [LOG1P_EXP_TABLE_END, 41, 100, 699.5, EXP_KERNEL_LIMIT]) assert.equal(log1pExpNeg(a), expKernel(-a));
    for (const a of [700.5, 745, 746, 1e300, Infinity]) assert.equal(log1pExpNeg(a), Math.exp(-a));
    assert.equal(log1pExpNeg(Infinity), 0);
    assert.ok(Number.isNaN(log1pExpNeg(NaN)));
  });

  it('gives softplus and log σ their limits: softplus(−40) ≈ 4.2e−18, not 0', () => {
    assertClose(softplus(-40), 4.248354255291589e-18, 'softplus(-40)', 0, 1e-15);
    assert.equal(softplus(Infinity), Infinity);
    assert.equal(softplus(-Infinity), 0);
    assert.equal(logSigmoidOf(-Infinity), -Infinity);
    assert.equal(logSigmoidOf(1e4), 0);
  });
});

describe('binary_cross_entropy_with_logits with the kernel', () => {
  /** PyTorch's expression, (1 − y)·x + (1 + (pw − 1)·y)·(log(e^(−m) + e^(−x−m)) + m), m = max(−x, 0). */
  const pytorch = (x: number, y: number, pw = 1): number => {
    const m = Math.max(-x, 0);
    return (1 - y) * x + (1 + (pw - 1) * y) * (Math.log(Math.exp(-m) + Math.exp(-x - m)) + m);
  };

  it('matches PyTorch’s expression at ±∞, NaN, huge, tiny and subnormal logits, with and without weights', () => {
    const logits = [Infinity, -Infinity, NaN, 1e4, -1e4, 800, -800, 39.9, -40.1, 1e-310, -5e-324, 0, -0, 3.5, -3.5];
    const targets = [0, 1, 0.3];
    const x = Float64Array.from(logits.flatMap((v) => targets.map(() => v)));
    const y = Float64Array.from(logits.flatMap(() => targets));
    const input = { data: x, shape: [x.length] };
    const target = { data: y, shape: [x.length] };
    const expected = Array.from(x, (v, i) => pytorch(v, y[i]));
    const none = binaryCrossEntropyWithLogits(input, target, { reduction: 'none' }) as { data: Float64Array };
    assertClose(Array.from(none.data), expected);
    const ones = { data: new Float64Array(x.length).fill(1), shape: [x.length] };
    const weighted = binaryCrossEntropyWithLogits(input, target, { reduction: 'none', weight: ones, pos_weight: ones }) as { data: Float64Array };
    assertClose(Array.from(weighted.data), expected);
    const posWeight = { data: new Float64Array(x.length).fill(2.5), shape: [x.length] };
    const positive = binaryCrossEntropyWithLogits(input, target, { reduction: 'none', pos_weight: posWeight }) as { data: Float64Array };
    assertClose(Array.from(positive.data), Array.from(x, (v, i) => pytorch(v, y[i], 2.5)));
  });

  it('sums and averages the same losses it returns one by one', () => {
    const random = randoms(5);
    const x = Float64Array.from({ length: 300 }, () => (random() - 0.5) * 30);
    const y = Float64Array.from({ length: 300 }, () => (random() < 0.3 ? 1 : 0));
    const input = { data: x, shape: [30, 10] };
    const target = { data: y, shape: [30, 10] };
    const none = (binaryCrossEntropyWithLogits(input, target, { reduction: 'none' }) as { data: Float64Array }).data;
    const sum = none.reduce((a, b) => a + b, 0);
    assertClose(binaryCrossEntropyWithLogits(input, target, { reduction: 'sum' }), sum);
    assertClose(binaryCrossEntropyWithLogits(input, target, { reduction: 'mean' }), sum / 300);
  });
});
