/*
 * The WebAssembly SIMD form of kl_div's loop over probability targets (klDivTerms.wat, assembled
 * into klDivTermsModule.ts), and the copying around it: a block of p and log q is copied in (32 KB
 * each, so that the copies and the pass over them stay in the L2 cache), and the terms, the lane
 * sums and the list of targets outside logKernel's domain come back. The sum is that of klDiv.ts's
 * JavaScript loop bit for bit: the even-indexed terms in one chain, the odd ones in another, then
 * the terms outside the kernel's domain in order.
 */
import { LOG_TABLE, highWordIndex, highWords, inLogKernelDomain, logKernel } from './log';
import { KL_DIV_TERMS_WASM } from './klDivTermsModule';
import { instantiate } from './wasm';

/**
 * Σ of p·(log p − log q) over the elements, each term also into `losses` if given; `outsideTerm`
 * gives the term of a target outside logKernel's domain.
 */
export type SimdKlDivSum = (
  logQ: Float64Array,
  p: Float64Array,
  losses: Float64Array | undefined,
  outsideTerm: (p: number, logQ: number) => number,
) => number;

/** Elements copied in at a time (even, so that lane 0 always holds the even indices). */
const BLOCK = 4096;

/** Instantiates klDivTerms.wat with logKernel's table; undefined where WebAssembly SIMD is not available. */
export function loadSimdKlDivSum(): SimdKlDivSum | undefined {
  const module = instantiate(KL_DIV_TERMS_WASM);
  if (!module) return undefined;
  const { memory, exports } = module;
  const klDivTerms = exports.klDivTerms as (p: number, logQ: number, pairs: number, terms: number, sums: number, outside: number) => number;
  // [table | 2 lane sums | outside list: an i32 an element | p | log q | terms], 16-byte aligned
  const sumsAt = LOG_TABLE.length * 8;
  const outsideAt = sumsAt + 16;
  const pAt = outsideAt + BLOCK * 4;
  const logQAt = pAt + BLOCK * 8;
  const termsAt = logQAt + BLOCK * 8;
  const heap = new Float64Array(memory.buffer);
  if (termsAt + BLOCK * 8 > heap.byteLength) throw new Error('klDivTerms.wat: its memory is too small for a block');
  const list = new Int32Array(memory.buffer);
  heap.set(LOG_TABLE);

  return (logQ, p, losses, outsideTerm) => {
    heap[sumsAt / 8] = 0;
    heap[sumsAt / 8 + 1] = 0;
    let outside = 0;
    const pairs = p.length >> 1;
    for (let first = 0; first < 2 * pairs; first += BLOCK) {
      const count = Math.min(BLOCK, 2 * pairs - first);
      heap.set(p.subarray(first, first + count), pAt / 8);
      heap.set(logQ.subarray(first, first + count), logQAt / 8);
      const listed = klDivTerms(pAt, logQAt, count >> 1, termsAt, sumsAt, outsideAt);
      if (losses) losses.set(heap.subarray(termsAt / 8, termsAt / 8 + count), first);
      for (let j = 0; j < listed; j++) {
        const i = first + list[outsideAt / 4 + j];
        const term = outsideTerm(p[i], logQ[i]);
        outside += term;
        if (losses) losses[i] = term;
      }
    }
    let even = heap[sumsAt / 8];
    if (p.length & 1) {
      // the last element, odd in count: even in index, so the last of the even chain
      const i = p.length - 1;
      const high = highWords(p.subarray(i))[highWordIndex(0)];
      let term: number;
      if (inLogKernelDomain(high)) even += term = p[i] * (logKernel(p[i], high) - logQ[i]);
      else outside += term = outsideTerm(p[i], logQ[i]);
      if (losses) losses[i] = term;
    }
    return even + heap[sumsAt / 8 + 1] + outside;
  };
}
