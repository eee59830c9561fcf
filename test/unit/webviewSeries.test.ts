import * as assert from 'node:assert/strict';
import type { StepFigures } from '../../src/protocol';
import { lowerBound, RunSeries } from '../../webview/series';

function figures(step: number, split = 'train', extra: Partial<StepFigures> = {}): StepFigures {
  return { step, split, task: 'multiclass', n: 4, loss: step / 10, accuracy: 0.5, class_prob: [0.25, 0.75], loss_mismatch: false, nonfinite: 0, ...extra };
}

describe('webview series (columnar store per split)', () => {
  it('appends steps in order, one column per figure, splits apart', () => {
    const run = new RunSeries();
    const changed = run.apply([figures(0), figures(1), figures(0, 'val'), figures(2)]);
    assert.deepEqual([...changed].sort(), ['train', 'val']);
    const train = run.splits.get('train')!;
    assert.deepEqual(train.step, [0, 1, 2]);
    assert.deepEqual(train.scalars.loss, [0, 0.1, 0.2]);
    assert.deepEqual(train.classProb, [[0.25, 0.25, 0.25], [0.75, 0.75, 0.75]]);
    assert.equal(run.splits.get('val')!.length, 1);
    assert.equal(run.stepCount, 4);
    assert.equal(run.task, 'multiclass');
  });

  it('replaces a re-sent step in place and inserts a late one in order', () => {
    const run = new RunSeries();
    run.apply([figures(0), figures(2), figures(4)]);
    run.apply([figures(2, 'train', { loss: 9 }), figures(3)]);
    const train = run.splits.get('train')!;
    assert.deepEqual(train.step, [0, 2, 3, 4]);
    assert.deepEqual(train.scalars.loss, [0, 9, 0.3, 0.4]);
    assert.equal(train.classProb[0].length, 4);
  });

  it('keeps running counts through appends and replacements', () => {
    const run = new RunSeries();
    run.apply([figures(0, 'train', { loss_mismatch: true, logged_loss: 1, time: 5 }), figures(1, 'train', { nonfinite: 2 })]);
    const train = run.splits.get('train')!;
    assert.deepEqual(train.counts, { mismatch: 1, nonfinite: 1, logged: 1, missingTime: 1 });
    run.apply([figures(0), figures(1, 'train', { time: 6 })]);
    assert.deepEqual(train.counts, { mismatch: 0, nonfinite: 0, logged: 0, missingTime: 1 });
  });

  it('reads a missing or null figure (JSON NaN) as NaN', () => {
    const run = new RunSeries();
    run.apply([{ ...figures(0), loss: null as unknown as number, class_prob: [null as unknown as number, 1] }]);
    const train = run.splits.get('train')!;
    assert.ok(Number.isNaN(train.scalars.loss[0]));
    assert.ok(Number.isNaN(train.scalars.kl[0]), 'a multiclass figure absent from the message');
    assert.ok(Number.isNaN(train.classProb[0][0]));
    assert.equal(train.classProb[1][0], 1);
  });

  it('pads a class first seen later with NaN at the earlier steps', () => {
    const run = new RunSeries();
    run.apply([figures(0), figures(1, 'train', { class_prob: [0.2, 0.3, 0.5] })]);
    const train = run.splits.get('train')!;
    assert.equal(train.classProb.length, 3);
    assert.ok(Number.isNaN(train.classProb[2][0]));
    assert.equal(train.classProb[2][1], 0.5);
    assert.equal(run.classCount, 3);
  });

  it('tells caches the lowest index changed since a version', () => {
    const run = new RunSeries();
    run.apply([figures(0), figures(1), figures(2)]);
    const train = run.splits.get('train')!;
    const before = train.version;
    assert.equal(train.changedSince(before), 3, 'nothing changed: the length');
    run.apply([figures(3), figures(4)]);
    assert.equal(train.changedSince(before), 3, 'appends: from the first new index');
    run.apply([figures(1, 'train', { loss: 7 })]);
    assert.equal(train.changedSince(before), 1, 'a rewrite: from the rewritten step');
    for (let i = 5; i < 200; i++) run.apply([figures(i)]);
    assert.equal(train.changedSince(before), 0, 'too far behind: start over');
  });

  it('finds steps, nearest steps, non-finite steps, mismatches and whether time is logged', () => {
    const run = new RunSeries();
    run.apply([figures(0, 'train', { time: 1 }), figures(10, 'train', { time: 2, nonfinite: 3, loss_mismatch: true }), figures(5, 'val', { time: 3, loss_mismatch: true })]);
    const train = run.splits.get('train')!;
    assert.equal(train.indexOf(10), 1);
    assert.equal(train.indexOf(7), -1);
    assert.equal(train.nearestIndex(4), 0);
    assert.equal(train.nearestIndex(6), 1);
    assert.equal(train.nearestIndex(99), 1);
    assert.deepEqual(run.nonfiniteSteps(), [{ split: 'train', step: 10 }]);
    assert.deepEqual(run.mismatchCount(), { count: 2, first: 5 });
    assert.equal(run.hasTime, true);
    run.apply([figures(20)]);
    assert.equal(run.hasTime, false);
  });

  it('lowerBound is the first index not below the value', () => {
    assert.equal(lowerBound([1, 3, 3, 5], 3), 1);
    assert.equal(lowerBound([1, 3, 3, 5], 6), 4);
    assert.equal(lowerBound([], 1), 0);
  });
});
