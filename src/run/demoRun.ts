import * as fs from 'node:fs';
import * as path from 'node:path';
import { SimulatedClassifier, SimulatedTagger } from './simulatedTraining';

export interface DemoOptions {
  /** Steps to write; default 2000. */
  steps?: number;
  /** Steps written per second; default 20 (a step every 50 ms). */
  stepsPerSecond?: number;
  /** A validation record every this many steps; default 50. */
  valEvery?: number;
  /** Called once the last step is written. */
  onDone?: () => void;
}

export interface DemoRun {
  readonly classifier: string;
  readonly tagger: string;
  /** Stops writing (the logs stay). */
  stop(): void;
}

/**
 * Writes a simulated training run into `folder` as a real one would, in real time: a 10-class
 * classifier (`classifier.losslens.jsonl`) and a 6-tag multilabel head (`tagger.losslens.jsonl`),
 * a header each, then a record per step and a validation record every `valEvery` steps.
 */
export function startDemoRun(folder: string, options: DemoOptions = {}): DemoRun {
  const steps = options.steps ?? 2000;
  const rate = options.stepsPerSecond ?? 20;
  const valEvery = options.valEvery ?? 50;
  fs.mkdirSync(folder, { recursive: true });
  const classifierFile = path.join(folder, 'classifier.losslens.jsonl');
  const taggerFile = path.join(folder, 'tagger.losslens.jsonl');
  const classifier = new SimulatedClassifier();
  const tagger = new SimulatedTagger();
  const write = (file: string, record: object): void => fs.appendFileSync(file, JSON.stringify(record) + '\n');
  fs.writeFileSync(classifierFile, '');
  fs.writeFileSync(taggerFile, '');
  write(classifierFile, classifier.header());
  write(taggerFile, tagger.header());
  let step = 0;
  const start = Date.now() / 1000;
  const timer = setInterval(() => {
    const time = start + step / rate;
    write(classifierFile, classifier.record(step, 'train', 32, time));
    write(taggerFile, tagger.record(step, 'train', 32, time));
    if (step % valEvery === 0) {
      write(classifierFile, classifier.record(step, 'val', 128, time));
      write(taggerFile, tagger.record(step, 'val', 128, time));
    }
    if (++step >= steps) {
      clearInterval(timer);
      options.onDone?.();
    }
  }, 1000 / rate);
  return { classifier: classifierFile, tagger: taggerFile, stop: () => clearInterval(timer) };
}
