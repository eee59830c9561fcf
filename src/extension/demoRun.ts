import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SimulatedClassifier, SimulatedTagger } from '../run/simulatedTraining';
import type { Inspectors } from './inspectors';

export const START_DEMO_COMMAND = 'lossLens.startDemoRun';

const STEPS = 2000;
const STEPS_PER_SECOND = 20;
const VAL_EVERY = 50;

/**
 * `Loss Lens: Start Demo Run`: writes a simulated classifier and a multilabel tagger into a new
 * temporary folder, a step every 50 ms as a real run would, and opens an inspector on each.
 * Returns the two log files. Writing stops after 2000 steps or when the extension deactivates.
 */
export function registerDemoRun(context: vscode.ExtensionContext, inspectors: Inspectors): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(START_DEMO_COMMAND, async (options?: { open?: boolean; stepsPerSecond?: number }) => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-demo-'));
      const classifier = path.join(folder, 'classifier.losslens.jsonl');
      const tagger = path.join(folder, 'tagger.losslens.jsonl');
      const stop = writeDemo(classifier, tagger, options?.stepsPerSecond ?? STEPS_PER_SECOND);
      context.subscriptions.push({ dispose: stop });
      if (options?.open !== false) {
        inspectors.open(classifier, vscode.ViewColumn.Active);
        inspectors.open(tagger, vscode.ViewColumn.Beside);
      }
      return { folder, classifier, tagger };
    }),
  );
}

function writeDemo(classifierFile: string, taggerFile: string, stepsPerSecond: number): () => void {
  const classifier = new SimulatedClassifier();
  const tagger = new SimulatedTagger();
  const write = (file: string, record: object): void => fs.appendFileSync(file, JSON.stringify(record) + '\n');
  write(classifierFile, classifier.header());
  write(taggerFile, tagger.header());
  let step = 0;
  const start = Date.now() / 1000;
  const timer = setInterval(() => {
    const time = start + step / stepsPerSecond;
    write(classifierFile, classifier.record(step, 'train', 32, time));
    write(taggerFile, tagger.record(step, 'train', 32, time));
    if (step % VAL_EVERY === 0) {
      write(classifierFile, classifier.record(step, 'val', 128, time));
      write(taggerFile, tagger.record(step, 'val', 128, time));
    }
    if (++step >= STEPS) clearInterval(timer);
  }, 1000 / stepsPerSecond);
  return () => clearInterval(timer);
}
