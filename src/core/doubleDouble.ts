/*
 * Error-free transformations, for building the kernels' tables when a module loads: a pair
 * (hi, lo) stands for the unevaluated sum hi + lo of two doubles, about 106 significant bits.
 * Only table construction uses them, never a loss loop.
 */

/** hi + lo, |lo| ≤ ulp(hi)/2. */
export type DoubleDouble = readonly [hi: number, lo: number];

/** a + b = s + e exactly (Knuth's two-sum, for any order of magnitude). */
export function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  const bVirtual = s - a;
  return [s, a - (s - bVirtual) + (b - bVirtual)];
}

/** a · b = p + e exactly (Dekker's product: Veltkamp's split makes each half 26 bits, so no partial product rounds). */
export function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  const [aHead, aTail] = split(a);
  const [bHead, bTail] = split(b);
  return [p, aHead * bHead - p + aHead * bTail + aTail * bHead + aTail * bTail];
}

function split(a: number): DoubleDouble {
  const scaled = 134217729 * a; // 2^27 + 1
  const head = scaled - (scaled - a);
  return [head, a - head];
}
