import type { StepSummary } from '../run/summary';
import { formatPythonJson } from '../log/pythonJson';
import { formatNumber } from './calcReport';

export type SummaryFormat = 'jsonl' | 'csv' | 'table';

/** Writes step summaries in one format; `header()` first (CSV and table have one), then `row()` per step. */
export interface SummaryWriter {
  header(): string | undefined;
  row(step: StepSummary): string;
}

const SCALARS = ['step', 'split', 'n', 'loss', 'nll', 'entropy', 'target_entropy', 'kl', 'accuracy', 'true_class_prob', 'logged_loss', 'loss_mismatch', 'nonfinite', 'epoch', 'time'] as const;

export function summaryWriter(format: SummaryFormat, classNames: readonly string[], multilabel: boolean): SummaryWriter {
  switch (format) {
    case 'jsonl':
      return { header: () => undefined, row: (step) => formatPythonJson(step) };
    case 'csv':
      return csvWriter(classNames, multilabel ? classNames : []);
    case 'table':
      return tableWriter();
  }
}

function csvWriter(classNames: readonly string[], neuronNames: readonly string[]): SummaryWriter {
  const cell = (value: unknown): string => {
    if (value === undefined) return '';
    const text = String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return {
    header: () =>
      [...SCALARS, ...classNames.map((name) => `class_prob[${name}]`), ...neuronNames.map((name) => `neuron_bce[${name}]`)].map(cell).join(','),
    row: (step) =>
      [
        ...SCALARS.map((key) => cell(step[key])),
        ...classNames.map((_, c) => cell(step.class_prob[c])),
        ...neuronNames.map((_, c) => cell(step.neuron_bce?.[c])),
      ].join(','),
  };
}

const TABLE_COLUMNS: [string, number, (s: StepSummary) => string][] = [
  ['step', 8, (s) => String(s.step)],
  ['split', 8, (s) => s.split],
  ['n', 5, (s) => String(s.n)],
  ['loss', 10, (s) => formatNumber(s.loss)],
  ['H(p)', 10, (s) => optional(s.target_entropy)],
  ['KL(p||q)', 10, (s) => optional(s.kl)],
  ['H(q)', 10, (s) => optional(s.entropy)],
  ['accuracy', 9, (s) => formatNumber(s.accuracy)],
  ['logged', 10, (s) => optional(s.logged_loss)],
  ['flags', 0, (s) => [s.loss_mismatch ? 'loss mismatch' : '', s.nonfinite > 0 ? `${s.nonfinite} non-finite` : ''].filter(Boolean).join(', ')],
];

function optional(x: number | undefined): string {
  return x === undefined ? '-' : formatNumber(x);
}

function tableWriter(): SummaryWriter {
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padStart(TABLE_COLUMNS[i][1])).join('  ').trimEnd();
  return {
    header: () => line(TABLE_COLUMNS.map(([name]) => name)),
    row: (step) => line(TABLE_COLUMNS.map(([, , value]) => value(step))),
  };
}
