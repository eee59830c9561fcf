import type { Chart, InteractionItem } from 'chart.js';
import type { XRange } from '../chartData';
import { panBy, rangeBetween, wheelFactor, zoomAround } from '../zoom';

/**
 * Zooming and picking on a chart's canvas, shared by every chart: the wheel zooms x around the
 * pointer (inside the plot only, so the panel still scrolls over titles, axes and legends), a drag
 * selects an x range, a double-click or Escape shows everything, a click picks a step, and the
 * keyboard does all of it on a focused chart.
 */
export interface InteractionTarget {
  chart(): Chart<'line'> | undefined;
  /** The x range drawn now, and the whole data's. */
  range(): XRange | undefined;
  extent(): XRange | undefined;
  /** The narrowest range worth zooming to (two steps, or two seconds). */
  minWidth(): number;
  setZoom(range: XRange | undefined): void;
  setDrag(drag: { from: number; to: number } | undefined): void;
  /** A click: the datasets' points near it, and the x value under the pointer. */
  pick(items: InteractionItem[], x: number): void;
  /** Arrow keys: the previous or next step (Home/End: the first or last). */
  stepBy(delta: number | 'first' | 'last'): void;
  /** Keys 1–9: show or hide the legend's nth entry, as a click on it does. */
  toggleLegendEntry(index: number): void;
}

/** Pointer travel (CSS px) under which a press and release is a click, not a drag. */
const CLICK_SLOP = 4;

export function attachInteractions(canvas: HTMLCanvasElement, target: InteractionTarget): void {
  let dragFrom: number | undefined;

  const inPlot = (event: MouseEvent): boolean => {
    const area = target.chart()?.chartArea;
    return !!area && event.offsetX >= area.left && event.offsetX <= area.right && event.offsetY >= area.top && event.offsetY <= area.bottom;
  };
  const valueAt = (pixel: number): number | undefined => target.chart()?.scales.x?.getValueForPixel(pixel);

  canvas.addEventListener(
    'wheel',
    (event) => {
      const range = target.range();
      const extent = target.extent();
      if (!range || !extent || !inPlot(event)) return;
      event.preventDefault();
      // A trackpad's sideways swipe pans; everything else zooms.
      if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        const width = target.chart()?.chartArea.width || 1;
        return target.setZoom(panBy(range, (event.deltaX / width) * (range.max - range.min), extent));
      }
      const anchor = valueAt(event.offsetX);
      if (anchor === undefined) return;
      target.setZoom(zoomAround(range, anchor, wheelFactor(event.deltaY), extent, target.minWidth()));
    },
    { passive: false },
  );

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !inPlot(event)) return;
    dragFrom = event.offsetX;
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (dragFrom === undefined || Math.abs(event.offsetX - dragFrom) < CLICK_SLOP) return;
    target.setDrag({ from: dragFrom, to: event.offsetX });
  });
  canvas.addEventListener('pointerup', (event) => {
    if (dragFrom === undefined) return;
    const from = dragFrom;
    dragFrom = undefined;
    target.setDrag(undefined);
    const chart = target.chart();
    const extent = target.extent();
    if (!chart || !extent) return;
    if (Math.abs(event.offsetX - from) >= CLICK_SLOP) {
      const a = valueAt(from);
      const b = valueAt(event.offsetX);
      if (a !== undefined && b !== undefined) target.setZoom(rangeBetween(a, b, extent, target.minWidth()));
      return;
    }
    const x = valueAt(event.offsetX);
    if (x !== undefined) target.pick(chart.getElementsAtEventForMode(event, 'stepNearest', { intersect: false }, false), x);
  });
  canvas.addEventListener('pointercancel', () => {
    dragFrom = undefined;
    target.setDrag(undefined);
  });
  canvas.addEventListener('dblclick', (event) => {
    if (inPlot(event)) target.setZoom(undefined);
  });

  canvas.addEventListener('keydown', (event) => {
    const range = target.range();
    const extent = target.extent();
    const centre = range ? (range.min + range.max) / 2 : 0;
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
        target.stepBy(event.key === 'ArrowLeft' ? -1 : 1);
        break;
      case 'Home':
      case 'End':
        target.stepBy(event.key === 'Home' ? 'first' : 'last');
        break;
      case '+':
      case '=':
      case '-':
        if (!range || !extent) return;
        target.setZoom(zoomAround(range, centre, event.key === '-' ? 1.5 : 1 / 1.5, extent, target.minWidth()));
        break;
      case 'Escape':
      case '0':
        target.setZoom(undefined);
        break;
      default:
        // The legend is drawn on the canvas: digits reach its entries from the keyboard.
        if (/^[1-9]$/.test(event.key)) {
          target.toggleLegendEntry(Number(event.key) - 1);
          break;
        }
        return;
    }
    event.preventDefault();
  });
}
