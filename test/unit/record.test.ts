import * as assert from 'node:assert/strict';
import { Run, describeProblem } from '../../src/run/run';
import type { Line } from '../../src/log/lines';

/** Feeds text lines to a fresh run as the lines of `log.jsonl`. */
function runOf(...texts: string[]): Run {
  const run = new Run();
  let offset = 0;
  texts.forEach((text, i) => {
    const line: Line = { text, number: i + 1, offset, length: Buffer.byteLength(text) + 1 };
    offset += line.length;
    run.ingest('log.jsonl', line);
  });
  return run;
}

const GOOD = '{"step": 1, "logits": [[1, 2, 3], [0, 0, 1]], "targets": [2, 0]}';

describe('checking records (docs/log-format.md)', () => {
  const bad: [string, string, RegExp][] = [
    ['{"step": 2, "logits": [[1, 2, 3], [0, 0', 'not valid JSON', /^log\.jsonl:2: not valid JSON/],
    ['{"step": 2, "logits": [[1, 2, 3], [0, 1]], "targets": [2, 0]}', 'row lengths', /^log\.jsonl:2: logits: row 1 has 2 entries, expected 3/],
    ['{"step": 2, "logits": [[1, 2, 3]], "targets": [3]}', 'target out of range', /targets: row 0: class 3 is out of range for 3 classes/],
    ['{"step": 2, "logits": [[1, 2, 3]], "targets": [1.5]}', 'non-integer target', /targets: row 0: 1\.5 is not a class index/],
    ['{"step": 2, "probs": [[0.5, 1.5, 0]], "targets": [1]}', 'probability above 1', /probs: 1\.5 is not a probability in \[0, 1\]/],
    ['{"step": 2, "log_probs": [[0.5, -1, -2]], "targets": [1]}', 'positive log-probability', /log_probs: 0\.5 is not a log-probability/],
    ['{"step": 2, "logits": [[1, 2, 3]], "probs": [[0.2, 0.3, 0.5]], "targets": [1]}', 'two kinds of output', /probs: a record has one kind of output, got logits and probs/],
    ['{"step": 2, "logits": [[1, 2, 3]]}', 'no targets', /targets: missing/],
    ['{"step": -1, "logits": [[1, 2, 3]], "targets": [0]}', 'negative step', /step: expected a non-negative integer, got -1/],
    ['{"logits": [[1, 2, 3]], "targets": [0]}', 'no step', /step: expected a non-negative integer, got undefined/],
    ['{"step": 2, "logits": [[1, "x", 3]], "targets": [0]}', 'a string among numbers', /logits: row 0, entry 1 is "x", not a number/],
    ['{"step": 2, "logits": [[1, 2, 3]], "targets": [[0.5, 0.6, -0.1]]}', 'soft target below 0', /targets: row 0, entry 2 is -0\.1/],
    ['{"step": 2, "logits": [[1, 2, 3], [1, 2, 3]], "targets": [0]}', 'too few targets', /targets: expected 2 class indices/],
    ['[1, 2, 3]', 'not an object', /expected a JSON object/],
    ['{"format": "loss-lens", "version": 1}', 'a late header', /format: a header must be the first line/],
    ['{"step": 2, "logits": [[1, 2, 3, 4]], "targets": [0]}', 'a different number of classes', /logits: row 0 has 4 entries, expected 3 \(the number of classes\)/],
    ['{"step": 2, "task": "multilabel", "logits": [[1, 2, 3]], "targets": [[0, 1, 0]]}', 'another task', /task: this run is multiclass, but this line says multilabel/],
    ['{"step": 2, "logits": [[1, 2, 3]], "targets": [0], "ids": ["a", "b"]}', 'ids of another length', /ids: expected 1 identifiers/],
  ];

  for (const [text, what, message] of bad) {
    it(`reports ${what} with file, line and field, and keeps the valid records around it`, () => {
      const run = runOf(GOOD, text, GOOD.replace('"step": 1', '"step": 3'));
      assert.equal(run.problems.length, 1, JSON.stringify(run.problems));
      assert.match(describeProblem(run.problems[0]), message);
      assert.deepEqual(run.steps().map((s) => s.step), [1, 3]);
    });
  }

  it('reads Python NaN and Infinity tokens and keeps a diverged step with NaN figures', () => {
    const run = runOf(GOOD, '{"step": 2, "logits": [[NaN, 2, 3], [Infinity, 0, 1]], "targets": [2, 0], "loss": NaN}');
    const [, diverged] = run.steps();
    assert.equal(diverged.nonfinite, 2);
    assert.ok(Number.isNaN(diverged.loss) && Number.isNaN(diverged.kl as number));
    assert.equal(diverged.loss_mismatch, false);
  });

  it('counts -Infinity logits as masked classes, not as non-finite outputs', () => {
    const run = runOf('{"step": 0, "logits": [[-Infinity, 2, 3]], "targets": [2]}');
    const [step] = run.steps();
    assert.equal(step.nonfinite, 0);
    assert.equal(step.class_prob[0], 0);
    assert.ok(Number.isFinite(step.loss));
  });

  it('treats keys like __proto__ and constructor as data', () => {
    const run = runOf('{"step": 0, "logits": [[1, 2]], "targets": [1], "__proto__": {"step": 99}, "constructor": 1, "split": "__proto__"}');
    assert.deepEqual(run.problems, []);
    const [step] = run.steps();
    assert.equal(step.step, 0);
    assert.equal(step.split, '__proto__');
    assert.equal(({} as Record<string, unknown>).step, undefined);
  });

  it('accepts a single example as one row with a bare class index', () => {
    const run = runOf('{"step": 0, "logits": [1, 2, 3], "targets": 2}', '{"step": 1, "logits": [1, 2, 3], "targets": [0.2, 0.3, 0.5]}');
    assert.deepEqual(run.problems, []);
    assert.deepEqual(run.steps().map((s) => s.n), [1, 1]);
  });

  it('rejects a header with unknown options or wrong lengths, naming the field', () => {
    const run = runOf('{"format": "loss-lens", "version": 1, "classes": ["a", "b"], "loss": {"weight": [1, 2, 3]}}');
    assert.match(describeProblem(run.problems[0]), /log\.jsonl:1: loss\.weight: has 3 entries for 2 classes/);
    const other = runOf('{"format": "loss-lens", "version": 1, "task": "multilabel", "loss": {"label_smoothing": 0.1}}');
    assert.match(describeProblem(other.problems[0]), /loss: "label_smoothing" is not a multilabel loss option/);
    const version = runOf('{"format": "loss-lens", "version": 2}');
    assert.match(describeProblem(version.problems[0]), /version: version 2 is not supported/);
  });

  it('keeps at most 1000 problems but counts them all', () => {
    const run = runOf(...Array.from({ length: 1500 }, () => 'garbage'));
    assert.equal(run.problems.length, 1000);
    assert.equal(run.problemCount, 1500);
  });
});
