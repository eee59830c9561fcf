import type { CalculatorResult, LossLine, MulticlassExample, MultilabelExample } from '../../src/calculatorProtocol';
import { el, replaceChildren } from '../dom';
import { fullDigits, lossValueText, sixDigits, toBits } from './calculatorFormat';

/**
 * The calculator's answer: every applicable loss as the PyTorch call that computes it, in nats and
 * bits; cross-entropy split into H(p) + KL(p ‖ q); how the reduction formed the number; then one
 * example's working, class by class (or neuron by neuron). All text goes in as textContent.
 */
export class Working {
  readonly element = el('section', { class: 'working', 'aria-label': 'Result', 'aria-live': 'polite' });
  private result: CalculatorResult | undefined;
  private example = 0;

  show(result: CalculatorResult | undefined): void {
    this.result = result;
    if (!result) {
      replaceChildren(this.element, el('p', { class: 'muted', text: 'Fix the fields marked above to see the losses.' }));
      return;
    }
    this.example = Math.min(this.example, result.examples - 1);
    this.render(result);
  }

  private render(result: CalculatorResult): void {
    const headline = result.losses.find((line) => line.headline) ?? result.losses[0];
    const headlineValue = typeof headline.value === 'number' ? headline.value : undefined;
    replaceChildren(
      this.element,
      el(
        'div',
        { class: 'headline', 'data-headline': '' },
        el('code', { class: 'headline-expression', text: headline.expression }),
        el('span', { class: 'headline-equals', text: '=' }),
        headlineValue !== undefined
          ? el('span', { class: 'headline-value', 'data-value': String(headlineValue), text: fullDigits(headlineValue) })
          : el('span', { class: 'headline-value', text: lossValueText(headline.value) }),
        el('span', { class: 'muted', text: headlineValue !== undefined ? `nats · ${sixDigits(toBits(headlineValue))} bits` : 'nats' }),
      ),
      el('p', { class: 'muted reduction-note', text: result.reductionNote }),
      this.lossTable(result.losses),
      result.identity ? this.identity(result.identity) : undefined,
      this.exampleSection(result),
    );
  }

  private lossTable(losses: readonly LossLine[]): HTMLElement {
    return el(
      'table',
      { class: 'losses', 'aria-label': 'Every applicable loss' },
      el('thead', {}, el('tr', {}, el('th', { text: 'PyTorch' }), el('th', { class: 'number', text: 'nats' }), el('th', { class: 'number', text: 'bits' }), el('th', { text: 'what it is' }))),
      el(
        'tbody',
        {},
        ...losses.map((line) =>
          el(
            'tr',
            { class: line.headline ? 'is-headline' : '', 'data-loss': line.expression },
            el('td', {}, el('code', { text: line.expression })),
            el('td', { class: 'number', text: lossValueText(line.value) }),
            el('td', { class: 'number', text: lossValueText(line.value, toBits) }),
            el('td', { class: 'muted', text: line.meaning }),
          ),
        ),
      ),
    );
  }

  private identity(identity: NonNullable<CalculatorResult['identity']>): HTMLElement {
    const total = identity.crossEntropy;
    const share = (value: number): string => (total > 0 && Number.isFinite(total) ? `${Math.max(0, Math.min(100, (value / total) * 100)).toFixed(1)}` : '0');
    const bar = el('div', { class: 'identity-bar', role: 'img', 'aria-label': `target entropy ${sixDigits(identity.targetEntropy)} plus KL ${sixDigits(identity.kl)} equals cross-entropy ${sixDigits(total)}` });
    const entropyPart = el('span', { class: 'identity-entropy' });
    const klPart = el('span', { class: 'identity-kl' });
    // Widths through attributes the stylesheet maps to sizes would be coarse; a CSS custom property is set via the CSSOM (allowed by the CSP).
    entropyPart.style.setProperty('--share', `${share(identity.targetEntropy)}%`);
    klPart.style.setProperty('--share', `${share(identity.kl)}%`);
    bar.append(entropyPart, klPart);
    return el(
      'section',
      { class: 'identity', 'aria-label': 'Cross-entropy is target entropy plus KL' },
      el('h2', { text: 'Cross-entropy = entropy of the targets + KL(targets ‖ model)' }),
      el(
        'p',
        { class: 'identity-equation', 'data-identity': '' },
        el('span', { class: 'swatch swatch-entropy', 'aria-hidden': 'true' }),
        `H(p) ${sixDigits(identity.targetEntropy)}  +  `,
        el('span', { class: 'swatch swatch-kl', 'aria-hidden': 'true' }),
        `KL(p ‖ q) ${sixDigits(identity.kl)}  =  H(p, q) ${sixDigits(total)} nats`,
      ),
      bar,
      el('p', { class: 'muted small', text: 'Mean over the counted examples, without class weights. H(p) is fixed by the data, so minimising cross-entropy minimises KL: it pulls q towards p.' }),
    );
  }

