import * as assert from 'node:assert/strict';

/** The agreement we promise with PyTorch float64: 1e-12 absolute plus 1e-9 relative. */
export const ATOL = 1e-12;
export const RTOL = 1e-9;

/** Asserts `actual` matches `expected` elementwise (nested arrays or numbers), NaN matching NaN. */
export function assertClose(actual: unknown, expected: unknown, where = 'output', atol = ATOL, rtol = RTOL): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected an array, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${where}: length`);
    expected.forEach((item, i) => assertClose(actual[i], item, `${where}[${i}]`, atol, rtol));
    return;
  }
  assert.equal(typeof actual, 'number', `${where}: expected a number, got ${JSON.stringify(actual)}`);
  const x = actual as number;
  const y = expected as number;
  if (Number.isNaN(y)) return assert.ok(Number.isNaN(x), `${where}: expected NaN, got ${x}`);
  if (x === y) return;
  assert.ok(Math.abs(x - y) <= atol + rtol * Math.abs(y), `${where}: got ${x}, want ${y} (difference ${x - y})`);
}
