import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { klDiv, sumTargetInScript } from '../../src/core/klDiv';
import { loadSimdKlDivSum } from '../../src/core/simdKlDivTerms';

/** Where `a` and `b` differ, element by element (Object.is: NaN equals NaN, −0 differs from +0). */
function firstDifference(a: Float64Array, b: Float64Array): string | undefined {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `[${i}]: ${a[i]} against ${b[i]}`;
  return undefined;
}

/** Asserts that kl_div's sum and terms are the JavaScript loop's, bit for bit. */
function assertSameBits(logQ: Float64Array, p: Float64Array, what: string): void {
  const simdLosses = new Float64Array(p.length);
  const scriptLosses = new Float64Array(p.length);
  const outside = (target: number, logQValue: number): number => (target === 0 ? 0 : target * Math.log(target)) - target * logQValue;
  const simdSum = loadSimdKlDivSum()!(logQ, p, simdLosses, outside);
  const scriptSum = sumTargetInScript(logQ, p, scriptLosses);
  assert.ok(Object.is(simdSum, scriptSum), `${what}: sum ${simdSum} against ${scriptSum}`);
  const term = firstDifference(simdLosses, scriptLosses);
  assert.equal(term, undefined, `${what}: term differs at ${term}`);
  // and through klDiv itself, which takes the SIMD path here
  const shape = [p.length];
  const total = klDiv({ data: logQ, shape }, { data: p, shape }, { reduction: 'sum' });
  assert.ok(Object.is(total, scriptSum), `${what}: klDiv sum ${total} against ${scriptSum}`);
  const none = klDiv({ data: logQ, shape }, { data: p, shape }, { reduction: 'none' }) as { data: Float64Array };
  assert.equal(firstDifference(none.data, scriptLosses), undefined, `${what}: klDiv none`);
}

function softmaxRows(rows: number, classes: number, scale: number, seed: number): Float64Array {
  let state = seed;
  const random = (): number => ((state = (state * 1103515245 + 12345) >>> 0) + 0.5) / 2 ** 32;
  const out = new Float64Array(rows * classes);
  for (let n = 0; n < rows; n++) {
    let total = 0;
    for (let c = 0; c < classes; c++) total += out[n * classes + c] = Math.exp(scale * (random() - 0.5));
    for (let c = 0; c < classes; c++) out[n * classes + c] /= total;
  }
  return out;
}

describe('kl_div with WebAssembly SIMD (klDivTerms.wat)', () => {
  it('runs in node (WebAssembly SIMD is there, so the tests below compare two paths)', () => {
    assert.equal(typeof loadSimdKlDivSum(), 'function');
  });

  it('gives the JavaScript loop\'s sum and terms bit for bit on softmax targets of every size', () => {
    for (const [rows, classes] of [[1, 1], [1, 2], [1, 3], [3, 5], [7, 10], [64, 100], [5, 4095], [3, 4097], [2, 10001]]) {
      for (const scale of [0.1, 6, 40]) {
        const p = softmaxRows(rows, classes, scale, rows * classes);
        const logQ = softmaxRows(rows, classes, scale, 7 + classes).map(Math.log);
        assertSameBits(logQ, p, `${rows} × ${classes}, scale ${scale}`);
      }
    }
  });

  it('gives them where targets leave logKernel\'s domain: 0, subnormal, near and at 1, negative, ±∞, NaN', () => {
    const specials = [0, -0, 5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 0.9375, 0.9374999999999999, 1.0625, 1.0624999999999998, 1, 0.99, -0.5, Infinity, -Infinity, NaN, 1e300, 0.5];
    const logQs = [-1, 0, -Infinity, NaN, -1e-300, -700];
    for (const value of specials) {
      for (const logQValue of logQs) {
        const p = softmaxRows(1, 9, 3, 11);
        const logQ = softmaxRows(1, 9, 3, 12).map(Math.log);
        for (const at of [0, 1, 8]) {
          const pp = p.slice();
          const qq = logQ.slice();
          pp[at] = value;
          qq[at] = logQValue;
          assertSameBits(qq, pp, `p[${at}] = ${value}, log q = ${logQValue}`);
        }
      }
    }
  });

  it('gives them across block boundaries, with targets outside the domain at the edges', () => {
    const n = 3 * 4096 + 3;
    const p = softmaxRows(1, n, 5, 3);
    const logQ = softmaxRows(1, n, 5, 4).map(Math.log);
    for (const i of [0, 4095, 4096, 4097, 8191, 8192, n - 1]) p[i] = i % 2 ? 0 : 1;
    assertSameBits(logQ, p, 'blocks');
  });

  it('gives them on arbitrary doubles (fast-check)', () => {
    const value = fc.oneof(fc.double(), fc.double({ min: 0, max: 1 }), fc.constantFrom(0, 1, 0.9375, 1.0625, NaN));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.double()), { minLength: 1, maxLength: 40 }), (pairs) => {
        assertSameBits(Float64Array.from(pairs, ([, q]) => q), Float64Array.from(pairs, ([p]) => p), JSON.stringify(pairs));
      }),
      { numRuns: 1000 },
    );
  });
});
