import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parsePythonJson } from '../../src/log/pythonJson';
import { assertClose } from './tolerance';

const ROOT = path.join(__dirname, '..', '..');

/** Runs the CLI from its TypeScript source, as `loss-lens ARGS`. */
function cli(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('loss-lens CLI', () => {
  it('eval answers each case in order, with an error line for a malformed one', () => {
    const input = [
      '{"id": "a", "op": "cross_entropy", "input": [[2, 1, 0.1]], "target": [0]}',
      '{"id": "b", "op": "cross_entropy", "input": [[2, 1', // cut short
      '',
      '{"id": "c", "op": "no_such_op"}',
      '{"id": "d", "op": "cross_entropy", "input": [[0, 1]], "target": [2]}',
      '{"id": "e", "op": "log_softmax", "input": [0, -Infinity]}',
      '{"id": "f", "op": "cross_entropy", "input": [[1, 2]], "target": [-100]}',
    ].join('\n');
    const run = cli(['eval'], input);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 6);
    const answers = lines.map((line) => parsePythonJson(line) as { id: unknown; output?: unknown; error?: string });
    assert.ok(Math.abs((answers[0].output as number) - 0.4170300162778335) < 1e-15);
    assert.match(answers[1].error ?? '', /stdin:2: not valid JSON/);
    assert.match(answers[2].error ?? '', /stdin:4: op: unknown operation "no_such_op"/);
    assert.match(answers[3].error ?? '', /stdin:5: target: Target 2 is out of bounds/);
    assert.deepEqual(answers[4].output, [0, -Infinity]);
    assert.ok(Number.isNaN(answers[5].output as number));
    assert.match(lines[5], /"output": NaN/);
    assert.deepEqual(answers.map((a) => a.id), ['a', null, 'c', 'd', 'e', 'f']);
  });

  it('eval reproduces every PyTorch golden case end to end', () => {
    for (const name of ['torch-cases.jsonl', 'torch-edge-cases.jsonl']) {
      const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', name), 'utf8');
      const cases = text.trim().split('\n').map((line) => parsePythonJson(line) as { id: string; expect: { output?: unknown; error?: boolean } });
      const run = cli(['eval'], text);
      assert.equal(run.status, 0, run.stderr);
      const answers = run.stdout.trim().split('\n').map((line) => parsePythonJson(line) as { id: string; output?: unknown; error?: string });
      assert.equal(answers.length, cases.length);
      cases.forEach((c, i) => {
        assert.equal(answers[i].id, c.id);
        if (c.expect.error) assert.ok(answers[i].error, `${c.id}: expected an error`);
        else assertClose(answers[i].output, c.expect.output, c.id);
      });
    }
  });

  it('calc shows the steps and every loss for a class-index target', () => {
    const run = cli(['calc', '--logits', '2,1,0.1', '--target', '0']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /softmax q/);
    assert.match(run.stdout, /F\.cross_entropy\(logits, target\)\s+0\.41703 nats\s+0\.601647 bits/);
    assert.match(run.stdout, /H\(p,q\) = H\(p\) \+ KL\(p\|\|q\): 0\.41703 = 0 \+ 0\.41703/);
  });

  it('calc --json agrees with the text and takes probability targets and label smoothing', () => {
    const run = cli(['calc', '--probs', '[0.7, 0.2, 0.1]', '--target', '0.8 0.1 0.1', '--label-smoothing', '0.1', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const working = JSON.parse(run.stdout) as { crossEntropy: number; targetEntropy: number; kl: number; targetDistribution: number[] };
    assert.ok(Math.abs(working.crossEntropy - (working.targetEntropy + working.kl)) < 1e-12);
    assert.ok(Math.abs(working.targetDistribution[0] - (0.8 * 0.9 + 0.1 / 3)) < 1e-15);
  });

  it('calc --multilabel gives per-neuron terms from logits', () => {
    const run = cli(['calc', '--logits', '1.5,-0.3,0.2', '--multilabel', '--targets', '1,0,1', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const working = JSON.parse(run.stdout) as { neuronLosses: number[]; mean: number };
    assert.equal(working.neuronLosses.length, 3);
    assert.ok(Math.abs(working.mean - working.neuronLosses.reduce((a, b) => a + b, 0) / 3) < 1e-15);
  });

  it('calc rejects bad input with a message and a non-zero status', () => {
    const cases: [string[], RegExp][] = [
      [['calc', '--logits', '2,x,1', '--target', '0'], /--logits: 'x' is not a number/],
      [['calc', '--logits', '2,1', '--target', '5'], /target: Target 5 is out of bounds/],
      [['calc', '--logits', '2,1', '--probs', '0.5,0.5', '--target', '0'], /exactly one of/],
      [['calc', '--logits', '2,1', '--multilabel', '--targets', '1'], /targets: has 1 entries but there are 2 outputs/],
      [['calc', '--probs', '0.5,1.5', '--target', '0'], /input: entry 1 is 1\.5/],
      [['calc', '--frobnicate'], /unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const run = cli(args);
      assert.equal(run.status, 2, `${args.join(' ')}: status`);
      assert.match(run.stderr, message, args.join(' '));
    }
  });

  it('demo writes a live simulated run that summarize reads without a problem', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-demo-'));
    try {
      const run = cli(['demo', dir, '--steps', '30', '--rate', '300']);
      assert.equal(run.status, 0, run.stderr);
      const summary = cli(['summarize', path.join(dir, 'classifier.losslens.jsonl'), path.join(dir, 'tagger.losslens.jsonl')]);
      // Two runs of different tasks cannot merge: the tagger's lines are reported, the classifier's kept.
      assert.match(summary.stderr, /tagger\.losslens\.jsonl:1: task: this run is multiclass, but this line says multilabel/);
      const classifier = cli(['summarize', path.join(dir, 'classifier.losslens.jsonl')]);
      assert.equal(classifier.status, 0, classifier.stderr);
      assert.equal(classifier.stdout.trim().split('\n').length, 31); // 30 train steps, 1 val
      assert.equal(cli(['summarize', path.join(dir, 'tagger.losslens.jsonl')]).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has --help on every command, and fails on an unknown one', () => {
    for (const args of [['--help'], ['eval', '--help'], ['calc', '--help'], ['summarize', '--help'], ['demo', '--help']]) {
      const run = cli(args);
      assert.equal(run.status, 0);
      assert.match(run.stdout, /usage: loss-lens/);
    }
    assert.equal(cli(['frobnicate']).status, 2);
    assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+/);
  });
});
