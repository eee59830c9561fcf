import * as assert from 'node:assert/strict';
import { clampRange, panBy, rangeBetween, wheelFactor, zoomAround } from '../../webview/zoom';

const extent = { min: 0, max: 1000 };

describe('webview zoom (shared x range)', () => {
  it('zooms around the pointer, keeping the x under it in place', () => {
    const next = zoomAround(extent, 250, 0.5, extent)!;
    assert.deepEqual(next, { min: 125, max: 625 });
    assert.equal(zoomAround(next, 300, 10, extent), undefined, 'zoomed out past the data: no zoom');
  });

  it('keeps a range inside the data and at least the minimum width', () => {
    assert.deepEqual(clampRange({ min: 900, max: 1200 }, extent), { min: 700, max: 1000 });
    assert.deepEqual(clampRange({ min: 10, max: 10.5 }, extent, 2), { min: 10, max: 12 });
    assert.deepEqual(panBy({ min: 100, max: 200 }, -500, extent), { min: 0, max: 100 });
  });

  it('zooms to a dragged range in either direction', () => {
    assert.deepEqual(rangeBetween(600, 200, extent), { min: 200, max: 600 });
    assert.equal(rangeBetween(-10, 2000, extent), undefined);
  });

  it('turns a wheel notch into a 20 % step, bounded for big trackpad flicks', () => {
    assert.ok(Math.abs(wheelFactor(100) - 1.2) < 1e-12);
    assert.ok(Math.abs(wheelFactor(-100) - 1 / 1.2) < 1e-12);
    assert.equal(wheelFactor(1e6), Math.pow(1.2, 5));
  });
});
