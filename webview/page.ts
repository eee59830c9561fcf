import type { RunInfo, StepDetailMessage, StepFigures, Task } from '../src/protocol';
import { xExtent, xValues, type XRange } from './chartData';
import { accuracy } from './charts/accuracy';
import { classProb } from './charts/classProb';
import { shownIndices } from './charts/common';
import { decomposition } from './charts/decomposition';
import { entropy } from './charts/entropy';
import { neuronBce, sigmoid } from './charts/neurons';
import { applyChartDefaults } from './charts/setup';
import { StepChart, type ChartActions } from './charts/stepChart';
import { totalBce } from './charts/totalBce';
import type { ChartView } from './charts/types';
import { ClassPicker } from './classPicker';
import { el } from './dom';
import { pngName } from './format';
import { RunHeader } from './header';
import { NeuronHeatmap } from './heatmap';
import type { Host } from './host';
import { RunSeries } from './series';
import { EmaCache } from './smoothing';
import { stateAfterReset, type UiState } from './state';
import { detailKey, StepInspector } from './stepInspector';
import { readTheme, type Theme } from './theme';
import { Toolbar } from './toolbar';
import { clampRange } from './zoom';

/** A head wider than this gets a neuron × step heatmap under its per-neuron lines. */
const HEATMAP_FROM = 8;

/**
 * The whole panel: the run's data, the UI state, and every part drawn from them. Messages change
 * the data, controls change the state; either asks for one render on the next animation frame.
 */
export class InspectorPage {
  readonly run = new RunSeries();
  private info: RunInfo;
  private theme: Theme = readTheme();
  private readonly emaCache = new EmaCache();
  private readonly header: RunHeader;
  private readonly toolbar: Toolbar;
  private readonly grid = el('div', { class: 'charts' });
  private readonly inspector: StepInspector;
  private charts: StepChart[] = [];
  private pickers: { picker: ClassPicker; what: 'classes' | 'neurons' }[] = [];
  private heatmap?: { map: NeuronHeatmap; under: StepChart };
  private task: Task | undefined;
  /** A multilabel head wide enough for the heatmap (its cards span the whole width). */
  private wideHead = false;
  private frame?: number;
  private fallback?: ReturnType<typeof setTimeout>;
  private afterRender: (() => void)[] = [];

  constructor(
    root: HTMLElement,
    private readonly host: Host,
    private ui: UiState,
  ) {
    const runName = root.dataset.runName ?? '';
    this.info = { id: '', name: runName, files: [], task: undefined, classNames: [] };
    this.header = new RunHeader(runName, (split, step) => this.select(split, step), (open) => this.change({ problemsOpen: open }));
    this.toolbar = new Toolbar({ resetZoom: () => this.change({ zoom: undefined }), change: (patch) => this.change(patch), exportData: (format) => this.host.post({ type: 'exportData', format }), compareRuns: () => this.host.post({ type: 'compareRuns' }) });
    this.inspector = new StepInspector({
      select: (split, step) => this.select(split, step),
      setExample: (example) => this.change({ example }),
      request: (split, step) => this.host.post({ type: 'requestStep', split, step }),
      savePng: (name, dataUrl) => this.savePng(name, dataUrl),
    });
    applyChartDefaults(this.theme);
    root.replaceChildren(el('main', { class: 'page' }, this.header.element, this.toolbar.element, this.grid, this.inspector.element));
    // Saved at once, not only on the first change: the state carries the run's identity, which
    // lets VS Code restore this panel after a reload.
    this.host.setState(this.ui);
  }

  // ── messages ───────────────────────────────────────────────────────────────

  snapshot(info: RunInfo, steps: readonly StepFigures[], loading: number | undefined): void {
    this.run.clear();
    this.emaCache.clear();
    this.run.apply(steps);
    this.setInfo(info);
    this.header.setProgress(loading);
    this.schedule();
  }

