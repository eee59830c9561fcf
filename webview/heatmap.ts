import { latestFinite, nearestIndex, xValues, type XRange } from './chartData';
import { Y_AXIS_WIDTH } from './charts/chartOptions';
import type { ChartView } from './charts/types';
import { mixRgba, parseColor, toCss, type Rgba } from './colors';
import { button, el, setText, show } from './dom';
import { className, formatCount, formatValue } from './format';
import { heatmapGrid, scalePosition, type HeatmapGrid } from './heatmapData';
import type { SplitSeries } from './series';
import { panBy, wheelFactor, zoomAround } from './zoom';

/**
 * The colour scale: from the editor background through the theme's blue to its foreground, so
 * brightness runs one way in dark themes and the other in light ones, and red stays free for NaN.
 */
function colorScale(view: ChartView): (t: number) => Rgba {
  const background = parseColor(view.theme.background) ?? { r: 30, g: 30, b: 30, a: 1 };
  const middle = parseColor(view.theme.blue) ?? { r: 55, g: 148, b: 255, a: 1 };
  const top = parseColor(view.theme.foreground) ?? { r: 204, g: 204, b: 204, a: 1 };
  return (t) => (t < 0.5 ? mixRgba(background, middle, 0.06 + 0.94 * t * 2) : mixRgba(middle, top, (t - 0.5) * 2));
}

/**
 * A neuron × step heatmap of per-neuron BCE for wide multilabel heads, where lines would be a
 * tangle: one row per neuron, one column per pixel, coloured from the editor background
 * through the theme's blue to its foreground (NaN in red). Drawn on a plain canvas: thousands of cells are one `putImageData`.
 * Its plot is aligned under the chart above, so a step sits at the same x in both.
 */
export class NeuronHeatmap {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly splitPicker: HTMLSelectElement;
  private readonly legendScale: HTMLCanvasElement;
  private readonly legendMax: HTMLElement;
  private readonly tooltip: HTMLElement;
  private view?: ChartView;
  private grid?: HeatmapGrid;
  private plot = { left: Y_AXIS_WIDTH, right: 0, top: 4, bottom: 0 };

  constructor(
    private readonly onSplit: (split: string) => void,
    private readonly onSelect: (split: string, step: number) => void,
    onSave: (dataUrl: string) => void,
    private readonly onZoom: (range: XRange | undefined) => void,
  ) {
    this.canvas = el('canvas', { 'data-chart': 'neuron-heatmap', role: 'img', tabindex: '0', 'aria-label': 'Neuron by step heatmap' });
    this.splitPicker = el('select', { 'aria-label': 'Split shown in the heatmap' });
    this.splitPicker.addEventListener('change', () => this.onSplit(this.splitPicker.value));
    this.legendScale = el('canvas', { class: 'legend-scale', width: '160', height: '10', 'aria-hidden': 'true' });
    this.legendMax = el('span');
    this.tooltip = el('div', { class: 'heatmap-tooltip', role: 'tooltip' });
    show(this.tooltip, false);
    this.element = el(
      'div',
      { class: 'heatmap' },
      el('div', { class: 'heatmap-bar' }, el('h3', { text: 'Neuron × step (BCE per neuron)' }), this.splitPicker, button('PNG', () => onSave(this.canvas.toDataURL('image/png')), { class: 'button secondary small', 'aria-label': 'Save the heatmap as PNG' }, 'device-camera')),
      el('div', { class: 'heatmap-box' }, this.canvas, this.tooltip),
      el('div', { class: 'heatmap-legend' }, el('span', { text: '0' }), this.legendScale, this.legendMax, el('span', { class: 'swatch nan', 'aria-hidden': 'true' }), el('span', { text: 'non-finite' })),
    );
    this.canvas.addEventListener('mousemove', (event) => this.hover(event));
    this.canvas.addEventListener('mouseleave', () => show(this.tooltip, false));
    // The same x zoom as the charts above (one shared range): the wheel zooms around the pointer,
    // a sideways swipe pans, a double-click shows every step.
    this.canvas.addEventListener('wheel', (event) => this.wheel(event), { passive: false });
    this.canvas.addEventListener('dblclick', () => this.onZoom(undefined));
    this.canvas.addEventListener('click', (event) => {
      const at = this.cellAt(event);
      if (at) this.onSelect(at.series.split, at.series.step[at.index]);
    });
  }

