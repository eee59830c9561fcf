import type { XAxis, XRange } from './chartData';
import { button, el, setText } from './dom';
import { formatStep, formatTime } from './format';
import { MAX_EMA_WEIGHT, type UiState } from './state';

export interface ToolbarActions {
  resetZoom(): void;
  change(patch: Partial<UiState>): void;
  exportData(format: 'csv' | 'json'): void;
  compareRuns(): void;
}

/**
 * The controls every chart shares: the zoom (with its reset), EMA smoothing and its weight, log
 * scale, the x axis (step or wall time), and exporting the figures. Native inputs and buttons:
 * keyboard and screen readers work with them as they are.
 */
export class Toolbar {
  readonly element: HTMLElement;
  private readonly reset: HTMLButtonElement;
  private readonly zoomLabel: HTMLElement;
  private readonly ema: HTMLInputElement;
  private readonly weight: HTMLInputElement;
  private readonly weightLabel: HTMLElement;
  private readonly logY: HTMLInputElement;
  private readonly axisStep: HTMLInputElement;
  private readonly axisTime: HTMLInputElement;

  constructor(actions: ToolbarActions) {
    this.reset = button('Reset zoom', () => actions.resetZoom(), { class: 'button secondary', title: 'Show every step (double-click a chart, or Escape on it)' }, 'zoom-out');
    this.zoomLabel = el('span', { class: 'zoom-label muted', 'aria-live': 'polite' });
    this.ema = el('input', { type: 'checkbox', id: 'ema' });
    this.ema.addEventListener('change', () => actions.change({ ema: this.ema.checked }));
    this.weight = el('input', { type: 'range', id: 'ema-weight', min: '0', max: String(MAX_EMA_WEIGHT), step: '0.01', 'aria-label': 'Smoothing weight' });
    this.weight.addEventListener('input', () => actions.change({ emaWeight: Number(this.weight.value), ema: true }));
    this.weightLabel = el('output', { class: 'weight', for: 'ema-weight' });
    this.logY = el('input', { type: 'checkbox', id: 'log-y' });
    this.logY.addEventListener('change', () => actions.change({ logY: this.logY.checked }));
    this.axisStep = el('input', { type: 'radio', name: 'x-axis', id: 'x-step', value: 'step' });
    this.axisTime = el('input', { type: 'radio', name: 'x-axis', id: 'x-time', value: 'time' });
    for (const radio of [this.axisStep, this.axisTime]) radio.addEventListener('change', () => radio.checked && actions.change({ xAxis: radio.value as XAxis, zoom: undefined }));
    this.element = el(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart controls' },
      el('div', { class: 'group' }, this.reset, this.zoomLabel),
      el('div', { class: 'group' }, this.ema, el('label', { for: 'ema', text: 'Smooth (EMA)', title: 'Debiased exponential moving average, as TensorBoard draws it; the raw line stays faint' }), this.weight, this.weightLabel),
      el('div', { class: 'group' }, this.logY, el('label', { for: 'log-y', text: 'Log scale', title: 'Logarithmic y axis for the loss, entropy and probability charts (not accuracy)' })),
      el(
        'fieldset',
        { class: 'group axis' },
        el('legend', { text: 'x axis' }),
        this.axisStep,
        el('label', { for: 'x-step', text: 'step' }),
        this.axisTime,
        el('label', { for: 'x-time', text: 'wall time' }),
      ),
      el('div', { class: 'group end' }, button('Compare…', () => actions.compareRuns(), { class: 'button secondary', title: 'Overlay other runs of the workspace on these charts' }, 'diff'), button('Export CSV', () => actions.exportData('csv'), { class: 'button secondary', title: 'Save every figure of every step as CSV' }, 'export'), button('Export JSON', () => actions.exportData('json'), { class: 'button secondary', title: 'Save every figure of every step as JSON' }, 'json')),
    );
  }

  update(ui: UiState, hasTime: boolean, zoom: XRange | undefined): void {
    this.reset.disabled = !zoom;
    setText(this.zoomLabel, zoom ? `${describeX(zoom.min, ui.xAxis)} – ${describeX(zoom.max, ui.xAxis)}` : '');
    this.ema.checked = ui.ema;
    if (document.activeElement !== this.weight) this.weight.value = String(ui.emaWeight);
    setText(this.weightLabel, ui.emaWeight.toFixed(2));
    this.weight.setAttribute('aria-valuetext', `weight ${ui.emaWeight.toFixed(2)}`);
    this.logY.checked = ui.logY;
    this.axisStep.checked = ui.xAxis === 'step';
    this.axisTime.checked = ui.xAxis === 'time';
    this.axisTime.disabled = !hasTime && ui.xAxis !== 'time';
    this.axisTime.title = hasTime ? '' : 'Every record needs a `time` field for a wall-time axis';
  }
}

function describeX(value: number, axis: XAxis): string {
  return axis === 'step' ? `step ${formatStep(Math.round(value))}` : formatTime(value);
}
