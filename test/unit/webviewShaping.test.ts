import * as assert from 'node:assert/strict';
import type { ExampleDetail } from '../../src/protocol';
import { byTerm, exampleRows } from '../../webview/exampleData';
import { heatmapGrid, scalePosition } from '../../webview/heatmapData';
import { filterNames, shownClasses, topByLatest } from '../../webview/ranking';

describe('webview class ranking and picking', () => {
  it('shows the classes with the largest latest value, in class order', () => {
    const columns = [[0.1, 0.1], [0.5, 0.2], [0.3, NaN], [0.1, 0.6]];
    assert.deepEqual(topByLatest(columns, 2), [2, 3]);
    assert.deepEqual(shownClasses(undefined, columns).length, 4);
    assert.deepEqual(shownClasses([3, 3, 9, -1, 0], columns), [3, 0]);
    assert.deepEqual(filterNames(['cat', 'Dog', 'hotdog'], 'DOG'), [1, 2]);
    assert.deepEqual(filterNames(['a', 'b'], ' '), [0, 1]);
  });
});

describe('webview example rows (step inspector)', () => {
  const example: ExampleDetail = { row: 0, predicted: [0.7, 0.2, 0.1], target: [1, 0, 0], terms: [0.3567, 0, 0], loss: 0.3567, targetClass: 0 };

  it('keeps every class of a small head with its share of the loss', () => {
    const { rows, total, termSum } = exampleRows(example, ['a', 'b', 'c']);
    assert.equal(total, 3);
    assert.equal(rows.length, 3);
    assert.equal(rows[0].share, 1);
    assert.equal(termSum, 0.3567);
  });

  it('keeps the classes that matter of a wide head, the target always', () => {
    const c = 100;
    const wide: ExampleDetail = { row: 0, predicted: Array.from({ length: c }, (_, i) => (i === 7 ? 0.5 : 0.5 / 99)), target: Array.from({ length: c }, (_, i) => (i === 42 ? 1 : 0)), terms: Array.from({ length: c }, (_, i) => (i === 42 ? 5.3 : 0)), loss: 5.3, targetClass: 42 };
    const { rows } = exampleRows(wide, [], 5);
    assert.equal(rows.length, 5);
    assert.ok(rows.some((r) => r.index === 42) && rows.some((r) => r.index === 7));
    assert.deepEqual(
      byTerm(rows).map((r) => r.index)[0],
      42,
    );
  });
});

describe('webview heatmap cells', () => {
  it('folds steps into pixel columns by maximum, NaN winning, and fills gaps to the next step', () => {
    const x = [0, 1, 2, 3];
    const neurons = [
      [1, 3, 2, 0],
      [0, NaN, 0, 0],
    ];
    const grid = heatmapGrid(x, neurons, { min: 0, max: 4 }, 2, 10);
    assert.equal(grid.rows, 2);
    assert.deepEqual(Array.from(grid.values.slice(0, 2)), [3, 2]);
    assert.ok(Number.isNaN(grid.values[2]));
    const sparse = heatmapGrid([0, 2], [[1, 2]], { min: 0, max: 4 }, 4, 10);
    assert.deepEqual(Array.from(sparse.values), [1, 1, 2, -Infinity]);
  });

  it('pools neurons into rows when there are more neurons than pixel rows', () => {
    const grid = heatmapGrid([0], [[1], [5], [2], [0]], { min: 0, max: 1 }, 1, 2);
    assert.deepEqual(grid.rowStart, [0, 2]);
    assert.deepEqual(Array.from(grid.values), [5, 2]);
    assert.equal(scalePosition(10, 5), 1);
    assert.equal(scalePosition(NaN, 5), 0);
  });
});
