import { latestFinite } from './chartData';

/**
 * Which classes (or neurons) a per-class chart shows when the user has not picked: the few with
 * the largest latest value. A head with hundreds of classes would otherwise draw hundreds of
 * indistinguishable lines. No DOM: unit-tested in node.
 */

/** How many per-class lines a chart shows by default, and at most (as many as the palette has distinct colours). */
export const DEFAULT_SHOWN = 8;
export const MAX_SHOWN = 15;

/**
 * Indices of the `k` columns with the largest latest finite value (ties by index; a column with no
 * finite value last), in class order so colours and legend read in a stable order.
 */
export function topByLatest(columns: readonly ArrayLike<number>[], k = DEFAULT_SHOWN): number[] {
  const ranked = columns
    .map((column, index) => ({ index, value: latestFinite(column)?.value ?? -Infinity }))
    .sort((a, b) => b.value - a.value || a.index - b.index);
  return ranked
    .slice(0, k)
    .map((entry) => entry.index)
    .sort((a, b) => a - b);
}

/** The classes to draw: the user's pick (valid indices only, at most MAX_SHOWN) or the default. */
export function shownClasses(picked: readonly number[] | undefined, columns: readonly ArrayLike<number>[]): number[] {
  if (!picked) return topByLatest(columns);
  return [...new Set(picked)].filter((c) => Number.isInteger(c) && c >= 0 && c < columns.length).slice(0, MAX_SHOWN);
}

/** Indices of the names containing `query` (case-insensitive), or of all names when it is blank. */
export function filterNames(names: readonly string[], query: string): number[] {
  const needle = query.trim().toLowerCase();
  const out: number[] = [];
  names.forEach((name, i) => {
    if (!needle || name.toLowerCase().includes(needle) || String(i) === needle) out.push(i);
  });
  return out;
}