  /** Steps appended or re-sent; `done` runs once they are on screen. */
  steps(info: RunInfo, steps: readonly StepFigures[], done?: () => void): void {
    this.run.apply(steps);
    this.inspector.invalidate(steps.map((s) => detailKey(s.split, s.step)));
    this.setInfo(info);
    if (done) this.afterRender.push(done);
    this.schedule();
  }

  reset(): void {
    this.run.clear();
    this.emaCache.clear();
    this.inspector.clear();
    this.ui = stateAfterReset(this.ui);
    this.host.setState(this.ui);
    this.schedule();
  }

  problems(problems: Parameters<RunHeader['setProblems']>[0], count: number): void {
    this.header.setProblems(problems, count, this.ui.problemsOpen);
  }

  progress(fraction: number): void {
    this.header.setProgress(fraction);
  }

  stepDetail(message: StepDetailMessage): void {
    this.inspector.receive(message);
  }

  themeChanged(theme: Theme): void {
    this.theme = theme;
    applyChartDefaults(theme);
    this.schedule();
  }

  // ── state ──────────────────────────────────────────────────────────────────

  private change(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.host.setState(this.ui);
    this.schedule();
  }

  private select(split: string, step: number): void {
    this.change({ selected: { split, step } });
  }

  private stepBy(delta: number | 'first' | 'last'): void {
    const selected = this.ui.selected;
    const series = (selected && this.run.splits.get(selected.split)) || this.run.splits.get('train') || this.run.splits.values().next().value;
    if (!series || series.length === 0) return;
    const current = selected && selected.split === series.split ? series.nearestIndex(selected.step) : series.length;
    const index = delta === 'first' ? 0 : delta === 'last' ? series.length - 1 : Math.max(0, Math.min(series.length - 1, current + delta));
    this.select(series.split, series.step[index]);
  }

  private savePng(name: string, dataUrl: string): void {
    if (dataUrl.startsWith('data:image/png;base64,')) this.host.post({ type: 'savePng', name, dataUrl });
    else this.host.post({ type: 'notify', level: 'error', text: 'The chart could not be rendered as a PNG.' });
  }

  private setInfo(info: RunInfo): void {
    this.info = { ...info, classNames: Array.isArray(info.classNames) ? info.classNames : [] };
  }

  // ── rendering ──────────────────────────────────────────────────────────────

  /**
   * One render per animation frame however many messages arrive. A hidden panel gets no frames,
   * so a timer stands in (the data must still be applied, and the latency still reported).
   */
  private schedule(): void {
    if (this.frame !== undefined) return;
    const run = (): void => {
      cancelAnimationFrame(this.frame ?? 0);
      clearTimeout(this.fallback);
      this.frame = undefined;
      this.render();
    };
    this.frame = requestAnimationFrame(run);
    this.fallback = setTimeout(run, 250);
  }

  private render(): void {
    const task = this.run.task ?? this.info.task;
    const wide = task === 'multilabel' && this.run.classCount > HEATMAP_FROM;
    if (task !== this.task || wide !== this.wideHead || (this.charts.length === 0 && task)) this.build(task, wide);
    const view = this.view();
    this.header.setRun(this.info, this.run);
    this.toolbar.update(this.ui, this.run.hasTime, view.range && view.extent && (view.range.min > view.extent.min || view.range.max < view.extent.max) ? view.range : undefined);
    this.grid.hidden = this.run.stepCount === 0;
    this.toolbar.element.hidden = this.run.stepCount === 0;
    this.inspector.element.hidden = this.run.stepCount === 0;
    if (this.run.stepCount > 0) {
      for (const chart of this.charts) chart.refresh(view);
      for (const { picker, what } of this.pickers) picker.update(this.info.classNames, this.run.classCount, shownIndices(view, what), what === 'classes' ? this.ui.pickedClasses : this.ui.pickedNeurons);
      this.heatmap?.map.refresh(view, this.heatmap.under.plotArea);
      this.inspector.refresh(view);
    }
    const done = this.afterRender;
    this.afterRender = [];
    for (const callback of done) callback();
  }

