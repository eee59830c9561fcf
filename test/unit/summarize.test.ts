import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePythonJson } from '../../src/log/pythonJson';
import type { StepSummary } from '../../src/run/summary';

const ROOT = path.join(__dirname, '..', '..');
const CLI = ['--require', 'tsx/cjs', path.join(ROOT, 'src/cli/main.ts')];
const PYTHON = process.env.LOSS_LENS_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function summarize(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...CLI, 'summarize', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Writes a run with the Python writer's demo training loop (pure Python, float64 losses). */
function demoRun(file: string, ...options: string[]): void {
  const run = spawnSync(PYTHON, [path.join(ROOT, 'python/examples/train_demo.py'), file, ...options], { encoding: 'utf8' });
  assert.equal(run.status, 0, `train_demo.py failed: ${run.stderr}`);
}

describe('loss-lens summarize on logs written by python/loss_lens.py', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-summarize-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('recomputes the loss the training loop logged, at every step of both splits', () => {
    const file = path.join(dir, 'demo.losslens.jsonl');
    demoRun(file, '--steps', '120');
    const run = summarize([file]);
    assert.equal(run.status, 0, run.stderr);
    const steps = run.stdout.trim().split('\n').map((line) => parsePythonJson(line) as StepSummary);
    assert.equal(steps.filter((s) => s.split === 'train').length, 120);
    const valRecords = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('"split":"val"')).length;
    assert.ok(valRecords >= 12);
    assert.equal(steps.filter((s) => s.split === 'val').length, valRecords);
    for (const s of steps) {
      assert.equal(s.loss_mismatch, false, `step ${s.step} ${s.split}: ours ${s.loss}, logged ${s.logged_loss}`);
      assert.ok(Math.abs(s.loss - (s.logged_loss as number)) <= 1e-9 * s.loss);
      assert.ok(Math.abs(s.loss - ((s.target_entropy as number) + (s.kl as number))) <= 1e-12 + 1e-9 * s.loss);
      assert.equal(s.class_prob.length, 4);
    }
  });

  it('flags every step where the logged loss used the wrong reduction', () => {
    const file = path.join(dir, 'summed.losslens.jsonl');
    demoRun(file, '--steps', '20', '--sum-loss');
    const steps = summarize([file]).stdout.trim().split('\n').map((line) => parsePythonJson(line) as StepSummary);
    // The demo sums only its training loss; its validation loss stays a mean.
    const train = steps.filter((s) => s.split === 'train');
    assert.equal(train.length, 20);
    assert.ok(train.every((s) => s.loss_mismatch));
    assert.ok(steps.filter((s) => s.split === 'val').every((s) => !s.loss_mismatch));
  });

  it('writes CSV with a column per class and a readable table', () => {
    const file = path.join(dir, 'demo.losslens.jsonl');
    demoRun(file, '--steps', '10');
    const csv = summarize([file, '--format', 'csv']).stdout.trim().split('\n');
    assert.equal(csv.length, fs.readFileSync(file, 'utf8').trim().split('\n').length); // a header line each
    assert.match(csv[0], /^step,split,n,loss,nll,entropy,target_entropy,kl,accuracy,true_class_prob,logged_loss,loss_mismatch,nonfinite,epoch,time,class_prob\[/);
    const table = summarize(['--format', 'table', file]).stdout;
    assert.match(table.split('\n')[0], /step\s+split\s+n\s+loss\s+H\(p\)\s+KL\(p\|\|q\)/);
  });

  it('reports bad lines on stderr with file and line, prints every valid step, and exits 1', () => {
    const file = path.join(dir, 'broken.losslens.jsonl');
    demoRun(file, '--steps', '5');
    const before = fs.readFileSync(file, 'utf8').trim().split('\n').length;
    fs.appendFileSync(file, '{"step": 5, "logits": [[1, 2]], "targets": [0]}\n{"step": 6, "logits": [[1, 2, 3, 4]], "targets": [9]}\n');
    demoRun(file, '--steps', '3');
    const run = summarize([file]);
    assert.equal(run.status, 1);
    assert.ok(run.stderr.includes(`${file}:${before + 1}: logits: row 0 has 2 entries, expected 4`), run.stderr);
    assert.ok(run.stderr.includes(`${file}:${before + 2}: targets: row 0: class 9 is out of range for 4 classes`), run.stderr);
    assert.ok(run.stdout.trim().split('\n').length >= 5);
  });

  it('fails clearly on a missing file and on a bad --format', () => {
    const missing = summarize([path.join(dir, 'nope.jsonl')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.jsonl: no such file/);
    assert.equal(summarize([path.join(dir, 'x'), '--format', 'xml']).status, 2);
  });

  it('--follow prints steps as the run appends them', async () => {
    const file = path.join(dir, 'live.losslens.jsonl');
    fs.writeFileSync(file, '');
    const child = spawn(process.execPath, [...CLI, 'summarize', file, '--follow'], { cwd: ROOT });
    const seen: StepSummary[] = [];
    let buffered = '';
    child.stdout.on('data', (data: Buffer) => {
      buffered += data.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) seen.push(parsePythonJson(line) as StepSummary);
    });
    const waitFor = async (test: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !test(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(test(), `timed out; seen steps ${seen.map((s) => s.step).join(',')}`);
    };
    try {
      const record = (step: number): string => JSON.stringify({ step, logits: [[step, 0, -step]], targets: [0] }) + '\n';
      fs.appendFileSync(file, record(0) + record(1));
      fs.appendFileSync(file, record(2).slice(0, 10)); // a half-written line
      await waitFor(() => seen.some((s) => s.step === 1));
      fs.appendFileSync(file, record(2).slice(10));
      await waitFor(() => seen.some((s) => s.step === 2)); // printed after a second of quiet
      assert.deepEqual(seen.map((s) => s.step), [0, 1, 2]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
