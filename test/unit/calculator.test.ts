import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { calculate } from '../../src/calculator/calculate';
import { parseNumberRows } from '../../src/calculator/numberText';
import { DEFAULT_FIELDS, type CalculatorFields } from '../../src/calculatorProtocol';
import { parsePythonJson } from '../../src/log/pythonJson';
import { assertClose } from './tolerance';

function fields(changes: Partial<CalculatorFields>): CalculatorFields {
  return { ...DEFAULT_FIELDS, ...changes };
}

function errorsOf(changes: Partial<CalculatorFields>): Record<string, string> {
  const { result, errors } = calculate(fields(changes));
  assert.equal(result, undefined, 'no numbers next to an error');
  return Object.fromEntries(errors.map((error) => [error.field, error.message]));
}

/** Forms whose headline number PyTorch must reproduce from the "copy as PyTorch" snippet. */
const FORMS: Partial<CalculatorFields>[] = [
  {},
  { label_smoothing: '0.1', weight: '1, 2, 3' },
  { outputs: '[[2, 1, 0.1], [0.5, -1, 3], [0, 0, -inf]]', target: '0 2 -100', weight: '0.2 1 5' },
  { outputs: '[[2, 1, 0.1], [0.5, -1, 3]]', target: '[[0.7, 0.2, 0.1], [0, 0.5, 0.5]]', weight: '1 2 3', reduction: 'mean' },
  { outputs: '2 1 0.1\n0.5 -1 3', target: '1, 1', reduction: 'sum', label_smoothing: '0.25', ignore_index: '1' },
  { outputs: '2 1 0.1\n0.5 -1 3', target: '1, 0', reduction: 'none' },
  { kind: 'probs', outputs: '0.7, 0.2, 0.1', target: '2' },
  { kind: 'log_probs', outputs: '-0.35667494393873245, -1.6094379124341003, -2.3025850929940455', target: '1', weight: '3 1 1' },
  { outputs: '1e300, -1e300, 0', target: '1' },
  { task: 'multilabel', outputs: '1.5, -0.3, 0.2', target: '1, 0, 1' },
  { task: 'multilabel', outputs: '[[1.5, -0.3, 0.2], [40, -40, 0]]', target: '[[1, 0, 1], [0, 1, 0.5]]', pos_weight: '2 1 0.5', weight: '1 1 3' },
  { task: 'multilabel', outputs: '[[1.5, -0.3], [4, -2]]', target: '[[1, 0], [0, 1]]', reduction: 'none' },
  { task: 'multilabel', kind: 'probs', outputs: '0.9, 0, 1', target: '1, 1, 1', reduction: 'sum' },
];