  private view(): ChartView {
    const axis = this.ui.xAxis === 'time' && !this.run.hasTime ? 'step' : this.ui.xAxis;
    const ui = axis === this.ui.xAxis ? this.ui : { ...this.ui, xAxis: axis, zoom: undefined };
    let extent = xExtent(this.run, axis);
    // A single step still needs a width to be drawn in.
    if (extent && extent.min === extent.max) extent = { min: extent.min - 1, max: extent.max + 1 };
    const range: XRange | undefined = extent && ui.zoom ? clampRange(ui.zoom, extent) : extent;
    const nonfiniteX: number[] = [];
    for (const series of this.run.splits.values()) {
      if (series.counts.nonfinite === 0) continue;
      const x = xValues(series, axis);
      series.scalars.nonfinite.forEach((count, i) => count > 0 && nonfiniteX.push(x[i]));
    }
    nonfiniteX.sort((a, b) => a - b);
    let selectedX: number | undefined;
    const selected = ui.selected && this.run.splits.get(ui.selected.split);
    if (selected && ui.selected) {
      const index = selected.indexOf(ui.selected.step);
      if (index >= 0) selectedX = xValues(selected, axis)[index];
    }
    return { run: this.run, info: this.info, theme: this.theme, ui, range, extent, emaCache: this.emaCache, nonfiniteX, selectedX };
  }

  /** The chart set for the run's task (rebuilt only when the task changes: a reset to another run). */
  private build(task: Task | undefined, wide: boolean): void {
    for (const chart of this.charts) chart.destroy();
    this.heatmap?.map.element.remove();
    this.charts = [];
    this.pickers = [];
    this.heatmap = undefined;
    this.task = task;
    this.wideHead = wide;
    if (!task) return;
    const actions: ChartActions = {
      setZoom: (zoom) => this.change({ zoom }),
      selectStep: (split, step) => this.select(split, step),
      stepBy: (delta) => this.stepBy(delta),
      savePng: (name, dataUrl) => this.savePng(name, dataUrl),
      resized: () => this.schedule(),
    };
    // A wide head's per-neuron cards take the whole width (the heatmap needs it); the two small
    // charts share the row above them.
    const kinds = task === 'multiclass' ? [decomposition, classProb, entropy, accuracy] : wide ? [totalBce, accuracy, neuronBce, sigmoid] : [totalBce, neuronBce, sigmoid, accuracy];
    this.charts = kinds.map((kind) => new StepChart(kind, actions));
    if (wide) for (const chart of this.charts) chart.element.classList.toggle('wide', chart.kind === neuronBce || chart.kind === sigmoid);
    for (const chart of this.charts) {
      const what = chart.kind === classProb ? 'classes' : chart.kind === neuronBce || chart.kind === sigmoid ? 'neurons' : undefined;
      if (!what) continue;
      const ranking = what === 'classes' ? 'largest latest probability' : 'largest latest BCE';
      const picker = new ClassPicker(what, ranking, (picked) => this.change(what === 'classes' ? { pickedClasses: picked } : { pickedNeurons: picked }));
      chart.controls.append(picker.element);
      this.pickers.push({ picker, what });
    }
    const bceChart = this.charts.find((chart) => chart.kind === neuronBce);
    if (bceChart && wide) {
      const map = new NeuronHeatmap(
        (split) => this.change({ heatmapSplit: split }),
        (split, step) => this.select(split, step),
        (dataUrl) => this.savePng(pngName(this.info.name, 'neuron-heatmap'), dataUrl),
        (zoom) => this.change({ zoom }),
      );
      bceChart.below.append(map.element);
      this.heatmap = { map, under: bceChart };
    }
    this.grid.replaceChildren(...this.charts.map((chart) => chart.element));
  }
}
