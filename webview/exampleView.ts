import { Chart } from 'chart.js';
import type { ExampleDetail, Task } from '../src/protocol';
import { withAlpha } from './colors';
import { el, setText } from './dom';
import { byTerm, exampleRows, type ExampleRows } from './exampleData';
import { className, formatCount, formatPercent, formatValue } from './format';
import type { Theme } from './theme';

/**
 * One example drawn class by class: a bar chart of the predicted distribution against the
 * target, and a table of each class's term of the loss (they add up to the example's loss), the
 * largest first, with a bar for its share.
 */
export class ExampleView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly heading: HTMLElement;
  private readonly identity: HTMLElement;
  private readonly note: HTMLElement;
  private readonly table: HTMLTableSectionElement;
  private readonly headings: HTMLTableRowElement;
  private chart?: Chart<'bar'>;
  private background = '';

  constructor() {
    this.heading = el('p', { class: 'example-heading' });
    this.identity = el('p', { class: 'identity' });
    this.note = el('p', { class: 'muted small' });
    this.canvas = el('canvas', { 'data-chart': 'example', role: 'img', 'aria-label': 'Predicted distribution against the target' });
    this.table = el('tbody');
    this.headings = el('tr');
    this.element = el(
      'div',
      { class: 'example' },
      this.heading,
      this.identity,
      el('div', { class: 'example-grid' }, el('div', { class: 'example-chart' }, this.canvas), el('div', { class: 'example-table-box' }, el('table', { class: 'terms' }, el('thead', {}, this.headings), this.table))),
      this.note,
    );
  }

  show(example: ExampleDetail, task: Task, names: readonly string[], theme: Theme): void {
    const data = exampleRows(example, names);
    const target = example.targetClass !== undefined ? ` · target: ${className(names, example.targetClass)}` : '';
    setText(this.heading, `Row ${formatCount(example.row)}${example.id !== undefined ? ` · id ${String(example.id)}` : ''}${target}`);
    const terms = task === 'multiclass' ? 'Σ −w·p·log q over classes' : 'Σ BCE over neurons';
    setText(this.identity, `loss ${formatValue(example.loss)} = ${terms} = ${formatValue(data.termSum)}`);
    setText(this.note, data.rows.length < data.total ? `${data.rows.length} of ${formatCount(data.total)} ${task === 'multiclass' ? 'classes' : 'neurons'} shown: the largest predictions, targets and loss terms.` : '');
    this.drawChart(data, task, theme);
    const headings = task === 'multiclass' ? ['class', 'target p', 'predicted q', 'term −w·p·log q', 'share of loss'] : ['neuron', 'target', 'predicted σ', 'BCE', 'share of loss'];
    if (this.headings.textContent !== headings.join('')) this.headings.replaceChildren(...headings.map((h) => el('th', { scope: 'col', text: h })));
    this.fillTable(data, example.targetClass);
    this.canvas.setAttribute('aria-label', this.describe(data, example));
  }

  private drawChart(data: ExampleRows, task: Task, theme: Theme): void {
    const labels = data.rows.map((row) => (row.name.length > 14 ? `${row.name.slice(0, 13)}…` : row.name));
    const datasets = [
      { label: task === 'multiclass' ? 'predicted q (softmax)' : 'predicted σ(z)', data: data.rows.map((r) => r.predicted), backgroundColor: withAlpha(theme.blue, 0.85), borderColor: theme.blue, borderWidth: 1 },
      { label: task === 'multiclass' ? 'target p' : 'target', data: data.rows.map((r) => r.target), backgroundColor: withAlpha(theme.green, 0.35), borderColor: theme.green, borderWidth: 1.5 },
    ];
    this.background = theme.background;
    const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) };
    const options = {
      animation: false as const,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { color: theme.chartForeground, font, maxRotation: 50, autoSkip: false }, grid: { display: false }, border: { color: theme.grid } },
        y: { min: 0, max: 1, ticks: { color: theme.chartForeground, font, maxTicksLimit: 6 }, grid: { color: withAlpha(theme.grid, 0.45) }, border: { color: theme.grid } },
      },
      plugins: {
        legend: { position: 'bottom' as const, align: 'start' as const, labels: { color: theme.chartForeground, font, boxWidth: 14, boxHeight: 10 } },
        tooltip: { callbacks: { title: (items: { dataIndex: number }[]) => data.rows[items[0]?.dataIndex]?.name ?? '' } },
      },
    };
    if (!this.chart) {
      const background = { id: 'exampleBackground', beforeDraw: (chart: Chart) => {
          // Opaque, so an exported PNG has the panel's background rather than none.
          chart.ctx.fillStyle = this.background;
          chart.ctx.fillRect(0, 0, chart.width, chart.height);
        },
      };
      this.chart = new Chart<'bar'>(this.canvas, { type: 'bar', data: { labels, datasets }, options, plugins: [background] });
      return;
    }
    this.chart.data.labels = labels;
    this.chart.data.datasets = datasets;
    this.chart.options = options;
    this.chart.update('none');
  }

  private fillTable(data: ExampleRows, targetClass: number | undefined): void {
    const rows = byTerm(data.rows).map((row) => {
      const bar = el('span', { class: 'share-bar', 'aria-hidden': 'true' });
      bar.style.width = `${Math.round(Math.max(0, Math.min(1, row.share || 0)) * 100)}%`;
      return el(
        'tr',
        { class: row.index === targetClass ? 'target' : undefined, title: row.index === targetClass ? 'the target class' : undefined },
        el('th', { scope: 'row', text: row.name }),
        el('td', { text: formatValue(row.target) }),
        el('td', { text: formatValue(row.predicted) }),
        el('td', { text: formatValue(row.term) }),
        el('td', { class: 'share' }, el('span', { class: 'share-track' }, bar), el('span', { text: formatPercent(row.share) })),
      );
    });
    this.table.replaceChildren(...rows);
  }

  private describe(data: ExampleRows, example: ExampleDetail): string {
    const top = byTerm(data.rows)
      .slice(0, 3)
      .map((r) => `${r.name}: predicted ${formatValue(r.predicted)}, target ${formatValue(r.target)}, term ${formatValue(r.term)}`);
    return `Example row ${example.row}, loss ${formatValue(example.loss)}. Largest terms: ${top.join('; ')}.`;
  }

  /** The bar chart as a PNG data URL (undefined before an example was shown). */
  toDataUrl(): string | undefined {
    return this.chart?.toBase64Image('image/png');
  }

  /** Forgets the example (a reset run). */
  clear(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.table.replaceChildren();
  }
}