function torchPython(): string | undefined {
  const exe = process.env.LOSS_LENS_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const probe = spawnSync(exe, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? exe : undefined;
}

describe('calculator: reading what was typed', () => {
  it('reads commas, spaces, JSON, Python lists, rows per line or ;, tensor wrappers and inf', () => {
    assert.deepEqual(parseNumberRows('2, 1, 0.1', 'x'), { rows: [[2, 1, 0.1]], nested: false });
    assert.deepEqual(parseNumberRows('[2 1 0.1]', 'x').rows, [[2, 1, 0.1]]);
    assert.deepEqual(parseNumberRows('[[1, 2], [3, 4]]', 'x'), { rows: [[1, 2], [3, 4]], nested: true });
    assert.deepEqual(parseNumberRows('1 2\n3 4', 'x'), { rows: [[1, 2], [3, 4]], nested: true });
    assert.deepEqual(parseNumberRows('1 2; 3 4', 'x').rows, [[1, 2], [3, 4]]);
    assert.deepEqual(parseNumberRows('torch.tensor([[1., -2.5e-3]], dtype=torch.float64)', 'x').rows, [[1, -0.0025]]);
    assert.deepEqual(parseNumberRows('[float("-inf"), 0, math.inf, nan]', 'x').rows[0].slice(0, 3), [-Infinity, 0, Infinity]);
    assert.ok(Number.isNaN(parseNumberRows('NaN', 'x').rows[0][0]));
  });

  it('names the field and the piece at fault, and shows no numbers', () => {
    assert.deepEqual(errorsOf({ outputs: '2, x, 1' }), { outputs: "'x' is not a number" });
    assert.deepEqual(errorsOf({ outputs: '', target: '' }), { outputs: 'is empty: enter numbers separated by commas or spaces' });
    assert.deepEqual(errorsOf({ target: '3' }), { target: 'is class 3, out of range for 3 classes (0 to 2)' });
    assert.deepEqual(errorsOf({ target: '0.5' }), { target: 'is 0.5: a class index is a whole number' });
    assert.deepEqual(errorsOf({ target: '0.5 0.6' }), { target: 'has 2 numbers: give one class index, or 3 probabilities (one per class)' });
    assert.deepEqual(errorsOf({ target: '0.5 0.6 0.1' }), { target: 'sums to 1.2; a target distribution sums to 1' });
    assert.deepEqual(errorsOf({ weight: '1 2', label_smoothing: '1.5' }), {
      weight: 'has 2 numbers but there are 3 classes: give one per class',
      label_smoothing: 'is 1.5; PyTorch needs 0 <= label_smoothing <= 1',
    });
    assert.deepEqual(errorsOf({ kind: 'probs', outputs: '0.5 0.4 0.3' }), { outputs: 'sum to 1.2, not 1: softmax outputs sum to 1 (enter logits if these are scores)' });
    assert.deepEqual(errorsOf({ kind: 'probs', outputs: '1.5 0 -0.5' }), { outputs: 'entry 0 is 1.5, not a probability in [0, 1]' });
    assert.deepEqual(errorsOf({ kind: 'log_probs', outputs: '2 1 0.1' }), {
      outputs: 'have exponentials summing to 11.2125, not 1: these are not log_softmax outputs (enter logits if they are scores)',
    });
    assert.deepEqual(errorsOf({ outputs: '[[1, 2], [3]]' }), { outputs: 'row 2 has 1 numbers but row 1 has 2' });
    assert.deepEqual(errorsOf({ outputs: '[[1, 2], [3, 4]]', target: '0' }), { target: 'has 1 row(s) of 1: give 2 class indices, or 2 rows of 2 probabilities' });
    assert.deepEqual(errorsOf({ task: 'multilabel', outputs: '1 2 3', target: '1 0' }), {
      target: 'has 1 row(s) of 2 but the outputs are 1 row(s) of 3: give one target per neuron',
    });
    assert.deepEqual(errorsOf({ task: 'multilabel', kind: 'probs', outputs: '0.5 0.5', target: '1 0', pos_weight: '2 2' }), {
      pos_weight: 'needs logits: F.binary_cross_entropy (on probabilities) has no pos_weight',
    });
  });
});

describe('calculator: the working', () => {
  it('decomposes cross-entropy into H(p) + KL(p ‖ q) and matches the per-class terms', () => {
    const { result } = calculate(fields({ label_smoothing: '0.2' }));
    assert.ok(result?.multiclass && result.identity);
    const [example] = result.multiclass;
    assertClose(example.target, [1 - 0.2 + 0.2 / 3, 0.2 / 3, 0.2 / 3]);
    assertClose(example.terms.reduce((a, b) => a + b, 0), example.loss);
    assertClose(result.identity.targetEntropy + result.identity.kl, result.identity.crossEntropy);
    assertClose(result.losses[0].value, example.loss, 'the headline, one example');
    assert.match(result.losses[1].expression, /^F\.nll_loss\(F\.log_softmax\(logits, dim=1\), target\)$/);
  });

  it('explains a weighted mean: divided by the summed weights of the counted targets', () => {
    const { result } = calculate(fields({ outputs: '2 1 0.1\n0 1 0\n5 0 0', target: '0 1 -100', weight: '2 0.5 1' }));
    assert.ok(result);
    assert.match(result.reductionNote, /Σ w\[y\]·ℓ \/ Σ w\[y\] = .* \/ 2\.5, the summed weights of the counted targets \(1 ignored/);
    assert.equal(result.multiclass?.[2].ignored, true);
  });

  it('sums a multilabel head neuron by neuron', () => {
    const { result } = calculate(fields({ task: 'multilabel', outputs: '1.5, -0.3, 0.2', target: '1, 0, 1' }));
    assert.ok(result?.multilabel);
    const [example] = result.multilabel;
    assertClose(example.terms.reduce((a, b) => a + b, 0), example.sum);
    assertClose(result.losses[0].value, example.sum / 3, 'mean over the elements');
    assert.match(result.reductionNote, /mean over all 1 × 3 elements/);
  });
});

describe('calculator: "copy as PyTorch" reproduces the number', function () {
  this.timeout(120_000);

  it('prints, under PyTorch float64, the headline of every form', function () {
    const python = torchPython();
    if (!python) this.skip(); // PyTorch is installed by .ci/run (Debian's python3-torch).
    const results = FORMS.map((form) => {
      const { result, errors } = calculate(fields(form));
      assert.deepEqual(errors, [], JSON.stringify(form));
      return result!;
    });
    const script = [
      'import contextlib, io, json, math',
      `snippets = json.loads(${JSON.stringify(JSON.stringify(results.map((r) => r.snippet)))})`,
      'for s in snippets:',
      '    out = io.StringIO()',
      '    with contextlib.redirect_stdout(out):',
      '        exec(s, {})',
      '    print(out.getvalue().strip())',
    ].join('\n');
    const run = spawnSync(python!, ['-c', script], { encoding: 'utf8', timeout: 100_000 });
    assert.equal(run.status, 0, run.stderr);
    const printed = run.stdout.trim().split('\n');
    assert.equal(printed.length, FORMS.length);
    printed.forEach((line, i) => {
      const torchValue = parsePythonJson(line.replace(/\bnan\b/g, 'NaN').replace(/-inf\b/g, '-Infinity').replace(/\binf\b/g, 'Infinity'));
      assertClose(results[i].losses[0].value, torchValue, `form ${i} ${JSON.stringify(FORMS[i])}`);
    });
  });
});
