import type { StepDetailMessage } from '../src/protocol';
import type { ChartView } from './charts/types';
import { button, el, replaceChildren, setText, show } from './dom';
import { ExampleView } from './exampleView';
import { formatCount, formatPercent, formatValue, pngName } from './format';
import type { SplitSeries } from './series';

export interface InspectorActions {
  select(split: string, step: number): void;
  setExample(index: number): void;
  /** Ask the host for a step's examples (it answers with `stepDetail`). */
  request(split: string, step: number): void;
  savePng(name: string, dataUrl: string): void;
}

/** Steps read back, kept so that stepping back and forth does not re-read the log. */
const CACHE_SIZE = 32;
/** A slider dragged across a thousand steps asks for the one it stops on, not all of them. */
const REQUEST_DELAY_MS = 120;

export const detailKey = (split: string, step: number): string => `${split}\u0000${step}`;

/**
 * The step inspector: pick a step (a click on any chart, the slider, ←/→), see its figures, and
 * one of its examples read back from the log, class by class.
 */
export class StepInspector {
  readonly element: HTMLElement;
  private readonly splitPicker: HTMLSelectElement;
  private readonly slider: HTMLInputElement;
  private readonly stepLabel: HTMLElement;
  private readonly figures: HTMLElement;
  private readonly status: HTMLElement;
  private readonly exampleBar: HTMLElement;
  private readonly exampleLabel: HTMLElement;
  private readonly example = new ExampleView();
  private readonly cache = new Map<string, StepDetailMessage>();
  private view?: ChartView;
  private shownKey = '';
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly actions: InspectorActions) {
    this.splitPicker = el('select', { 'aria-label': 'Split' });
    this.splitPicker.addEventListener('change', () => {
      const series = this.view?.run.splits.get(this.splitPicker.value);
      const step = this.view?.ui.selected?.step;
      if (series && series.length) this.actions.select(series.split, series.step[step === undefined ? series.length - 1 : series.nearestIndex(step)]);
    });
    this.slider = el('input', { type: 'range', min: '0', max: '0', step: '1', class: 'step-slider', 'aria-label': 'Step' });
    this.slider.addEventListener('input', () => {
      const series = this.currentSeries();
      const index = Number(this.slider.value);
      if (series && index < series.length) this.actions.select(series.split, series.step[index]);
    });
    this.stepLabel = el('span', { class: 'step-label', 'aria-live': 'polite' });
    this.figures = el('dl', { class: 'figures' });
    this.status = el('p', { class: 'status', role: 'status' });
    this.exampleLabel = el('span', { class: 'example-label' });
    const previous = button('', () => this.moveExample(-1), { class: 'button secondary small', 'aria-label': 'Previous example', title: 'Previous example' }, 'chevron-left');
    const next = button('', () => this.moveExample(1), { class: 'button secondary small', 'aria-label': 'Next example', title: 'Next example' }, 'chevron-right');
    const save = button('PNG', () => this.savePng(), { class: 'button secondary small', 'aria-label': 'Save the example chart as PNG' }, 'device-camera');
    this.exampleBar = el('div', { class: 'example-bar' }, el('span', { class: 'label', text: 'Example' }), previous, this.exampleLabel, next, save);
    this.element = el(
      'section',
      { class: 'card inspector', id: 'step-inspector', 'aria-labelledby': 'inspector-title' },
      el('header', { class: 'card-header' }, el('div', { class: 'card-titles' }, el('h2', { id: 'inspector-title', text: 'Step inspector' }), el('p', { class: 'description', text: 'Click a point on any chart, or use the slider or ←/→ on a chart, to read one step’s examples back from the log.' }))),
      el('div', { class: 'inspector-controls' }, this.splitPicker, this.slider, this.stepLabel),
      this.figures,
      this.exampleBar,
      this.status,
      this.example.element,
    );
  }

  /** Which split the controls move through: the selected step's, else train, else the first. */
  private currentSeries(): SplitSeries | undefined {
    const view = this.view;
    if (!view) return undefined;
    const splits = view.run.splits;
    return (view.ui.selected ? splits.get(view.ui.selected.split) : undefined) ?? splits.get('train') ?? splits.values().next().value;
  }

  refresh(view: ChartView): void {
    this.view = view;
    const series = this.currentSeries();
    const names = [...view.run.splits.keys()];
    if ([...this.splitPicker.options].map((o) => o.value).join('\n') !== names.join('\n')) replaceChildren(this.splitPicker, ...names.map((name) => el('option', { value: name, text: name })));
    show(this.splitPicker, names.length > 1);
    if (series) this.splitPicker.value = series.split;
    const selected = view.ui.selected;
    const index = series && selected?.split === series.split ? series.indexOf(selected.step) : -1;
    this.slider.max = String(Math.max(0, (series?.length ?? 1) - 1));
    this.slider.value = String(index >= 0 ? index : Math.max(0, (series?.length ?? 1) - 1));
    this.slider.disabled = !series || series.length === 0;
    if (!selected || !series || index < 0) {
      setText(this.stepLabel, selected ? `step ${formatCount(selected.step)} (${selected.split}) is not in the log` : 'No step selected');
      this.slider.setAttribute('aria-valuetext', 'no step selected');
      this.figures.replaceChildren();
      show(this.exampleBar, false);
      this.example.element.hidden = true;
      this.shownKey = '';
      setText(this.status, 'Pick a step to see its examples.');
      return;
    }
    const stepText = `step ${formatCount(selected.step)} of ${series.split} (${formatCount(index + 1)} of ${formatCount(series.length)})`;
    setText(this.stepLabel, stepText);
    this.slider.setAttribute('aria-valuetext', stepText);
    this.renderFigures(series, index);
    this.showDetail(selected.split, selected.step);
  }

  /** An answer from the host: kept, and shown if it is the selected step's. */
  receive(message: StepDetailMessage): void {
    this.cache.set(detailKey(message.split, message.step), message);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    const selected = this.view?.ui.selected;
    if (selected && selected.split === message.split && selected.step === message.step) {
      this.shownKey = '';
      this.showDetail(message.split, message.step);
    }
  }

  /** Steps the host re-sent (more of their records arrived): their examples must be read again. */
  invalidate(keys: Iterable<string>): void {
    for (const key of keys) {
      if (!this.cache.delete(key)) continue;
      if (key === this.shownKey) this.shownKey = '';
    }
  }

  clear(): void {
    this.cache.clear();
    this.shownKey = '';
    this.example.clear();
  }

  private showDetail(split: string, step: number): void {
    const key = detailKey(split, step);
    const detail = this.cache.get(key);
    const view = this.view;
    if (!view) return;
    if (!detail) {
      if (this.shownKey === `pending:${key}`) return;
      // The example of the step shown before stays up, faded, until this one arrives (no flicker
      // while stepping through); with none shown yet there is nothing to keep.
      const hadExample = !this.example.element.hidden && this.shownKey !== '';
      this.example.element.classList.toggle('stale', hadExample);
      show(this.exampleBar, hadExample);
      this.example.element.hidden = !hadExample;
      this.shownKey = `pending:${key}`;
      setText(this.status, `Reading step ${formatCount(step)} (${split}) from the log…`);
      this.status.setAttribute('role', 'status');
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.actions.request(split, step), REQUEST_DELAY_MS);
      return;
    }
    const exampleIndex = Math.min(view.ui.example, Math.max(0, detail.examples.length - 1));
    const shown = `${key}\u0000${exampleIndex}\u0000${view.theme.background}`;
    if (this.shownKey === shown) return;
    this.shownKey = shown;
    this.example.element.classList.remove('stale');
    if (detail.error) {
      this.status.setAttribute('role', 'alert');
      setText(this.status, `Could not read step ${formatCount(step)} (${split}) back: ${detail.error}`);
    } else {
      this.status.setAttribute('role', 'status');
      setText(this.status, detail.examples.length === 0 ? 'This step has no examples to show (every target was ignored).' : '');
    }
    const example = detail.error ? undefined : detail.examples[exampleIndex];
    show(this.exampleBar, !!example);
    this.example.element.hidden = !example;
    if (!example) return;
    setText(this.exampleLabel, `${formatCount(exampleIndex + 1)} of ${formatCount(detail.examples.length)}`);
    this.example.show(example, view.run.task ?? 'multiclass', view.info.classNames, view.theme);
  }

  private moveExample(delta: number): void {
    const selected = this.view?.ui.selected;
    const detail = selected && this.cache.get(detailKey(selected.split, selected.step));
    if (!detail || detail.examples.length === 0 || !this.view) return;
    const count = detail.examples.length;
    this.actions.setExample((Math.min(this.view.ui.example, count - 1) + delta + count) % count);
  }

  private renderFigures(series: SplitSeries, i: number): void {
    const s = series.scalars;
    const multiclass = this.view?.run.task !== 'multilabel';
    const items: [string, string, string?][] = [
      ['loss', formatValue(s.loss[i])],
      ['logged loss', formatValue(Number.isNaN(s.logged_loss[i]) ? undefined : s.logged_loss[i]), series.mismatch[i] ? 'warning' : undefined],
      ['accuracy', formatPercent(s.accuracy[i])],
      ['examples', formatCount(s.n[i])],
    ];
    if (multiclass) items.push(['H(p)', formatValue(s.target_entropy[i])], ['KL(p‖q)', formatValue(s.kl[i])], ['H(q)', formatValue(s.entropy[i])], ['p(target)', formatValue(s.true_class_prob[i])]);
    if (Number.isFinite(s.epoch[i])) items.push(['epoch', formatValue(s.epoch[i])]);
    if (s.nonfinite[i] > 0) items.push(['non-finite outputs', formatCount(s.nonfinite[i]), 'error']);
    this.figures.replaceChildren(...items.map(([name, value, tone]) => el('div', {}, el('dt', { text: name }), el('dd', { text: value, class: tone }))));
  }

  private savePng(): void {
    const url = this.example.toDataUrl();
    const selected = this.view?.ui.selected;
    if (url && selected && this.view) this.actions.savePng(pngName(this.view.info.name, `step-${selected.step}-${selected.split}-example-${this.view.ui.example + 1}`), url);
  }
}
