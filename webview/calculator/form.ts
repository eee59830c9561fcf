import type { CalculatorField, CalculatorFields, FieldError } from '../../src/calculatorProtocol';
import { el, show } from '../dom';

/**
 * The calculator's form: every field a labelled control with its hint and, under it, its own
 * error (announced to screen readers), so a mistake is shown where it was typed.
 */
export class CalculatorForm {
  readonly element: HTMLFormElement;
  private readonly inputs = new Map<CalculatorField, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
  private readonly errors = new Map<CalculatorField, HTMLElement>();
  private readonly rows = new Map<CalculatorField, HTMLElement>();
  private readonly targetHint: HTMLElement;

  constructor(onChange: () => void) {
    this.element = el('form', { class: 'calculator-form', 'aria-label': 'Loss calculator input' });
    this.element.addEventListener('submit', (event) => event.preventDefault());
    this.element.addEventListener('input', onChange);
    this.element.addEventListener('change', () => {
      this.updateVisibility();
      onChange();
    });
    this.targetHint = el('span', { class: 'hint' });

    const task = this.select('task', 'Head', [
      ['multiclass', 'Multiclass: softmax over classes'],
      ['multilabel', 'Multilabel: a sigmoid per neuron'],
    ]);
    const kind = this.select('kind', 'Outputs are', [
      ['logits', 'logits (raw scores)'],
      ['probs', 'probabilities'],
      ['log_probs', 'log-probabilities (log_softmax)'],
    ]);
    const outputs = this.field('outputs', 'Outputs', el('textarea', { rows: '3', spellcheck: 'false', placeholder: '2, 1, 0.1' }), 'One example: 2, 1, 0.1. A batch: a row per line, or [[…], […]].');
    const target = this.field('target', 'Target', el('input', { type: 'text', spellcheck: 'false', placeholder: '0' }), this.targetHint);
    const options = el(
      'details',
      { class: 'options' },
      el('summary', { text: 'Options: weight, pos_weight, label_smoothing, ignore_index, reduction' }),
      el(
        'div',
        { class: 'option-grid' },
        this.field('weight', 'weight', el('input', { type: 'text', spellcheck: 'false', placeholder: 'none' }), 'A weight per class (neuron).'),
        this.field('pos_weight', 'pos_weight', el('input', { type: 'text', spellcheck: 'false', placeholder: 'none' }), 'Multilabel, logits: weight of each positive term.'),
        this.field('label_smoothing', 'label_smoothing', el('input', { type: 'text', spellcheck: 'false', placeholder: '0' }), 'Mix ε of the uniform distribution into the target.'),
        this.field('ignore_index', 'ignore_index', el('input', { type: 'text', spellcheck: 'false', placeholder: '-100' }), 'Examples with this target are left out.'),
        this.select('reduction', 'reduction', [
          ['mean', 'mean'],
          ['sum', 'sum'],
          ['none', 'none'],
        ]),
      ),
    );
    this.element.append(el('div', { class: 'form-row' }, task, kind), outputs, target, options);
    this.updateVisibility();
  }

  /** What is typed now. */
  get fields(): CalculatorFields {
    const value = (field: CalculatorField): string => this.inputs.get(field)?.value ?? '';
    return {
      task: value('task') as CalculatorFields['task'],
      kind: value('kind') as CalculatorFields['kind'],
      outputs: value('outputs'),
      target: value('target'),
      weight: value('weight'),
      pos_weight: value('pos_weight'),
      label_smoothing: value('label_smoothing'),
      ignore_index: value('ignore_index'),
      reduction: value('reduction') as CalculatorFields['reduction'],
    };
  }

  fill(fields: CalculatorFields): void {
    for (const [field, input] of this.inputs) input.value = fields[field];
    if (fields.weight || fields.pos_weight || fields.label_smoothing || fields.ignore_index || fields.reduction !== 'mean') {
      (this.element.querySelector('details') as HTMLDetailsElement).open = true;
    }
    this.updateVisibility();
  }

  /** Shows each field's error under it (and clears the others). */
  showErrors(errors: readonly FieldError[]): void {
    for (const [field, slot] of this.errors) {
      const error = errors.find((e) => e.field === field);
      slot.textContent = error ? `${field}: ${error.message}` : '';
      show(slot, error !== undefined);
      this.inputs.get(field)?.setAttribute('aria-invalid', String(error !== undefined));
    }
    if (errors.some((e) => e.field !== 'outputs' && e.field !== 'target' && e.field !== 'task' && e.field !== 'kind')) {
      (this.element.querySelector('details') as HTMLDetailsElement).open = true;
    }
  }

  private updateVisibility(): void {
    const multiclass = this.inputs.get('task')?.value !== 'multilabel';
    show(this.rows.get('label_smoothing') as HTMLElement, multiclass);
    show(this.rows.get('ignore_index') as HTMLElement, multiclass);
    show(this.rows.get('pos_weight') as HTMLElement, !multiclass);
    const logProbs = this.element.querySelector('option[value="log_probs"]') as HTMLOptionElement;
    logProbs.disabled = !multiclass;
    this.targetHint.textContent = multiclass
      ? 'A class index (0-based), or a probability per class. A batch: an index per example (0 2 1), or a row of probabilities per example.'
      : 'A 0/1 (or soft) target per neuron; a row per example for a batch.';
  }

  private field(field: CalculatorField, label: string, input: HTMLInputElement | HTMLTextAreaElement, hint: string | HTMLElement): HTMLElement {
    const id = `field-${field}`;
    input.id = id;
    input.name = field;
    input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
    this.inputs.set(field, input);
    const hintElement = typeof hint === 'string' ? el('span', { class: 'hint', text: hint }) : hint;
    hintElement.id = `${id}-hint`;
    const error = el('div', { class: 'field-error', id: `${id}-error`, role: 'alert', 'data-field-error': field });
    error.hidden = true;
    this.errors.set(field, error);
    const row = el('div', { class: 'field' }, el('label', { for: id, text: label }), input, hintElement, error);
    this.rows.set(field, row);
    return row;
  }

  private select(field: CalculatorField, label: string, options: [string, string][]): HTMLElement {
    const id = `field-${field}`;
    const select = el('select', { id, name: field }, ...options.map(([value, text]) => el('option', { value, text })));
    this.inputs.set(field, select);
    const row = el('div', { class: 'field field-select' }, el('label', { for: id, text: label }), select);
    this.rows.set(field, row);
    return row;
  }
}
