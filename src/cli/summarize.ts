import { bundledWorker } from '../run/ingestPool';
import { describeProblem } from '../run/run';
import { RunReader } from '../run/runReader';
import type { StepSummary } from '../run/summary';
import { parseOptions, UsageError } from './args';
import { summaryWriter, type SummaryFormat, type SummaryWriter } from './summaryFormats';

export const SUMMARIZE_HELP = `usage: loss-lens summarize FILE... [--format jsonl|csv|table] [--follow]

Reads Loss Lens logs (docs/log-format.md) and prints one line per step with the figures derived
from the logged outputs: loss (PyTorch's cross_entropy or BCE, mean), nll, entropy,
target_entropy, kl, accuracy, class_prob, true_class_prob (multiclass), neuron_bce (multilabel),
logged_loss, loss_mismatch, nonfinite. Several files (one per rank of a distributed job) merge
by step.

Options:
  --format F   jsonl (default; NaN written as the NaN token), csv, or table
  --follow     keep reading as the files grow; a step is printed once a later step of its
               split appears (or after 1 s of quiet), and again if more of it arrives later
Bad lines are reported on stderr as FILE:LINE: FIELD: REASON and skipped; the exit status is 1
when any line was bad (after printing every valid step), 2 on a usage error.`;

const POLL_MS = 200;
const QUIET_MS = 1000;

export async function runSummarize(args: string[]): Promise<number> {
  const files = args.filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--format');
  const options = parseOptions(args.filter((arg) => !files.includes(arg)), ['--follow'], ['--format']);
  const format = (options.get('--format') ?? 'jsonl') as string;
  if (!['jsonl', 'csv', 'table'].includes(format)) throw new UsageError(`--format must be jsonl, csv or table, not '${format}'`);
  if (files.length === 0) throw new UsageError('name at least one log file');
  const reader = new RunReader(files, { parallel: bundledWorker() });
  try {
    return await summarizeWith(reader, format as SummaryFormat, options.has('--follow'));
  } finally {
    await reader.close();
  }
}

async function summarizeWith(reader: RunReader, format: SummaryFormat, follow: boolean): Promise<number> {
  const files = reader.files;
  const first = await reader.poll(!follow);
  for (const warning of first.warnings) console.error(`loss-lens summarize: ${warning}`);
  for (const file of first.missing) console.error(`loss-lens summarize: ${file}: no such file`);
  if (first.missing.length === files.length && !follow) return 1;

  const run = reader.run;
  let reported = 0;
  const reportProblems = (): void => {
    for (; reported < run.problems.length; reported++) console.error(describeProblem(run.problems[reported]));
  };
  let writer: SummaryWriter | undefined;
  const print = (steps: StepSummary[]): void => {
    if (steps.length === 0) return;
    if (!writer) {
      writer = summaryWriter(format, run.classNames, run.task === 'multilabel');
      const header = writer.header();
      if (header !== undefined) process.stdout.write(header + '\n');
    }
    process.stdout.write(steps.map((step) => writer?.row(step)).join('\n') + '\n');
  };

  if (!follow) {
    print(run.steps());
    reportProblems();
    if (run.problemCount > run.problems.length) console.error(`... and ${run.problemCount - run.problems.length} more bad lines`);
    return run.problemCount > 0 ? 1 : 0;
  }
  return followRun(reader, print, reportProblems);
}

/** Prints steps as they complete, until interrupted. */
async function followRun(reader: RunReader, print: (steps: StepSummary[]) => void, reportProblems: () => void): Promise<number> {
  const pending = new Map<string, StepSummary>();
  let quietSince = Date.now();
  let stopped = false;
  process.once('SIGINT', () => (stopped = true));
  process.once('SIGTERM', () => (stopped = true));
  for (let round = 0; !stopped; round++) {
    const result = round === 0 ? { bytes: 1, restarted: [], warnings: [] } : await reader.poll();
    for (const warning of result.warnings) console.error(`loss-lens summarize: ${warning}`);
    for (const file of result.restarted) console.error(`loss-lens summarize: ${file} was truncated or replaced; reading it again`);
    for (const step of reader.run.takeChanged()) pending.set(`${step.split}\u0000${step.step}`, step);
    reportProblems();
    const now = Date.now();
    if (result.bytes > 0) quietSince = now;
    const quiet = now - quietSince >= QUIET_MS;
    // A step is complete once a later step of its split has arrived (or the files went quiet).
    const latest = new Map<string, number>();
    for (const step of pending.values()) latest.set(step.split, Math.max(latest.get(step.split) ?? -1, step.step));
    const ready = [...pending.entries()].filter(([, step]) => quiet || step.step < (latest.get(step.split) ?? -1));
    for (const [key] of ready) pending.delete(key);
    print(ready.map(([, step]) => step).sort((a, b) => a.step - b.step || (a.split < b.split ? -1 : 1)));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  print([...pending.values()].sort((a, b) => a.step - b.step || (a.split < b.split ? -1 : 1)));
  return 0;
}
