import { Chart, type InteractionItem, type LegendItem } from 'chart.js';
import { nearestIndex, niceCeil, xValues, type ChartPoint, type XRange } from '../chartData';
import { button, el, setText } from '../dom';
import { pngName, pointsLabel } from '../format';
import { buildDatasets, splitDash, type DatasetInfo, type LineDataset } from './datasets';
import { chartOptions, type OptionsContext } from './chartOptions';
import { attachInteractions } from './interactions';
import { legendIcon } from './legendIcons';
import { overlayPlugin, type Overlay } from './overlays';
import type { ChartKind, ChartView } from './types';

/** What a chart asks of the page: the shared zoom, the shared selection, saving a PNG. */
export interface ChartActions {
  setZoom(range: XRange | undefined): void;
  selectStep(split: string, step: number): void;
  stepBy(delta: number | 'first' | 'last'): void;
  savePng(name: string, dataUrl: string): void;
  /** The plot changed width: lines need downsampling again. */
  resized(): void;
}

/**
 * One card: title, a sentence on what it shows, notes, the "N of M points" label, a PNG button,
 * and a Chart.js line chart over steps. `refresh` redraws from the run without rebuilding
 * anything: datasets are reused and updated with `update('none')` (no animation).
 */
export class StepChart {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Controls shown between the header and the plot (a class picker). */
  readonly controls: HTMLElement;
  /** Content under the plot (the heatmap). */
  readonly below: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly points: HTMLElement;
  private chart?: Chart<'line', ChartPoint[]>;
  private view?: ChartView;
  private info: DatasetInfo[] = [];
  private readonly reuse = new Map<string, LineDataset>();
  private readonly hiddenGroups = new Set<string>();
  private readonly hiddenSplits = new Set<string>();
  private drag?: { from: number; to: number };
  private builtWidth = 0;
  private scaleKey = '';
  /** What each legend entry toggles, by entry index. */
  private legendKeys: { group?: string; split?: string }[] = [];

  constructor(
    readonly kind: ChartKind,
    private readonly actions: ChartActions,
  ) {
    const titleId = `title-${kind.key}`;
    this.canvas = el('canvas', { 'data-chart': kind.key, role: 'img', tabindex: '0', 'aria-label': kind.title, 'aria-describedby': `${titleId}-help ${titleId}-keys` });
    this.points = el('span', { class: 'points-label', 'aria-live': 'off' });
    this.notes = el('div', { class: 'notes' });
    this.controls = el('div', { class: 'card-controls' });
    this.below = el('div', { class: 'card-below' });
    const save = button('PNG', () => this.exportPng(), { class: 'button secondary small', title: `Save “${kind.title}” as a PNG image`, 'aria-label': `Save ${kind.title} as PNG` }, 'device-camera');
    this.element = el(
      'section',
      { class: 'card', 'aria-labelledby': titleId, 'data-card': kind.key },
      el('header', { class: 'card-header' }, el('div', { class: 'card-titles' }, el('h2', { id: titleId, text: kind.title }), el('p', { class: 'description', id: `${titleId}-help`, text: kind.description }), el('p', { class: 'visually-hidden', id: `${titleId}-keys`, text: 'Keys: left and right arrows pick a step, plus and minus zoom, 0 shows everything, 1 to 9 show or hide the legend entries.' })), el('div', { class: 'card-actions' }, this.points, save)),
      this.notes,
      this.controls,
      el('div', { class: 'chart-box' }, this.canvas),
      this.below,
    );
    attachInteractions(this.canvas, {
      chart: () => this.chart as Chart<'line'> | undefined,
      range: () => this.view?.range,
      extent: () => this.view?.extent,
      minWidth: () => 2,
      setZoom: (range) => this.actions.setZoom(range),
      setDrag: (drag) => {
        this.drag = drag;
        this.chart?.draw();
      },
      pick: (items, x) => this.pick(items, x),
      stepBy: (delta) => this.actions.stepBy(delta),
      toggleLegendEntry: (index) => this.toggleLegendEntry(index),
    });
  }

  /** The plot's left and right edges in CSS px (for aligning the heatmap under it). */
  get plotArea(): { left: number; right: number } | undefined {
    const area = this.chart?.chartArea;
    return area ? { left: area.left, right: area.right } : undefined;
  }

  /** Redraws from the view: new data, toggles, theme. */
  refresh(view: ChartView): void {
    this.view = view;
    const chart = this.chart ?? this.create(view);
    const width = chart.chartArea?.width || this.canvas.clientWidth || 600;
    const built = buildDatasets(this.kind, view, width, this.reuse, (info) => this.hiddenGroups.has(info.group) || this.hiddenSplits.has(info.split));
    this.info = built.info;
    this.builtWidth = width;
    chart.data.datasets = built.datasets;
    const settings = { theme: view.theme, axis: view.ui.xAxis, range: view.range, logScale: view.ui.logY && this.kind.logAllowed };
    const key = `${settings.axis}|${settings.logScale}|${settings.range?.min}|${settings.range?.max}|${view.theme.foreground}|${view.theme.background}`;
    if (key !== this.scaleKey) {
      this.scaleKey = key;
      chart.options = chartOptions(this.kind, settings, this.optionsContext());
    }
    // A logged loss far off the recomputed one (summed, not averaged) would squash every line into
    // the bottom of the plot: the axis follows the lines, and those points are clipped (the mismatch
    // note and markers say so; the log scale shows them).
    const y = chart.options.scales?.y;
    if (y && !settings.logScale && this.kind.yMax === undefined) y.max = built.pointsMax > 1.5 * built.linesMax && built.linesMax > 0 ? niceCeil(built.linesMax * 1.05) : undefined;
    chart.update('none');
    setText(this.points, pointsLabel(built.shown, built.total));
    this.renderNotes(view);
    const summary = this.kind.summary(view);
    if (this.canvas.getAttribute('aria-label') !== summary) this.canvas.setAttribute('aria-label', summary);
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.element.remove();
  }

