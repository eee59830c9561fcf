import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePythonJson } from '../../src/log/pythonJson';

const ROOT = path.join(__dirname, '..', '..');
const PYTHON_DIR = path.join(ROOT, 'python');

/**
 * The Python that runs the writer's tests: $LOSS_LENS_PYTHON, else Debian's /usr/bin/python3
 * (which has numpy and torch where python3-torch is installed, so no test is skipped), else
 * python3 on the PATH.
 */
function python(): string {
  if (process.env.LOSS_LENS_PYTHON) return process.env.LOSS_LENS_PYTHON;
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

function run(args: string[], cwd = PYTHON_DIR): { status: number | null; output: string } {
  const exe = python();
  const result = spawnSync(exe, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
  });
  if (result.error) {
    assert.fail(`could not run ${exe} (${result.error.message}): the Python writer's tests need python3 on the PATH or LOSS_LENS_PYTHON set`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('python/loss_lens.py (the writer)', function () {
  this.timeout(180_000);

  it('passes its unittest suite (python/test_loss_lens.py)', () => {
    const { status, output } = run(['-B', '-m', 'unittest', '-v', 'test_loss_lens']);
    assert.equal(status, 0, `${python()} -m unittest test_loss_lens failed (exit ${status}):\n${output}`);
    assert.match(output, /\nOK\b/, output);
  });

  it('writes lines that parsePythonJson reads, non-finite tokens included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-py-'));
    try {
      const log = path.join(dir, 'demo.losslens.jsonl');
      const demo = run(['-B', path.join(PYTHON_DIR, 'examples', 'train_demo.py'), log, '--steps', '30']);
      assert.equal(demo.status, 0, demo.output);
      const script = [
        'import sys',
        'from loss_lens import LossLensWriter',
        'with LossLensWriter(sys.argv[1]) as w:',
        '    w.log(30, logits=[[float("nan"), float("inf"), -float("inf"), 0.0]], targets=[2], loss=float("nan"), split="diverged")',
      ].join('\n');
      const nonfinite = run(['-B', '-c', script, log]);
      assert.equal(nonfinite.status, 0, nonfinite.output);

      const lines = fs.readFileSync(log, 'utf8').split('\n');
      assert.equal(lines.pop(), '', 'the file ends with a line break');
      const [header, ...records] = lines.map((line) => parsePythonJson(line) as Record<string, unknown>);
      assert.deepEqual(header, { format: 'loss-lens', version: 1, task: 'multiclass', classes: ['cat', 'dog', 'bird', 'fish'] });
      assert.equal(records.length, 30 + 4 + 1); // train steps, val at 0, 10, 20, 29, the diverged record
      for (const record of records.slice(0, -1)) {
        const logits = record.logits as number[][];
        const targets = record.targets as number[];
        assert.ok(Number.isInteger(record.step) && (record.split === 'train' || record.split === 'val'));
        assert.equal(logits.length, targets.length);
        assert.ok(logits.every((row) => row.length === 4 && row.every(Number.isFinite)));
        assert.ok(targets.every((t) => Number.isInteger(t) && t >= 0 && t < 4));
        assert.ok(typeof record.loss === 'number' && record.loss > 0);
      }
      const last = records[records.length - 1];
      assert.equal(last.split, 'diverged');
      assert.deepEqual((last.logits as number[][])[0].slice(1), [Infinity, -Infinity, 0]);
      assert.ok(Number.isNaN((last.logits as number[][])[0][0]) && Number.isNaN(last.loss));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
