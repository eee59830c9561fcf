import type { Tensor } from '../src/core';

/** Throughput of one implementation: million input elements per second. */
export interface Throughput {
  /** From the median repetition: the figure to quote. */
  readonly median: number;
  /** From the fastest repetition: what the code does when nothing else competes for the CPU. */
  readonly best: number;
}

export interface Measurement {
  readonly melemPerS: Throughput;
  readonly medianMs: number;
  readonly bestMs: number;
  /** What the last repetition returned, for the value checks. */
  readonly output: Float64Array | number;
}

type Run = () => Tensor | Float64Array | number;

/**
 * Times every function in `runs`, each processing `elements` input elements per call.
 *
 * All of them are first called `warmup` times, round-robin, so that V8 has seen every path
 * (every reduction) of the shared code before any timing: otherwise the first `mean` call after
 * the `none` ones deoptimises and the next timed calls run unoptimised code. Then `reps` rounds,
 * one timed call of each per round, so that a noisy moment on the machine spreads over all of
 * them instead of ruining one. Reports the median and the fastest; a mean would be pulled by one
 * GC pause or one scheduler hiccup.
 */
export function measureAll(runs: readonly Run[], elements: number, warmup: number, reps: number): Measurement[] {
  const outputs: (Tensor | Float64Array | number)[] = runs.map(() => 0);
  for (let round = 0; round < warmup; round++) runs.forEach((run, i) => (outputs[i] = run()));
  const times = runs.map((): number[] => []);
  for (let round = 0; round < reps; round++) {
    console.error(`bench: round ${round + 1}/${reps}`);
    runs.forEach((run, i) => {
      const start = process.hrtime.bigint();
      outputs[i] = run();
      times[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  return runs.map((_run, i) => {
    const sorted = [...times[i]].sort((a, b) => a - b);
    const medianMs = median(sorted);
    const bestMs = sorted[0];
    const output = outputs[i];
    return {
      melemPerS: { median: elements / medianMs / 1e3, best: elements / bestMs / 1e3 },
      medianMs,
      bestMs,
      output: typeof output === 'number' || output instanceof Float64Array ? output : output.data,
    };
  });
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The golden tests' tolerance: |a − b| ≤ 1e-12 + 1e-9·|b| (PyTorch float64 agreement). */
export const ABS_TOL = 1e-12;
export const REL_TOL = 1e-9;

export interface Agreement {
  readonly max_abs_diff: number;
  readonly max_rel_diff: number;
  /** Every element within ABS_TOL + REL_TOL·|expected| (NaN only against NaN). */
  readonly ok: boolean;
}

/** Element-by-element comparison of `actual` with `expected` (both scalars or same-length arrays). */
export function agreement(actual: Float64Array | number, expected: Float64Array | number): Agreement {
  const a = typeof actual === 'number' ? [actual] : actual;
  const b = typeof expected === 'number' ? [expected] : expected;
  if (a.length !== b.length) return { max_abs_diff: NaN, max_rel_diff: NaN, ok: false };
  let maxAbs = 0;
  let maxRel = 0;
  let ok = true;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      ok &&= Number.isNaN(a[i]) && Number.isNaN(b[i]);
      continue;
    }
    if (a[i] === b[i]) continue;
    const diff = Math.abs(a[i] - b[i]);
    maxAbs = Math.max(maxAbs, diff);
    maxRel = Math.max(maxRel, diff / Math.abs(b[i]));
    ok &&= diff <= ABS_TOL + REL_TOL * Math.abs(b[i]);
  }
  return { max_abs_diff: maxAbs, max_rel_diff: maxRel, ok };
}
