import type { XRange } from './chartData';

/**
 * The shared x range's arithmetic: zooming around the pointer, drag-selecting, panning, all kept
 * inside the data's extent. No DOM: unit-tested in node.
 */

/** A range narrower than this share of the extent is not worth zooming into (and can't be seen). */
const MIN_SHARE = 1e-6;

/** The range clamped inside `extent`, keeping its width when it can. */
export function clampRange(range: XRange, extent: XRange, minWidth = 0): XRange {
  const full = extent.max - extent.min;
  let width = Math.max(range.max - range.min, minWidth, full * MIN_SHARE);
  if (width >= full) return { ...extent };
  let min = range.min;
  if (min < extent.min) min = extent.min;
  if (min + width > extent.max) min = extent.max - width;
  width = Math.min(width, extent.max - min);
  return { min, max: min + width };
}

/**
 * Zooms by `factor` (< 1 zooms in) keeping the x under the pointer, `anchor`, where it is. Returns
 * undefined when the result covers the whole extent (no zoom at all).
 */
export function zoomAround(range: XRange, anchor: number, factor: number, extent: XRange, minWidth = 0): XRange | undefined {
  const min = anchor - (anchor - range.min) * factor;
  const max = anchor + (range.max - anchor) * factor;
  const next = clampRange({ min, max }, extent, minWidth);
  return isWhole(next, extent) ? undefined : next;
}

/** Moves the range by `delta` x units, staying inside the extent. */
export function panBy(range: XRange, delta: number, extent: XRange): XRange {
  return clampRange({ min: range.min + delta, max: range.max + delta }, extent);
}

/** The range between two x values picked by dragging (in either direction). */
export function rangeBetween(a: number, b: number, extent: XRange, minWidth = 0): XRange | undefined {
  const next = clampRange({ min: Math.min(a, b), max: Math.max(a, b) }, extent, minWidth);
  return isWhole(next, extent) ? undefined : next;
}

/** How far one wheel event zooms: a notch (≈100 px) is 20 %, a trackpad's small deltas less. */
export function wheelFactor(deltaY: number): number {
  return Math.pow(1.2, Math.max(-5, Math.min(5, deltaY / 100)));
}

function isWhole(range: XRange, extent: XRange): boolean {
  return range.min <= extent.min && range.max >= extent.max;
}
