import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePythonJson } from '../../src/log/pythonJson';
import { Run } from '../../src/run/run';
import { RunReader } from '../../src/run/runReader';
import type { StepSummary } from '../../src/run/summary';
import { assertClose } from './tolerance';

const RUNS = path.join(__dirname, '..', 'fixtures', 'runs');

function expectedSteps(name: string): Record<string, unknown>[] {
  return fs
    .readFileSync(path.join(RUNS, `${name}.expected.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => parsePythonJson(line) as Record<string, unknown>);
}

async function summarizeFiles(...names: string[]): Promise<{ steps: StepSummary[]; run: Run }> {
  const reader = new RunReader(names.map((name) => path.join(RUNS, name)));
  await reader.poll(true);
  return { steps: reader.run.steps(), run: reader.run };
}

/** Compares every figure PyTorch computed for a step with ours (1e-12 absolute + 1e-9 relative). */
function assertMatchesTorch(steps: StepSummary[], expected: Record<string, unknown>[]): void {
  assert.equal(steps.length, expected.length, 'number of steps');
  for (const want of expected) {
    const got = steps.find((s) => s.step === want.step && s.split === want.split);
    assert.ok(got, `step ${want.step} (${want.split}) is missing`);
    for (const [key, value] of Object.entries(want)) {
      const actual: unknown = (got as unknown as Record<string, unknown>)[key];
      if (typeof value === 'number' || Array.isArray(value)) assertClose(actual, value, `step ${want.step} ${want.split} ${key}`);
      else assert.equal(actual, value, `step ${want.step} ${want.split} ${key}`);
    }
  }
}

describe('the run model against PyTorch (test/fixtures/make-run-fixtures.py)', () => {
  it('multiclass with class weights, label smoothing, a custom ignore_index and a val split', async () => {
    const { steps, run } = await summarizeFiles('weighted-smoothed.jsonl');
    assert.deepEqual(run.problems, []);
    assertMatchesTorch(steps, expectedSteps('weighted-smoothed'));
    assert.deepEqual(run.classNames, ['cat', 'dog', 'bird', 'fish']);
  });

  it('soft targets from probs and log_probs records, flagging a logged loss that differs', async () => {
    const { steps } = await summarizeFiles('soft-targets.jsonl');
    assertMatchesTorch(steps, expectedSteps('soft-targets'));
    assert.deepEqual(steps.filter((s) => s.loss_mismatch).map((s) => s.step), [4]);
  });

  it('without class weights, loss = target_entropy + kl', async () => {
    const { steps } = await summarizeFiles('soft-targets.jsonl');
    for (const s of steps) assertClose(s.loss, (s.target_entropy as number) + (s.kl as number), `step ${s.step}`);
  });

  it('multilabel BCE with logits, weight and pos_weight: total, per neuron, accuracy, sigmoid means', async () => {
    const { steps } = await summarizeFiles('multilabel.jsonl');
    assertMatchesTorch(steps, expectedSteps('multilabel'));
  });

  it('merges the ranks of a distributed job into the concatenated batch', async () => {
    const { steps } = await summarizeFiles('ranks.0.jsonl', 'ranks.1.jsonl');
    assertMatchesTorch(steps, expectedSteps('ranks'));
  });

  it('keeps the byte offset of every record, to read one step back', async () => {
    const { run } = await summarizeFiles('ranks.0.jsonl', 'ranks.1.jsonl');
    const where = run.locate('train', 3);
    assert.equal(where.length, 2);
    for (const at of where) {
      const bytes = fs.readFileSync(at.file).subarray(at.offset, at.offset + at.length).toString('utf8');
      assert.equal((JSON.parse(bytes) as { step: number }).step, 3);
      assert.ok(bytes.endsWith('\n'));
    }
  });
});
