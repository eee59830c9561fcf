import * as assert from 'node:assert/strict';
import { debiasedEma, EmaCache } from '../../webview/smoothing';
import { assertClose } from './tolerance';

describe('webview smoothing (debiased EMA, as TensorBoard)', () => {
  it('matches values worked by hand', () => {
    // w = 0.5: biased 0.5, 0.25, 1.125; debiased by 1 − 0.5ⁿ: 1, 1/3, 9/7.
    assertClose(debiasedEma([1, 0, 2], 0.5), [1, 1 / 3, 1.125 / 0.875]);
  });

  it('keeps a constant series constant from its first point', () => {
    for (const value of debiasedEma([3, 3, 3, 3], 0.9)) assertClose(value, 3);
  });

  it('is the identity at weight 0', () => {
    assert.deepEqual(debiasedEma([1, 5, -2], 0), [1, 5, -2]);
  });

  it('passes non-finite points through without letting them into the average', () => {
    const out = debiasedEma([1, NaN, Infinity, 1], 0.6);
    assert.ok(Number.isNaN(out[1]));
    assert.equal(out[2], Infinity);
    assertClose(out[3], 1);
  });

  it('extends a cached curve on appends and resumes it after a rewrite, equal to starting over', () => {
    const cache = new EmaCache();
    const y = [0.9, 0.5, NaN, 0.7, 0.2];
    let version = 1;
    let changedFrom = 0;
    cache.get('loss', y, 0.8, version, () => changedFrom);
    y.push(0.4, 0.1);
    changedFrom = 5;
    assertClose(cache.get('loss', y, 0.8, ++version, () => changedFrom), debiasedEma(y, 0.8), 'append');
    y[3] = 2;
    changedFrom = 3;
    assertClose(cache.get('loss', y, 0.8, ++version, () => changedFrom), debiasedEma(y, 0.8), 'rewrite');
    assertClose(cache.get('loss', y, 0.3, version, () => 0), debiasedEma(y, 0.3), 'new weight');
  });
});
