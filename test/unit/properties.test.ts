import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  crossEntropyFromLogSoftmax,
  crossEntropyOf,
  logSoftmax,
  entropy,
  jsDivergence,
  klDivergence,
  sigmoid,
  softmax,
  type Tensor,
} from '../../src/core';

/** Float64 rounding allowance for sums of a few dozen terms of magnitude up to ~1e3. */
const EPS = Number.EPSILON;

const logit = fc.double({ min: -50, max: 50, noNaN: true });

/** A batch of logit rows: N in 1..6, C in 2..8. */
const batch = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 8 }))
  .chain(([n, c]) => fc.tuple(fc.constant([n, c]), fc.array(logit, { minLength: n * c, maxLength: n * c })));

/** A probability vector of length `classes` built from positive weights. */
const distribution = (classes: number) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: classes, maxLength: classes })
    .filter((w) => w.reduce((a, b) => a + b, 0) > 1e-3)
    .map((w) => {
      const total = w.reduce((a, b) => a + b, 0);
      return Float64Array.from(w, (x) => x / total);
    });

const pair = fc.integer({ min: 1, max: 10 }).chain((c) => fc.tuple(distribution(c), distribution(c)));

function close(actual: number, expected: number, tolerance: number, label: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} vs ${expected} (difference ${actual - expected})`);
}

function rows(t: Tensor): Float64Array[] {
  const c = t.shape[t.shape.length - 1];
  return Array.from({ length: t.data.length / c }, (_, i) => t.data.subarray(i * c, (i + 1) * c));
}

describe('properties of the losses', () => {
  it('CE with probability targets = H(p) + KL(p || softmax(x))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((c) => fc.tuple(fc.array(logit, { minLength: c, maxLength: c }), distribution(c))),
        ([x, p]) => {
          const ce = crossEntropy({ data: Float64Array.from(x), shape: [1, p.length] }, { data: p, shape: [1, p.length] }) as number;
          const q = softmax({ data: Float64Array.from(x), shape: [p.length] }).data;
          const decomposed = entropy(p) + klDivergence(p, q);
          close(ce, decomposed, 1e-9 * Math.max(1, ce), 'CE vs H + KL');
        },
      ),
    );
  });

  it('class-index CE from log_softmax(x) is bit for bit CE from x (weights, ignore_index, smoothing, every reduction)', () => {
    const options = fc.record({
      weighted: fc.boolean(),
      label_smoothing: fc.constantFrom(0, 0.1, 0.5),
      reduction: fc.constantFrom('none' as const, 'mean' as const, 'sum' as const),
    });
    fc.assert(
      fc.property(batch, options, fc.array(fc.integer({ min: -1, max: 7 }), { minLength: 6, maxLength: 6 }), ([[n, c], x], option, picks) => {
        const input: Tensor = { data: Float64Array.from(x), shape: [n, c] };
        const target: Tensor = { data: Float64Array.from({ length: n }, (_, i) => (picks[i] < 0 ? -1 : picks[i] % c)), shape: [n] };
        const weight: Tensor | undefined = option.weighted ? { data: Float64Array.from({ length: c }, (_, k) => 0.5 + k), shape: [c] } : undefined;
        const settings = { weight, ignore_index: -1, label_smoothing: option.label_smoothing, reduction: option.reduction };
        const direct = crossEntropy(input, target, settings);
        const fromLogSoftmax = crossEntropyFromLogSoftmax(logSoftmax(input), target, settings);
        assert.deepEqual(fromLogSoftmax, direct); // NaN (every target ignored) equals NaN here
      }),
    );
  });

  it('log_softmax into a given array (out=) is bit for bit the fresh result, and checks its length', () => {
    fc.assert(
      fc.property(batch, ([[n, c], x]) => {
        const input: Tensor = { data: Float64Array.from(x), shape: [n, c] };
        const out = new Float64Array(n * c).fill(7);
        const written = logSoftmax(input, out);
        assert.equal(written.data, out);
        assert.deepEqual(written, logSoftmax(input));
      }),
    );
    assert.throws(() => logSoftmax({ data: new Float64Array(6), shape: [2, 3] }, new Float64Array(5)), (error: Error & { field?: string }) => error.field === 'out' && /has 5 elements for an input of 6/.test(error.message));
  });

  it('softmax and CE are unchanged by adding a constant to a row of logits', () => {
    fc.assert(
      fc.property(batch, fc.double({ min: -1e3, max: 1e3, noNaN: true }), ([[n, c], x], shift) => {
        const input = { data: Float64Array.from(x), shape: [n, c] };
        const shifted = { data: Float64Array.from(x, (v) => v + shift), shape: [n, c] };
        const target = { data: Float64Array.from({ length: n }, (_, i) => i % c), shape: [n] };
        // Adding `shift` rounds each logit by up to ulp(|x| + |shift|); the loss moves by about that much.
        const tolerance = 8 * EPS * (Math.abs(shift) + 60);
        close(crossEntropy(shifted, target) as number, crossEntropy(input, target) as number, tolerance, 'CE');
        const a = softmax(input).data;
        const b = softmax(shifted).data;
        a.forEach((v, i) => close(b[i], v, tolerance * 4, `softmax[${i}]`));
      }),
    );
  });

  it('BCE with logits equals BCE of the sigmoid wherever the latter is finite and unclamped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(0, 1)), { minLength: 1, maxLength: 20 }),
        (elements) => {
          const x = { data: Float64Array.from(elements, ([v]) => v), shape: [elements.length] };
          const y = { data: Float64Array.from(elements, ([, t]) => t), shape: [elements.length] };
          const withLogits = (binaryCrossEntropyWithLogits(x, y, { reduction: 'none' }) as Tensor).data;
          const ofProbabilities = (binaryCrossEntropy(sigmoid(x), y, { reduction: 'none' }) as Tensor).data;
          withLogits.forEach((v, i) => {
            // log(1 − σ(x)) loses relative accuracy as σ(x) → 1: its error is ~EPS / (1 − σ(x)).
            const s = sigmoid({ data: Float64Array.of(x.data[i]), shape: [] }).data[0];
            close(ofProbabilities[i], v, 1e-12 + (4 * EPS) / Math.min(s, 1 - s), `element ${i} (x = ${x.data[i]})`);
          });
        },
      ),
    );
  });

  it('KL(p || q) >= 0, and 0 for p = q', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        assert.ok(klDivergence(p, q) >= -1e-15, `KL = ${klDivergence(p, q)}`);
        close(klDivergence(p, p), 0, 1e-15, 'KL(p || p)');
      }),
    );
  });

  it('0 <= JS(p, q) <= ln 2, symmetric, 1 bit at most', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const js = jsDivergence(p, q);
        assert.ok(js >= -1e-15 && js <= Math.LN2 + 1e-15, `JS = ${js}`);
        close(jsDivergence(q, p), js, 1e-15, 'symmetry');
        assert.ok(jsDivergence(p, q, 2) <= 1 + 1e-15);
      }),
    );
  });

  it('H(p, q) = H(p) + KL(p || q) between distributions', () => {
    fc.assert(
      fc.property(pair, ([p, q]) => {
        const h = crossEntropyOf(p, q);
        if (!Number.isFinite(h)) return assert.equal(klDivergence(p, q), Infinity);
        close(h, entropy(p) + klDivergence(p, q), 1e-12 * Math.max(1, h), 'identity');
      }),
    );
  });

  it('mean × N = sum without weights, for every loss', () => {
    fc.assert(
      fc.property(batch, ([[n, c], x]) => {
        const input = { data: Float64Array.from(x), shape: [n, c] };
        const target = { data: Float64Array.from({ length: n }, (_, i) => (i * 7) % c), shape: [n] };
        const bits = { data: Float64Array.from(x, (_, i) => i % 2), shape: [n, c] };
        const mean = crossEntropy(input, target, { reduction: 'mean' }) as number;
        const total = crossEntropy(input, target, { reduction: 'sum' }) as number;
        close(mean * n, total, 1e-12 * Math.max(1, total), 'cross_entropy');
        const bceMean = binaryCrossEntropyWithLogits(input, bits, { reduction: 'mean' }) as number;
        const bceSum = binaryCrossEntropyWithLogits(input, bits, { reduction: 'sum' }) as number;
        close(bceMean * n * c, bceSum, 1e-12 * Math.max(1, bceSum), 'binary_cross_entropy_with_logits');
      }),
    );
  });

  it('softmax rows sum to 1 and CE is finite for finite logits', () => {
    fc.assert(
      fc.property(batch, ([[n, c], x]) => {
        const input = { data: Float64Array.from(x), shape: [n, c] };
        for (const row of rows(softmax(input))) close(row.reduce((a, b) => a + b, 0), 1, 4 * c * EPS, 'row sum');
        const losses = crossEntropy(input, { data: new Float64Array(n), shape: [n] }, { reduction: 'none' }) as Tensor;
        assert.ok(losses.data.every(Number.isFinite));
      }),
    );
  });
});
