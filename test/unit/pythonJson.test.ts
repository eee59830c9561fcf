import * as assert from 'node:assert/strict';
import { formatPythonJson, parsePythonJson } from '../../src/log/pythonJson';

describe("Python's json dialect", () => {
  it('reads the bare NaN, Infinity and -Infinity tokens', () => {
    const value = parsePythonJson('{"a": [NaN, Infinity, -Infinity, 1.5], "b": -Infinity}') as { a: number[]; b: number };
    assert.ok(Number.isNaN(value.a[0]));
    assert.deepEqual(value.a.slice(1), [Infinity, -Infinity, 1.5]);
    assert.equal(value.b, -Infinity);
  });

  it('leaves the tokens alone inside strings, escaped quotes included', () => {
    const value = parsePythonJson('{"name": "NaN \\" Infinity", "x": NaN}') as { name: string; x: number };
    assert.equal(value.name, 'NaN " Infinity');
    assert.ok(Number.isNaN(value.x));
  });

  it('keeps a string that spells the marker used internally', () => {
    const value = parsePythonJson('["\\u0000NaN\\u0000", 1]') as unknown[];
    assert.deepEqual(value, ['\u0000NaN\u0000', 1]);
  });

  it('still rejects malformed JSON, with or without the tokens', () => {
    assert.throws(() => parsePythonJson('{"x": [1, 2}'), SyntaxError);
    assert.throws(() => parsePythonJson('{"x": NaNa}'), SyntaxError);
    assert.throws(() => parsePythonJson('{"x": nan}'), SyntaxError);
  });

  it('writes non-finite numbers as Python does, and round-trips', () => {
    const text = formatPythonJson({ id: 'a', output: [NaN, Infinity, -Infinity, 0.1, Float64Array.of(2, -3)] });
    assert.equal(text, '{"id": "a", "output": [NaN, Infinity, -Infinity, 0.1, [2, -3]]}');
    const back = parsePythonJson(text) as { output: unknown[] };
    assert.ok(Number.isNaN(back.output[0] as number));
  });

  it('writes numbers so that they parse back to the same float64', () => {
    for (const x of [0.1 + 0.2, 1e-300, 5e-324, -1.7976931348623157e308, 1 / 3]) {
      assert.equal(parsePythonJson(formatPythonJson(x)), x);
    }
  });
});
