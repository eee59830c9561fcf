import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LossLensError, runOp, toNested } from '../../src/core';
import { parsePythonJson } from '../../src/log/pythonJson';
import { assertClose } from './tolerance';

interface GoldenCase {
  id: string;
  op: string;
  expect: { output?: unknown; error?: boolean; torch_message?: string };
  [argument: string]: unknown;
}

function readCases(name: string): GoldenCase[] {
  return fs
    .readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parsePythonJson(line) as GoldenCase);
}

/** The shared golden file, and our own edge cases written by `make-edge-cases.py` with PyTorch. */
const FIXTURES: [string, number][] = [
  ['torch-cases.jsonl', 128],
  ['torch-edge-cases.jsonl', 40],
];

for (const [name, count] of FIXTURES) describeFixture(name, count);

function describeFixture(name: string, count: number): void {
  const cases = readCases(name);
  describe(`${name}: computed by PyTorch 1.13 (float64) and SciPy`, () => {
  it(`has all ${count} cases`, () => {
    assert.equal(cases.length, count);
  });

  for (const c of cases) {
    it(`${c.id} ${c.op}${c.expect.error ? ' rejects like PyTorch' : ''}`, () => {
      if (c.expect.error) {
        assert.throws(() => runOp(c), (error: unknown) => {
          assert.ok(error instanceof LossLensError, `expected a LossLensError, got ${String(error)}`);
          assert.ok(error.message.length > 0);
          return true;
        });
        return;
      }
      const result = runOp(c);
      assertClose(typeof result === 'number' ? result : toNested(result), c.expect.output);
    });
  }
});
}
