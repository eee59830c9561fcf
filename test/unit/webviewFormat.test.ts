import * as assert from 'node:assert/strict';
import { parseColor, seriesPalette, toCss, withAlpha } from '../../webview/colors';
import { className, formatPercent, formatStep, formatValue, pngName, pointsLabel, seriesLabel, stepList } from '../../webview/format';

describe('webview formatting', () => {
  it('writes figures with four significant digits and names NaN and infinities', () => {
    assert.equal(formatValue(0.123456), '0.1235');
    assert.equal(formatValue(-2.5), '−2.5');
    assert.equal(formatValue(123456), '1.23e+5');
    assert.equal(formatValue(0.00001234), '1.23e−5');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatValue(-Infinity), '−∞');
    assert.equal(formatValue(undefined), '–');
  });

  it('writes shares, steps and counts', () => {
    assert.equal(formatPercent(0.8), '80%');
    assert.equal(formatPercent(0.844), '84.4%');
    assert.equal(formatPercent(1), '100%');
    assert.equal(formatStep(1234), '1,234');
    assert.equal(formatStep(25_000, true), '25k');
    assert.equal(formatStep(3_500_000, true), '3.5M');
    assert.equal(pointsLabel(1204, 20000), '1,204 of 20,000 points');
    assert.equal(pointsLabel(15, 15), '15 points');
    assert.equal(stepList([12]), 'at step 12');
    assert.equal(stepList([1, 2, 3, 4]), 'at 4 steps (1, 2, 3, …)');
  });

  it('names classes and series, and makes a safe file name', () => {
    assert.equal(className(['cat'], 0), 'cat');
    assert.equal(className(['cat'], 3), 'class 3');
    assert.equal(seriesLabel('loss', 'val', true), 'loss (val)');
    assert.equal(seriesLabel('loss', 'val', false), 'loss');
    assert.equal(pngName('../<img src=x>', 'class-prob'), 'img_src_x_-class-prob.png');
  });
});

describe('webview colours', () => {
  it('reads the colour forms VS Code uses', () => {
    assert.deepEqual(parseColor('#3794ff'), { r: 0x37, g: 0x94, b: 0xff, a: 1 });
    assert.deepEqual(parseColor('#fff8'), { r: 255, g: 255, b: 255, a: 0x88 / 255 });
    assert.deepEqual(parseColor('rgba(204, 204, 204, 0.5)'), { r: 204, g: 204, b: 204, a: 0.5 });
    assert.equal(parseColor('var(--x)'), undefined);
  });

  it('fades and mixes them, and makes a palette as long as asked', () => {
    assert.equal(withAlpha('#ff0000', 0.5), 'rgba(255, 0, 0, 0.5)');
    assert.equal(withAlpha('red', 0.5), 'red', 'left alone when unreadable');
    assert.equal(toCss({ r: 300, g: -1, b: 10.4, a: 2 }), 'rgba(255, 0, 10, 1)');
    const palette = seriesPalette(['#ff0000', '#00ff00'], '#ffffff', '#000000', 5);
    assert.equal(palette.length, 5);
    assert.equal(new Set(palette).size, 5);
  });
});
