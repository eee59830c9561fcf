import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Line } from '../../src/log/lines';
import type { StepFigures } from '../../src/protocol';
import { LossAlarm, medianOf } from '../../src/run/lossAlarm';
import { Run } from '../../src/run/run';
import { RunReader } from '../../src/run/runReader';
import { SimulatedClassifier, SimulatedTagger } from '../../src/run/simulatedTraining';
import { readStepExamples } from '../../src/run/stepReader';
import { assertClose } from './tolerance';

const RUNS = path.join(__dirname, '..', 'fixtures', 'runs');

function step(n: number, loss: number, extra: Partial<StepFigures> = {}): StepFigures {
  return { step: n, split: 'train', task: 'multiclass', n: 8, loss, accuracy: 0.5, class_prob: [], loss_mismatch: false, nonfinite: 0, ...extra };
}

describe('the step inspector reads a step back from disk', () => {
  it('multiclass: each class term −w p log q adds up to the example loss PyTorch reports', async () => {
    const reader = new RunReader([path.join(RUNS, 'weighted-smoothed.jsonl')]);
    await reader.poll(true);
    const examples = await readStepExamples(reader.run, 'train', 3);
    assert.equal(examples.length, 5); // six rows, one ignored (target -1)
    for (const example of examples) {
      assertClose(example.terms.reduce((a, b) => a + b, 0), example.loss, `row ${example.row}`, 1e-12, 1e-12);
      assertClose(example.predicted.reduce((a, b) => a + b, 0), 1, `row ${example.row} softmax`, 1e-15, 0);
      assertClose(example.target.reduce((a, b) => a + b, 0), 1, `row ${example.row} target`, 1e-15, 0);
      assert.ok(example.targetClass !== undefined && example.targetClass >= 0);
    }
  });

  it('multilabel: each neuron BCE adds up to the example loss', async () => {
    const reader = new RunReader([path.join(RUNS, 'multilabel.jsonl')]);
    await reader.poll(true);
    const examples = await readStepExamples(reader.run, 'train', 5);
    assert.equal(examples.length, 7);
    for (const example of examples) assertClose(example.terms.reduce((a, b) => a + b, 0), example.loss, `row ${example.row}`);
    // Over the batch the neuron terms average to the run's neuron_bce.
    const bce = reader.run.steps().find((s) => s.step === 5)?.neuron_bce as number[];
    bce.forEach((value, j) => assertClose(examples.reduce((a, e) => a + e.terms[j], 0) / examples.length, value, `neuron ${j}`));
  });

  it('gathers the examples of every rank of a step', async () => {
    const reader = new RunReader([path.join(RUNS, 'ranks.0.jsonl'), path.join(RUNS, 'ranks.1.jsonl')]);
    await reader.poll(true);
    assert.equal((await readStepExamples(reader.run, 'train', 2)).length, 9);
    await assert.rejects(readStepExamples(reader.run, 'train', 99), /step 99 \(train\) is not in this run/);
  });
});

describe('the loss alarm', () => {
  it('raises on non-finite outputs and on a spike far above the recent median, once per step', () => {
    const alarm = new LossAlarm();
    for (let i = 0; i < 20; i++) assert.equal(alarm.observe(step(i, 1 + 0.01 * (i % 3))), undefined);
    const spike = alarm.observe(step(20, 4));
    assert.equal(spike?.kind, 'spike');
    assert.match(spike?.message ?? '', /loss jumped to 4\.000 at step 20 \(train\), 4\.0× its recent median/);
    assert.equal(alarm.observe(step(20, 4)), undefined, 'a step seen before');
    assert.equal(alarm.observe(step(21, 1.02)), undefined);
    assert.equal(alarm.observe(step(22, NaN, { nonfinite: 3 }))?.kind, 'nonfinite');
  });

  it('keeps quiet for tiny losses and before it has history', () => {
    const alarm = new LossAlarm();
    assert.equal(alarm.observe(step(0, 5)), undefined);
    for (let i = 1; i < 30; i++) assert.equal(alarm.observe(step(i, 0.001 * (1 + (i % 4)))), undefined);
    assert.equal(medianOf([3, 1, 2, 10]), 2.5);
  });
});

describe('the simulated training of the demo run', () => {
  function feed(lines: object[]): Run {
    const run = new Run();
    lines.forEach((value, i) => run.ingest('demo.jsonl', { text: JSON.stringify(value), number: i + 1, offset: 0, length: 0 } as Line));
    return run;
  }

  it('writes valid records of a classifier whose loss falls and accuracy rises', () => {
    const sim = new SimulatedClassifier();
    const run = feed([sim.header(), ...Array.from({ length: 800 }, (_, s) => sim.record(s, 'train', 32, s))]);
    assert.deepEqual(run.problems, []);
    const steps = run.steps();
    const mean = (from: number, to: number, f: (s: StepFigures) => number): number => steps.slice(from, to).reduce((a, s) => a + f(s), 0) / (to - from);
    assert.ok(mean(0, 20, (s) => s.loss) > 2 * mean(500, 580, (s) => s.loss));
    assert.ok(mean(500, 580, (s) => s.accuracy) > 0.7);
    assert.ok(steps[602].loss > 2 * mean(500, 580, (s) => s.loss), 'the learning-rate shock at step 600 shows');
  });

  it('writes a multilabel head whose rare tags are learned later', () => {
    const sim = new SimulatedTagger();
    const run = feed([sim.header(), ...Array.from({ length: 400 }, (_, s) => sim.record(s, 'train', 32, s))]);
    assert.deepEqual(run.problems, []);
    const late = run.steps().slice(300);
    const bce = (j: number): number => late.reduce((a, s) => a + (s.neuron_bce as number[])[j], 0) / late.length;
    assert.ok(bce(5) > 2 * bce(0));
  });
});
