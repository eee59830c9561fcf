import * as assert from 'node:assert/strict';
import type { StepFigures } from '../../src/protocol';
import { chartLine, flaggedPoints, latestFinite, nearestIndex, niceCeil, visibleIndices, xExtent, xValues } from '../../webview/chartData';
import { RunSeries } from '../../webview/series';

const step = (s: number, split: string, time?: number): StepFigures => ({ step: s, split, task: 'multiclass', n: 1, loss: 1, accuracy: 1, class_prob: [1], loss_mismatch: false, nonfinite: 0, time });

describe('webview chart data (windowing and downsampling)', () => {
  it('uses steps as x, or wall time made non-decreasing', () => {
    const run = new RunSeries();
    run.apply([step(0, 'train', 10), step(1, 'train', 12), step(2, 'train', 11.5), step(3, 'train', 13), step(5, 'val', 20)]);
    const train = run.splits.get('train')!;
    assert.deepEqual(xValues(train, 'step'), [0, 1, 2, 3]);
    assert.deepEqual(xValues(train, 'time'), [10, 12, 12, 13]);
    assert.deepEqual(xExtent(run, 'step'), { min: 0, max: 5 });
    assert.deepEqual(xExtent(run, 'time'), { min: 10, max: 20 });
    assert.equal(xExtent(new RunSeries(), 'step'), undefined);
  });

  it('windows to the x range with one point beyond each edge', () => {
    const x = [0, 1, 2, 3, 4, 5];
    assert.deepEqual(visibleIndices(x, { min: 2, max: 3 }), { start: 1, end: 5 });
    assert.deepEqual(visibleIndices(x, { min: -5, max: 99 }), { start: 0, end: 6 });
    assert.deepEqual(visibleIndices(x, undefined), { start: 0, end: 6 });
  });

  it('downsamples to about two points per bucket and keeps a one-step spike', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => (i === 61_234 ? 50 : Math.sin(i / 1000)));
    const line = chartLine(x, y, undefined, 500);
    assert.ok(line.points.length <= 1000, `${line.points.length} points`);
    assert.equal(line.total, n);
    assert.ok(line.points.some((p) => p.x === 61_234 && p.y === 50), 'the spike survives');
    const zoomed = chartLine(x, y, { min: 1000, max: 1100 }, 500);
    assert.equal(zoomed.total, 103, 'the window and its two neighbours, not downsampled');
  });

  it('makes values ≤ 0 gaps on a log scale', () => {
    const line = chartLine([0, 1, 2], [1, 0, -1], undefined, 10, true);
    assert.deepEqual(
      line.points.map((p) => p.y),
      [1, NaN, NaN],
    );
  });

  it('lists flagged points inside the range, never downsampled', () => {
    assert.deepEqual(flaggedPoints([0, 1, 2, 3], [5, 6, 7, 8], [0, 1, 0, 1], { min: 0, max: 1.5 }), [{ x: 1, y: 6 }]);
  });

  it('finds the nearest x, the latest finite value, and a readable axis end', () => {
    assert.equal(nearestIndex([0, 10, 20], 14), 1);
    assert.equal(nearestIndex([0, 10, 20], 16), 2);
    assert.equal(nearestIndex([], 1), -1);
    assert.deepEqual(latestFinite([1, 2, NaN]), { value: 2, index: 1 });
    assert.equal(latestFinite([NaN]), undefined);
    assert.equal(niceCeil(5.36), 6);
    assert.equal(niceCeil(0.043), 0.05);
    assert.equal(niceCeil(100), 100);
  });
});
