import type { ProblemInfo, RunInfo } from '../src/protocol';
import { button, el, setText, show } from './dom';
import { formatCount, stepList } from './format';
import type { RunSeries } from './series';

const WAITING = 'Waiting for the first record…';

/**
 * The top of the panel: the run's name and files, the loading bar, the empty state, the warning
 * about non-finite outputs, and the lines of the log that could not be read. Every string here
 * comes from the log or its file names, so all of it goes in as text.
 */
export class RunHeader {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly progressBar: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly emptyFiles: HTMLElement;
  private readonly emptyTitle: HTMLElement;
  private readonly nonfinite: HTMLElement;
  private readonly nonfiniteText: HTMLElement;
  private readonly problems: HTMLDetailsElement;
  private readonly problemsSummary: HTMLElement;
  private readonly problemsList: HTMLElement;
  private firstNonfinite?: { split: string; step: number };
  private problemsKey = '';

  constructor(
    runName: string,
    onShowStep: (split: string, step: number) => void,
    private readonly onProblemsToggle: (open: boolean) => void,
  ) {
    this.title = el('h1', { text: runName || 'Loss Lens' });
    this.meta = el('p', { class: 'meta' });
    this.progressBar = el('div', { class: 'progress-bar' });
    this.progress = el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Reading the log', 'aria-valuemin': '0', 'aria-valuemax': '100' }, this.progressBar);
    this.emptyFiles = el('ul', { class: 'files' });
    this.emptyTitle = el('p', { class: 'empty-title', text: WAITING });
    this.empty = el('div', { class: 'empty' }, this.emptyTitle, el('p', { class: 'muted', text: 'The charts appear as soon as the training run writes a step to its log:' }), this.emptyFiles);
    this.nonfiniteText = el('span');
    this.nonfinite = el(
      'div',
      { class: 'banner error', role: 'alert' },
      el('span', { class: 'badge error', text: 'NaN' }),
      this.nonfiniteText,
      button('Inspect', () => this.firstNonfinite && onShowStep(this.firstNonfinite.split, this.firstNonfinite.step), { class: 'button secondary small', 'aria-label': 'Inspect the first step with non-finite outputs' }),
    );
    this.problemsSummary = el('summary');
    this.problemsList = el('ul', { class: 'problem-list' });
    this.problems = el('details', { class: 'problems' }, this.problemsSummary, this.problemsList);
    this.problems.addEventListener('toggle', () => this.onProblemsToggle(this.problems.open));
    this.element = el('header', { class: 'run-header' }, el('div', { class: 'run-title' }, this.title, this.meta), this.progress, this.nonfinite, this.problems, this.empty);
    show(this.progress, false);
    show(this.nonfinite, false);
    show(this.problems, false);
  }

  /** The run's name, task and size. */
  setRun(info: RunInfo, run: RunSeries): void {
    setText(this.title, info.name || 'Loss Lens');
    const splits = [...run.splits.values()].map((s) => `${s.split} ${formatCount(s.length)}`).join(', ');
    const task = run.task ?? info.task;
    const classes = run.classCount || info.classNames.length;
    const parts = [
      task === 'multilabel' ? `multilabel, ${formatCount(classes)} neurons` : task ? `multiclass, ${formatCount(classes)} classes` : undefined,
      run.stepCount ? `${formatCount(run.stepCount)} steps (${splits})` : undefined,
      info.files.length === 1 ? info.files[0] : `${formatCount(info.files.length)} files`,
    ].filter(Boolean);
    setText(this.meta, parts.join(' · '));
    this.meta.title = info.files.join('\n');
    show(this.empty, run.stepCount === 0);
    if (run.stepCount === 0) this.emptyFiles.replaceChildren(...info.files.map((file) => el('li', { text: file })));
    this.setNonfinite(run.nonfiniteSteps());
  }

  /** Loading progress in [0, 1]; undefined or 1 hides the bar. */
  setProgress(fraction: number | undefined): void {
    const loading = fraction !== undefined && fraction < 1;
    show(this.progress, loading);
    setText(this.emptyTitle, loading ? 'Reading the log…' : WAITING);
    if (!loading) return;
    const percent = Math.round(Math.max(0, fraction) * 100);
    this.progressBar.style.width = `${percent}%`;
    this.progress.setAttribute('aria-valuenow', String(percent));
    this.progress.setAttribute('aria-valuetext', `Reading the log: ${percent}%`);
  }

  setProblems(problems: readonly ProblemInfo[], count: number, open: boolean): void {
    show(this.problems, count > 0);
    const key = `${count}|${problems.length}`;
    if (key === this.problemsKey) return;
    this.problemsKey = key;
    setText(this.problemsSummary, `${formatCount(count)} line${count === 1 ? '' : 's'} could not be read`);
    this.problems.open = open && count > 0;
    const items = problems.map((p) => el('li', {}, el('code', { text: `${p.file}:${p.line}` }), `: ${p.field ? `${p.field}: ` : ''}${p.message}`));
    if (count > problems.length) items.push(el('li', { class: 'muted', text: `…and ${formatCount(count - problems.length)} more` }));
    this.problemsList.replaceChildren(...items);
  }

  private setNonfinite(steps: { split: string; step: number }[]): void {
    show(this.nonfinite, steps.length > 0);
    this.firstNonfinite = steps[0];
    if (steps.length === 0) return;
    const splits = new Set(steps.map((s) => s.split));
    setText(this.nonfiniteText, `Non-finite outputs ${stepList(steps.map((s) => s.step))}${splits.size > 1 || !splits.has('train') ? ` (${[...splits].join(', ')})` : ''}: their figures are NaN, drawn as gaps with a red mark.`);
  }
}