  exportPng(): void {
    if (!this.chart || !this.view) return;
    this.actions.savePng(pngName(this.view.info.name, this.kind.key), this.chart.toBase64Image('image/png'));
  }

  private create(view: ChartView): Chart<'line', ChartPoint[]> {
    const overlay = (): Overlay => ({
      background: this.view?.theme.background ?? view.theme.background,
      red: this.view?.theme.red ?? view.theme.red,
      foreground: this.view?.theme.foreground ?? view.theme.foreground,
      nonfiniteX: this.view?.nonfiniteX ?? [],
      selectedX: this.view?.selectedX,
      drag: this.drag,
    });
    this.chart = new Chart<'line', ChartPoint[]>(this.canvas, { type: 'line', data: { datasets: [] }, options: {}, plugins: [overlayPlugin(overlay)] });
    return this.chart;
  }

  /** Shows or hides the series behind the legend's entry `index` (a click on it, or keys 1–9). */
  private toggleLegendEntry(index: number): void {
    const entry = this.legendKeys[index];
    if (!entry) return;
    const set = entry.split ? this.hiddenSplits : this.hiddenGroups;
    const key = entry.split ?? entry.group ?? '';
    if (set.has(key)) set.delete(key);
    else set.add(key);
    if (this.view) this.refresh(this.view);
  }

  private optionsContext(): OptionsContext {
    return {
      info: () => this.info,
      multipleSplits: () => (this.view?.run.splits.size ?? 0) > 1,
      legendItems: () => this.legendItems(),
      toggleLegend: (_item, index) => this.toggleLegendEntry(index),
      resized: () => {
        // Chart.js resizes the canvas itself; the lines only need new downsampling when the plot's
        // width changed noticeably (a ResizeObserver can report sub-pixel jitter).
        requestAnimationFrame(() => {
          const width = this.chart?.chartArea?.width ?? 0;
          if (Math.abs(width - this.builtWidth) > 2) this.actions.resized();
        });
      },
    };
  }

  /** One entry per series group (its colour and style), then one per split when several are drawn. */
  private legendItems(): LegendItem[] {
    const view = this.view;
    if (!view) return [];
    const items: LegendItem[] = [];
    this.legendKeys = [];
    const seen = new Set<string>();
    this.info.forEach((info, i) => {
      if (info.raw || seen.has(info.group)) return;
      seen.add(info.group);
      this.legendKeys.push({ group: info.group });
      const dataset = this.chart?.data.datasets[i];
      const color = String(dataset?.borderColor ?? view.theme.foreground);
      const area = info.kind === 'areaBase' || info.kind === 'areaTop';
      items.push({
        text: info.label,
        fillStyle: area ? String(dataset?.backgroundColor) : color,
        strokeStyle: color,
        lineWidth: info.kind === 'thick' ? 3 : 2,
        lineDash: [],
        hidden: this.hiddenGroups.has(info.group),
        pointStyle: info.kind === 'points' || info.kind === 'marker' ? legendIcon(info.kind, info.kind === 'marker' ? view.theme.red : color) : area ? 'rect' : 'line',
        fontColor: view.theme.chartForeground,
        datasetIndex: i,
      });
    });
    const splits = [...view.run.splits.keys()];
    if (splits.length > 1) {
      splits.forEach((split, i) => {
        this.legendKeys.push({ split });
        items.push({ text: split, fillStyle: view.theme.foreground, strokeStyle: view.theme.foreground, lineWidth: 2, lineDash: splitDash(i), hidden: this.hiddenSplits.has(split), pointStyle: 'line', fontColor: view.theme.chartForeground });
      });
    }
    return items;
  }

  /** A click on the plot selects the step of the nearest drawn point (or, failing that, of the first split). */
  private pick(items: InteractionItem[], x: number): void {
    const view = this.view;
    if (!view) return;
    const chosen = items
      .filter((item) => !this.info[item.datasetIndex]?.raw)
      .sort((a, b) => Math.abs(a.element.x - (this.chart?.scales.x.getPixelForValue(x) ?? 0)) - Math.abs(b.element.x - (this.chart?.scales.x.getPixelForValue(x) ?? 0)))[0];
    const split = chosen ? this.info[chosen.datasetIndex].split : (view.ui.selected?.split ?? view.run.splits.keys().next().value);
    const series = split !== undefined ? view.run.splits.get(split) : undefined;
    if (!series || series.length === 0) return;
    const at = chosen ? (this.chart?.data.datasets[chosen.datasetIndex].data[chosen.index]?.x ?? x) : x;
    const index = nearestIndex(xValues(series, view.ui.xAxis), at);
    if (index >= 0) this.actions.selectStep(series.split, series.step[index]);
  }

  private renderNotes(view: ChartView): void {
    const notes = this.kind.notes?.(view) ?? [];
    const text = notes.map((n) => `${n.tone}:${n.text}`).join('\n');
    if (this.notes.dataset.text === text) return;
    this.notes.dataset.text = text;
    this.notes.replaceChildren(...notes.map((note) => el('p', { class: `note ${note.tone}`, role: note.tone === 'warning' ? 'status' : undefined, text: note.text })));
  }
}
