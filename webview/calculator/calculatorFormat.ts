/**
 * How the calculator writes numbers. No DOM: unit-tested in node. The headline keeps every digit
 * (users compare it with what their loop printed); tables keep six significant digits.
 */

const LN2 = Math.LN2;

/** Every digit of a double, as JavaScript and Python both print it. */
export function fullDigits(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  return String(value).replace(/^-/, '−');
}

/** Six significant digits, exponent notation for the very small and very large. */
export function sixDigits(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude >= 1e6 || magnitude < 1e-4 ? value.toExponential(5).replace(/\.?0+e/, 'e') : String(Number(value.toPrecision(6)));
  return text.replace(/-/g, '−');
}

/** A value in nats as bits (log base 2): divide by ln 2. */
export function toBits(value: number): number {
  return value / LN2;
}

/** A loss value that may be one number, a row or rows (reduction="none"), six digits each. */
export function lossValueText(value: number | number[] | number[][], unit: (v: number) => number = (v) => v): string {
  if (typeof value === 'number') return sixDigits(unit(value));
  return `[${value.map((item) => (typeof item === 'number' ? sixDigits(unit(item)) : lossValueText(item, unit))).join(', ')}]`;
}
