import { DEFAULT_FIELDS, isCalculatorFields, type CalculatorHostMessage } from '../../src/calculatorProtocol';
import { button, el, show } from '../dom';
import { connectCalculatorHost } from './calculatorHost';
import { CalculatorForm } from './form';
import { Working } from './working';

/**
 * The loss calculator's page. Every edit is sent to the host (debounced), which answers with the
 * losses or an error per field; answers to older input than the latest are dropped.
 */

/** Long enough to let a burst of keystrokes settle, short enough to feel live. */
const SETTLE_MS = 120;

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const host = connectCalculatorHost();
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = (): void => {
    timer = undefined;
    const fields = form.fields;
    host.saveFields(fields);
    host.post({ type: 'calculate', sequence: ++sequence, fields });
  };
  const form = new CalculatorForm(() => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(send, SETTLE_MS);
  });
  const working = new Working();
  const snippet = el('pre', { class: 'snippet', 'aria-label': 'PyTorch that reproduces the number' });
  const snippetSection = el(
    'section',
    { class: 'snippet-section' },
    el('div', { class: 'example-header' }, el('h2', { text: 'Reproduce it in PyTorch' }), button('Copy as PyTorch', () => host.post({ type: 'copySnippet', fields: form.fields }), { class: 'button secondary' }, 'copy')),
    snippet,
  );
  root.append(
    el('header', { class: 'calculator-header' }, el('h1', { text: 'Loss Calculator' }), el('p', { class: 'muted', text: 'Type a model’s outputs and a target: every loss PyTorch would compute, worked out step by step.' })),
    form.element,
    working.element,
    snippetSection,
  );

  window.addEventListener('message', (event: MessageEvent<CalculatorHostMessage>) => {
    const message = event.data;
    if (typeof message !== 'object' || message === null) return;
    if (message.type === 'fill') {
      form.fill(message.fields);
      send();
    } else if (message.type === 'calculated' && message.sequence === sequence) {
      form.showErrors(message.errors);
      working.show(message.result);
      snippet.textContent = message.result?.snippet ?? '';
      show(snippetSection, message.result !== undefined);
    }
  });
  const saved = host.savedFields();
  form.fill(isCalculatorFields(saved) ? saved : DEFAULT_FIELDS);
  host.post({ type: 'ready' });
  send();
}

start();
