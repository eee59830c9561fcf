import * as path from 'node:path';
import { startDemoRun } from '../run/demoRun';
import { parseOptions, UsageError } from './args';

export const DEMO_HELP = `usage: loss-lens demo [FOLDER] [--steps N] [--rate STEPS_PER_SECOND]

Writes a simulated training run into FOLDER (default: ./loss-lens-demo), in real time, as a
training script using python/loss_lens.py would: classifier.losslens.jsonl (10 classes, label
smoothing, a val split every 50 steps, a learning-rate shock at step 600) and
tagger.losslens.jsonl (a 6-tag multilabel head). Open the folder in VS Code to watch it live,
or follow it with 'loss-lens summarize FOLDER/classifier.losslens.jsonl --follow --format table'.

Options:
  --steps N    steps to write (default 2000)
  --rate R     steps per second (default 20)`;

export function runDemo(args: string[]): Promise<number> {
  const folderArgs = args.filter((arg, i) => !arg.startsWith('--') && !['--steps', '--rate'].includes(args[i - 1]));
  const options = parseOptions(args.filter((_, i) => !folderArgs.includes(args[i])), [], ['--steps', '--rate']);
  const count = (name: string, fallback: number): number => {
    const text = options.get(name);
    if (text === undefined || text === true) return fallback;
    const value = Number(text);
    if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`${name} must be a positive number, not '${text}'`);
    return value;
  };
  if (folderArgs.length > 1) throw new UsageError('give one folder');
  const folder = path.resolve(folderArgs[0] ?? 'loss-lens-demo');
  const steps = Math.round(count('--steps', 2000));
  const rate = count('--rate', 20);
  return new Promise((resolve) => {
    const demo = startDemoRun(folder, { steps, stepsPerSecond: rate, onDone: () => resolve(0) });
    console.log(`writing ${steps} steps at ${rate} steps/s to\n  ${demo.classifier}\n  ${demo.tagger}`);
    process.once('SIGINT', () => {
      demo.stop();
      resolve(0);
    });
  });
}
