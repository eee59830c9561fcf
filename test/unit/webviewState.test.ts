import * as assert from 'node:assert/strict';
import { DEFAULT_STATE, restoreState, stateAfterReset } from '../../webview/state';

describe('webview UI state (saved with vscode.setState)', () => {
  it('starts from the defaults when nothing (or nonsense) was saved', () => {
    assert.deepEqual(restoreState(undefined), DEFAULT_STATE);
    assert.deepEqual(restoreState({}), DEFAULT_STATE);
    assert.equal(restoreState('garbage').xAxis, 'step');
  });

  it('restores every field it can check and drops the rest', () => {
    const state = restoreState({
      zoom: { min: 5, max: 50 },
      xAxis: 'time',
      ema: false,
      emaWeight: 2,
      logY: true,
      pickedClasses: [3, -1, 2.5, 'x', 7],
      selected: { split: 'val', step: 40 },
      example: 3,
      heatmapSplit: 'val',
      problemsOpen: true,
      extra: 'ignored',
    });
    assert.deepEqual(state.zoom, { min: 5, max: 50 });
    assert.equal(state.xAxis, 'time');
    assert.equal(state.ema, false);
    assert.equal(state.emaWeight, 0.99, 'clamped to the slider');
    assert.deepEqual(state.pickedClasses, [3, 7]);
    assert.deepEqual(state.selected, { split: 'val', step: 40 });
    assert.equal(state.example, 3);
    assert.equal(restoreState({ zoom: { min: 5, max: 1 } }).zoom, undefined, 'an empty range');
    assert.equal(restoreState({ selected: { split: 1, step: 2 } }).selected, undefined);
  });

  it('forgets what pointed into the old data after a reset, keeps the view settings', () => {
    const after = stateAfterReset(restoreState({ zoom: { min: 1, max: 2 }, selected: { split: 'train', step: 1 }, logY: true, pickedNeurons: [1] }));
    assert.equal(after.zoom, undefined);
    assert.equal(after.selected, undefined);
    assert.equal(after.pickedNeurons, undefined);
    assert.equal(after.logY, true);
  });
});