  /** Which split the heatmap draws: the chosen one, else train, else the first. */
  private series(view: ChartView): SplitSeries | undefined {
    const { splits } = view.run;
    return (view.ui.heatmapSplit ? splits.get(view.ui.heatmapSplit) : undefined) ?? splits.get('train') ?? splits.values().next().value;
  }

  refresh(view: ChartView, plotArea: { left: number; right: number } | undefined): void {
    this.view = view;
    const series = this.series(view);
    this.syncSplits(view, series);
    const width = this.canvas.parentElement?.clientWidth || 600;
    const neurons = series?.neuronBce ?? [];
    // Rows tall enough to label each one up to ~40 neurons; past that, thinner rows and the tooltip.
    const rowHeight = Math.max(1, Math.min(14, Math.floor(480 / Math.max(1, neurons.length))));
    const height = Math.max(60, Math.min(480, neurons.length * rowHeight)) + 8;
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    this.plot = { left: plotArea?.left ?? Y_AXIS_WIDTH, right: plotArea?.right ?? width - 14, top: 4, bottom: height - 4 };
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = view.theme.background;
    ctx.fillRect(0, 0, width, height);
    if (!series || !view.range || neurons.length === 0) return;
    const plotWidth = Math.max(1, Math.round(this.plot.right - this.plot.left));
    const plotHeight = this.plot.bottom - this.plot.top;
    this.grid = heatmapGrid(xValues(series, view.ui.xAxis), neurons, view.range, plotWidth, plotHeight);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.cells(this.grid, view), this.plot.left, this.plot.top, plotWidth, plotHeight);
    this.drawLabels(ctx, view, this.grid, plotHeight);
    this.drawLegend(view, this.grid);
    this.canvas.setAttribute('aria-label', this.describe(view, series));
  }

  private syncSplits(view: ChartView, series: SplitSeries | undefined): void {
    const names = [...view.run.splits.keys()];
    if ([...this.splitPicker.options].map((o) => o.value).join('\n') !== names.join('\n')) {
      this.splitPicker.replaceChildren(...names.map((name) => el('option', { value: name, text: name })));
    }
    if (series) this.splitPicker.value = series.split;
    show(this.splitPicker, names.length > 1);
  }

  /** The grid as an image, one pixel per cell. */
  private cells(grid: HeatmapGrid, view: ChartView): HTMLCanvasElement {
    const color = colorScale(view);
    const nan = parseColor(view.theme.red) ?? { r: 241, g: 76, b: 76, a: 1 };
    const empty = color(0);
    const image = new ImageData(grid.columns, Math.max(1, grid.rows));
    const put = (i: number, color: Rgba): void => {
      image.data[4 * i] = color.r;
      image.data[4 * i + 1] = color.g;
      image.data[4 * i + 2] = color.b;
      image.data[4 * i + 3] = 255;
    };
    for (let i = 0; i < grid.values.length; i++) {
      const v = grid.values[i];
      if (Number.isNaN(v)) put(i, nan);
      else if (v === -Infinity) put(i, empty);
      else put(i, color(scalePosition(v, grid.scaleMax)));
    }
    const off = document.createElement('canvas');
    off.width = image.width;
    off.height = image.height;
    off.getContext('2d')?.putImageData(image, 0, 0);
    return off;
  }

  private drawLabels(ctx: CanvasRenderingContext2D, view: ChartView, grid: HeatmapGrid, plotHeight: number): void {
    const rowHeight = plotHeight / Math.max(1, grid.rows);
    ctx.fillStyle = view.theme.chartForeground;
    ctx.font = `${Math.max(10, view.theme.fontSize - 2)}px ${view.theme.fontFamily}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = rowHeight >= 11 ? 1 : Math.ceil(12 / rowHeight);
    for (let r = 0; r < grid.rows; r += every) {
      const name = className(view.info.classNames, grid.rowStart[r]);
      const label = name.length > 9 ? `${name.slice(0, 8)}…` : name;
      ctx.fillText(label, this.plot.left - 6, this.plot.top + (r + 0.5) * rowHeight);
    }
    if (view.selectedX !== undefined && view.range) {
      const x = this.plot.left + ((view.selectedX - view.range.min) / (view.range.max - view.range.min || 1)) * (this.plot.right - this.plot.left);
      if (x >= this.plot.left && x <= this.plot.right) {
        ctx.strokeStyle = view.theme.foreground;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(Math.round(x) + 0.5, this.plot.top);
        ctx.lineTo(Math.round(x) + 0.5, this.plot.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
  }

  private drawLegend(view: ChartView, grid: HeatmapGrid): void {
    const ctx = this.legendScale.getContext('2d');
    const color = colorScale(view);
    if (ctx) {
      for (let p = 0; p < this.legendScale.width; p++) {
        ctx.fillStyle = toCss(color(p / (this.legendScale.width - 1)));
        ctx.fillRect(p, 0, 1, this.legendScale.height);
      }
    }
    setText(this.legendMax, `${grid.max > grid.scaleMax ? '≥ ' : ''}${formatValue(grid.scaleMax)} BCE`);
  }

  private cellAt(event: MouseEvent): { series: SplitSeries; index: number; neuron: number } | undefined {
    const view = this.view;
    const series = view && this.series(view);
    if (!view || !series || !view.range || !this.grid) return undefined;
    const { left, right, top, bottom } = this.plot;
    if (event.offsetX < left || event.offsetX > right || event.offsetY < top || event.offsetY > bottom) return undefined;
    const x = view.range.min + ((event.offsetX - left) / (right - left)) * (view.range.max - view.range.min);
    const row = Math.min(this.grid.rows - 1, Math.floor(((event.offsetY - top) / (bottom - top)) * this.grid.rows));
    const index = nearestIndex(xValues(series, view.ui.xAxis), x);
    return index < 0 ? undefined : { series, index, neuron: this.grid.rowStart[row] };
  }

  private wheel(event: WheelEvent): void {
    const view = this.view;
    const { left, right } = this.plot;
    if (!view?.range || !view.extent || event.offsetX < left || event.offsetX > right) return;
    event.preventDefault();
    const range = view.range;
    const width = range.max - range.min;
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) return this.onZoom(panBy(range, (event.deltaX / (right - left || 1)) * width, view.extent));
    const anchor = range.min + ((event.offsetX - left) / (right - left || 1)) * width;
    this.onZoom(zoomAround(range, anchor, wheelFactor(event.deltaY), view.extent, 2));
  }

  private hover(event: MouseEvent): void {
    const at = this.cellAt(event);
    show(this.tooltip, !!at);
    if (!at || !this.view) return;
    const value = at.series.neuronBce[at.neuron]?.[at.index];
    setText(this.tooltip, `${className(this.view.info.classNames, at.neuron)} · step ${formatCount(at.series.step[at.index])} · BCE ${formatValue(value)}`);
    this.tooltip.style.left = `${Math.min(event.offsetX + 12, (this.canvas.parentElement?.clientWidth ?? 400) - 220)}px`;
    this.tooltip.style.top = `${event.offsetY + 12}px`;
  }

  private describe(view: ChartView, series: SplitSeries): string {
    const worst = series.neuronBce
      .map((column, c) => ({ c, value: latestFinite(column)?.value ?? -Infinity }))
      .sort((a, b) => b.value - a.value)
      .slice(0, 3)
      .map(({ c, value }) => `${className(view.info.classNames, c)} ${formatValue(value)}`);
    return `Heatmap of BCE per neuron, split ${series.split}: ${formatCount(series.neuronBce.length)} neurons over ${formatCount(series.length)} steps. Highest latest BCE: ${worst.join(', ')}.`;
  }
}
