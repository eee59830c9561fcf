import type { Chart, Plugin } from 'chart.js';
import { withAlpha } from '../colors';

/**
 * What a chart draws over (and under) its datasets: an opaque background in the theme's colour
 * (so an exported PNG looks like the panel, not transparent), red marks at steps with non-finite
 * outputs (their figures are gaps; the mark says why), the selected step, and the box being
 * dragged to zoom.
 */
export interface Overlay {
  background: string;
  red: string;
  foreground: string;
  /** x values of the steps with non-finite outputs. */
  nonfiniteX: number[];
  /** x value of the step shown in the inspector. */
  selectedX?: number;
  /** The zoom box being dragged, in canvas pixels. */
  drag?: { from: number; to: number };
}

export function overlayPlugin(overlay: () => Overlay): Plugin<'line'> {
  return {
    id: 'lossLensOverlay',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = overlay().background;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      const state = overlay();
      const { ctx, chartArea: area } = chart;
      // Chart.js draws once while being constructed, before our scales exist.
      if (!area || !chart.scales.x) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top - 8, area.right - area.left, area.bottom - area.top + 8);
      ctx.clip();
      drawNonfinite(chart, state);
      if (state.selectedX !== undefined) drawSelected(chart, state.selectedX, state.foreground);
      if (state.drag) {
        const left = Math.max(area.left, Math.min(state.drag.from, state.drag.to));
        const right = Math.min(area.right, Math.max(state.drag.from, state.drag.to));
        ctx.fillStyle = withAlpha(state.foreground, 0.12);
        ctx.strokeStyle = withAlpha(state.foreground, 0.5);
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        ctx.strokeRect(left + 0.5, area.top + 0.5, right - left - 1, area.bottom - area.top - 1);
      }
      ctx.restore();
    },
  };
}

function drawNonfinite(chart: Chart<'line'>, state: Overlay): void {
  const { ctx, chartArea: area, scales } = chart;
  const x = scales.x;
  let lastPixel = -Infinity;
  ctx.strokeStyle = state.red;
  ctx.fillStyle = state.red;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  for (const value of state.nonfiniteX) {
    const pixel = Math.round(x.getPixelForValue(value)) + 0.5;
    // Thousands of diverged steps would paint the plot red: one mark per pixel is enough.
    if (pixel < area.left || pixel > area.right || pixel - lastPixel < 2) continue;
    lastPixel = pixel;
    ctx.globalAlpha = 0.55;
    ctx.beginPath();
    ctx.moveTo(pixel, area.top);
    ctx.lineTo(pixel, area.bottom);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.moveTo(pixel - 5, area.top - 7);
    ctx.lineTo(pixel + 5, area.top - 7);
    ctx.lineTo(pixel, area.top + 1);
    ctx.closePath();
    ctx.fill();
  }
  ctx.setLineDash([]);
}

function drawSelected(chart: Chart<'line'>, value: number, color: string): void {
  const { ctx, chartArea: area } = chart;
  const pixel = Math.round(chart.scales.x.getPixelForValue(value)) + 0.5;
  if (pixel < area.left || pixel > area.right) return;
  ctx.strokeStyle = withAlpha(color, 0.75);
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  ctx.moveTo(pixel, area.top);
  ctx.lineTo(pixel, area.bottom);
  ctx.stroke();
  ctx.setLineDash([]);
}
