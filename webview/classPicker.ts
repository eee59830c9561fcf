import { button, el, setText, show } from './dom';
import { className, formatCount } from './format';
import { DEFAULT_SHOWN, filterNames, MAX_SHOWN } from './ranking';

/**
 * Which classes (or neurons) a per-class chart draws, for heads too wide to draw them all: a
 * collapsible list of checkboxes with a search box, at most MAX_SHOWN ticked. Until the user
 * picks, the chart shows the few with the largest latest value ("top").
 */
export class ClassPicker {
  readonly element: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly limit: HTMLElement;
  private names: readonly string[] = [];
  private count = 0;
  private shown: number[] = [];
  private picked: number[] | undefined;
  private rendered = '';
  private readonly boxes = new Map<number, HTMLInputElement>();

  constructor(
    private readonly noun: 'classes' | 'neurons',
    private readonly ranking: string,
    private readonly onChange: (picked: number[] | undefined) => void,
  ) {
    this.summary = el('summary');
    this.search = el('input', { type: 'search', class: 'picker-search', placeholder: `Filter ${noun}…`, 'aria-label': `Filter ${noun} by name` });
    this.search.addEventListener('input', () => this.renderList(true));
    this.list = el('div', { class: 'picker-list', role: 'group', 'aria-label': `Shown ${noun}` });
    this.limit = el('p', { class: 'picker-limit', text: `At most ${MAX_SHOWN} at once.` });
    const top = button(`Top ${DEFAULT_SHOWN}`, () => this.onChange(undefined), { class: 'button secondary small', title: `Show the ${DEFAULT_SHOWN} ${noun} with the ${ranking}` });
    const none = button('None', () => this.onChange([]), { class: 'button secondary small' });
    this.element = el('details', { class: 'picker' }, this.summary, el('div', { class: 'picker-body' }, el('div', { class: 'picker-bar' }, this.search, top, none), this.limit, this.list));
    this.element.addEventListener('toggle', () => this.renderList(false));
  }

  /** New data or a new pick: the summary line always, the list only while open. */
  update(names: readonly string[], count: number, shown: number[], picked: number[] | undefined): void {
    this.names = names;
    this.count = count;
    this.shown = shown;
    this.picked = picked;
    show(this.element, count > DEFAULT_SHOWN);
    const how = picked ? 'your pick' : this.ranking;
    setText(this.summary, `${this.noun[0].toUpperCase()}${this.noun.slice(1)}: ${formatCount(shown.length)} of ${formatCount(count)} shown (${how})`);
    this.renderList(false);
  }

  /**
   * Rebuilds the checkboxes when the filter or the classes change; otherwise only ticks them, so a
   * keyboard user toggling one keeps focus on it.
   */
  private renderList(force: boolean): void {
    if (!this.element.open) return;
    const key = `${this.count}|${this.search.value}|${this.names.length}`;
    if (force || key !== this.rendered) {
      this.rendered = key;
      this.boxes.clear();
      const matches = filterNames(Array.from({ length: this.count }, (_, i) => className(this.names, i)), this.search.value);
      this.list.replaceChildren(...matches.map((c) => this.item(c)));
      if (matches.length === 0) this.list.append(el('p', { class: 'muted', text: `No ${this.noun} match.` }));
    }
    const shown = new Set(this.shown);
    const full = shown.size >= MAX_SHOWN;
    show(this.limit, full);
    for (const [c, box] of this.boxes) {
      box.checked = shown.has(c);
      box.disabled = full && !box.checked;
    }
  }

  private item(c: number): HTMLElement {
    const box = el('input', { type: 'checkbox' });
    this.boxes.set(c, box);
    box.addEventListener('change', () => {
      const next = new Set(this.picked ?? this.shown);
      if (box.checked) next.add(c);
      else next.delete(c);
      this.onChange([...next].sort((a, b) => a - b));
    });
    return el('label', { class: 'picker-item' }, box, el('span', { text: className(this.names, c) }));
  }
}