  private exampleSection(result: CalculatorResult): HTMLElement {
    const heading = el('h2', { text: result.examples > 1 ? `Example ${this.example + 1} of ${result.examples}` : 'The working' });
    const picker =
      result.examples > 1
        ? el('select', { 'aria-label': 'Example to work out' }, ...Array.from({ length: result.examples }, (_, i) => el('option', { value: String(i), text: `Example ${i + 1}` })))
        : undefined;
    if (picker) {
      picker.value = String(this.example);
      picker.addEventListener('change', () => {
        this.example = Number(picker.value);
        if (this.result) this.render(this.result);
        (this.element.querySelector('select') as HTMLSelectElement | null)?.focus();
      });
    }
    const table = result.multiclass ? multiclassTable(result.multiclass[this.example]) : multilabelTable((result.multilabel as MultilabelExample[])[this.example]);
    return el('section', { class: 'example', 'aria-label': 'One example worked out' }, el('div', { class: 'example-header' }, heading, picker), table);
  }
}

function cells(values: readonly (number | string)[], className = 'number'): HTMLElement[] {
  return values.map((v) => el('td', { class: className, text: typeof v === 'number' ? sixDigits(v) : v }));
}

function multiclassTable(example: MulticlassExample): HTMLElement {
  if (example.ignored) return el('p', { class: 'muted', text: 'This example’s target equals ignore_index: PyTorch leaves it out of the loss and of the mean.' });
  const total = example.loss;
  const rows = example.logits.map((_, c) =>
    el(
      'tr',
      { class: c === example.targetClass ? 'is-target' : '' },
      el('th', { scope: 'row', text: c === example.targetClass ? `${c} (target)` : String(c) }),
      ...cells([example.logits[c], example.probabilities[c], example.logProbabilities[c], example.target[c], example.terms[c], total > 0 ? `${((example.terms[c] / total) * 100).toFixed(1)}%` : '–']),
    ),
  );
  return el(
    'table',
    { class: 'example-table', 'aria-label': 'Class by class' },
    el('thead', {}, el('tr', {}, ...['class', 'logit x', 'q = softmax(x)', 'log q', 'target p', '−w·p·log q', 'share'].map((h, i) => el('th', { class: i > 0 ? 'number' : '', text: h })))),
    el('tbody', {}, ...rows),
    el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', text: 'sum' }), ...cells(['', sum(example.probabilities), '', sum(example.target), total, ''])), el('tr', {}, el('td', { colspan: '7', class: 'muted', text: `H(p) = ${sixDigits(example.targetEntropy)}, KL(p ‖ q) = ${sixDigits(example.kl)}, H(q) = ${sixDigits(example.predictionEntropy)} nats` }))),
  );
}

function multilabelTable(example: MultilabelExample): HTMLElement {
  const rows = example.probabilities.map((q, c) =>
    el('tr', {}, el('th', { scope: 'row', text: String(c) }), ...cells([example.logits ? example.logits[c] : '–', q, example.targets[c], example.terms[c], example.sum > 0 ? `${((example.terms[c] / example.sum) * 100).toFixed(1)}%` : '–'])),
  );
  return el(
    'table',
    { class: 'example-table', 'aria-label': 'Neuron by neuron' },
    el('thead', {}, el('tr', {}, ...['neuron', 'logit x', 'σ(x)', 'target y', 'BCE: −[y log σ + (1−y) log(1−σ)]', 'share'].map((h, i) => el('th', { class: i > 0 ? 'number' : '', text: h })))),
    el('tbody', {}, ...rows),
    el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', text: 'sum' }), ...cells(['', '', '', example.sum, '']))),
  );
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
