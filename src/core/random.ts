/**
 * Mulberry32: a small seeded 32-bit generator, so that simulations, benchmarks and fuzz tests are
 * the same on every run and every machine (a failure replays from its seed). Not for statistics.
 * Returns the next 32-bit unsigned integer on each call.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform numbers in [0, 1), Gaussians (Box–Muller) and integers, from a seeded mulberry32. */
export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  uniform(): number {
    return this.next() / 4294967296;
  }

  gaussian(): number {
    return Math.sqrt(-2 * Math.log(1 - this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }

  integer(below: number): number {
    return Math.floor(this.uniform() * below);
  }
}
