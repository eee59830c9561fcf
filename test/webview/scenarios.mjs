// Data for the webview harness: real runs (the fixtures, and the pure-Python demo trainer's log,
// summarised by the CLI) and synthetic wide heads with the awkward cases (non-finite steps, logged
// loss mismatches, hostile class names), plus plausible `stepDetail` answers.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { parsePythonJson } = await tsImport('../../src/log/pythonJson.ts', import.meta.url);

export const XSS_NAME = '<img src=x onerror=alert(1)>';

/** The CLI that summarises logs: the build's, or LOSS_LENS_CLI (another build, to compare). */
const CLI = process.env.LOSS_LENS_CLI || path.join(ROOT, 'dist', 'cli.js');

/** `loss-lens summarize` of some logs, as StepFigures. */
function summarize(...files) {
  let out;
  try {
    out = execFileSync(process.execPath, [CLI, 'summarize', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (error) {
    // Exit status 1 means some lines were bad; the valid steps are still printed.
    out = error.stdout;
  }
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => parsePythonJson(line));
}

function runInfo(name, task, classNames, files) {
  return { id: `file:///${name}`, name, files, task, classNames };
}

/** The weighted, label-smoothed multiclass fixture (15 steps: classes weighted, so loss ≠ H + KL). */
export function fixtureMulticlass() {
  const file = path.join(ROOT, 'test', 'fixtures', 'runs', 'weighted-smoothed.jsonl');
  return { run: runInfo('weighted-smoothed', 'multiclass', ['cat', 'dog', 'bird', 'fish'], ['test/fixtures/runs/weighted-smoothed.jsonl']), steps: summarize(file) };
}

export function fixtureMultilabel() {
  const file = path.join(ROOT, 'test', 'fixtures', 'runs', 'multilabel.jsonl');
  const steps = summarize(file);
  const c = steps[0].class_prob.length;
  return { run: runInfo('multilabel', 'multilabel', Array.from({ length: c }, (_, i) => `label_${i}`), ['test/fixtures/runs/multilabel.jsonl']), steps };
}

/** The demo trainer's run (`python/examples/train_demo.py`), written to a fresh temporary folder. */
export function demoRun(stepCount = 2000) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-harness-'));
  const file = path.join(dir, 'demo.losslens.jsonl');
  try {
    execFileSync('/usr/bin/python3', [path.join(ROOT, 'python', 'examples', 'train_demo.py'), file, '--steps', String(stepCount)], { stdio: 'ignore' });
    return { run: runInfo('demo', 'multiclass', ['cat', 'dog', 'bird', 'fish'], ['runs/demo.losslens.jsonl']), steps: summarize(file) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A deterministic PRNG (mulberry32), so screenshots are comparable run to run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const softmax = (z) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/**
 * A wide multiclass head: 120 classes, `stepCount` train steps and a val step every 50, a loss
 * spike, a diverged step (NaN), a stretch where the logged loss was summed instead of averaged,
 * and a class named like an HTML injection.
 */
export function wideMulticlass(stepCount = 6000, classes = 120) {
  const rand = random(7);
  const names = Array.from({ length: classes }, (_, i) => (i === 3 ? XSS_NAME : `class_${String(i).padStart(3, '0')}`));
  const bias = Array.from({ length: classes }, () => rand() * 2 - 1);
  const steps = [];
  for (const split of ['train', 'val']) {
    for (let step = 0; step < stepCount; step += split === 'train' ? 1 : 50) {
      const t = step / stepCount;
      const noise = split === 'train' ? (rand() - 0.5) * 0.25 : (rand() - 0.5) * 0.08;
      const spike = step >= 2400 && step < 2410 ? 1.8 : 0;
      const h = 0.42;
      const kl = Math.max(0.02, 4.4 * Math.exp(-4 * t) + (split === 'val' ? 0.12 : 0) + noise + spike);
      const loss = h + kl;
      const probs = softmax(bias.map((b, i) => b * (1 + 4 * t) + (i % 17 === 0 ? 2.5 * t : 0)));
      const diverged = split === 'train' && (step === 3100 || step === 3101);
      const nan = diverged ? NaN : undefined;
      const mismatch = split === 'train' && step >= 4200 && step < 4230;
      steps.push({
        step,
        split,
        task: 'multiclass',
        n: 64,
        loss: nan ?? loss,
        nll: nan ?? loss - 0.05,
        entropy: nan ?? Math.max(0.3, 4.6 * Math.exp(-3 * t) + 0.5 + noise * 0.5),
        target_entropy: nan ?? h,
        kl: nan ?? kl,
        accuracy: nan ?? Math.min(1, 0.02 + 0.85 * (1 - Math.exp(-5 * t)) + noise * 0.1),
        class_prob: diverged ? probs.map(() => NaN) : probs,
        true_class_prob: nan ?? Math.min(1, 0.01 + 0.7 * (1 - Math.exp(-4 * t))),
        logged_loss: diverged ? NaN : mismatch ? loss * 64 : loss,
        loss_mismatch: mismatch,
        nonfinite: diverged ? 64 * classes : 0,
        time: 1732412345 + step * 0.42 + (split === 'val' ? 0.2 : 0),
        epoch: Math.floor(step / 1000),
      });
    }
  }
  steps.sort((a, b) => a.step - b.step || a.split.localeCompare(b.split));
  return { run: runInfo('wide-classifier', 'multiclass', names, ['runs/wide-classifier.losslens.jsonl']), steps };
}

/** A wide multilabel head (40 neurons): a few hard labels, one diverged step. */
export function wideMultilabel(stepCount = 3000, neurons = 40) {
  const rand = random(11);
  const difficulty = Array.from({ length: neurons }, (_, i) => (i % 9 === 4 ? 0.9 : 0.15 + rand() * 0.3));
  const names = Array.from({ length: neurons }, (_, i) => ['person', 'car', 'tree', 'sky', 'dog', 'cat', 'road', 'sign'][i % 8] + (i >= 8 ? `_${Math.floor(i / 8)}` : ''));
  const steps = [];
  for (let step = 0; step < stepCount; step++) {
    const t = step / stepCount;
    const diverged = step === 1800;
    const bce = difficulty.map((d, i) => (diverged ? NaN : Math.max(0.01, 0.69 * Math.exp(-3 * t * (1 - d)) * (1 + (rand() - 0.5) * 0.3) + (i === 13 && step > 2200 ? 0.6 : 0))));
    const loss = diverged ? NaN : bce.reduce((a, b) => a + b, 0) / neurons;
    steps.push({
      step,
      split: 'train',
      task: 'multilabel',
      n: 32,
      loss,
      accuracy: diverged ? NaN : Math.min(1, 0.5 + 0.45 * (1 - Math.exp(-4 * t)) + (rand() - 0.5) * 0.02),
      class_prob: difficulty.map((d) => (diverged ? NaN : 0.5 - 0.35 * t * (1 - d) + (rand() - 0.5) * 0.04)),
      neuron_bce: bce,
      logged_loss: loss,
      loss_mismatch: false,
      nonfinite: diverged ? 7 : 0,
      time: 1732412345 + step,
    });
  }
  return { run: runInfo('tagger', 'multilabel', names, ['runs/tagger.losslens.jsonl']), steps };
}

/** A plausible `stepDetail` answer: a few examples, their distributions and per-class terms. */
export function stepDetail(split, step, task, classes, count = 6) {
  const rand = random(step * 31 + split.length);
  const examples = [];
  for (let row = 0; row < count; row++) {
    const targetClass = Math.floor(rand() * classes);
    if (task === 'multiclass') {
      const epsilon = 0.1;
      const logits = Array.from({ length: classes }, (_, c) => (rand() - 0.5) * 3 + (c === targetClass ? 2.5 : 0));
      const predicted = softmax(logits);
      const target = predicted.map((_, c) => (c === targetClass ? 1 - epsilon : 0) + epsilon / classes);
      const terms = target.map((p, c) => -p * Math.log(predicted[c]));
      examples.push({ row, id: row === 2 ? XSS_NAME : `img_${String(step * 8 + row).padStart(6, '0')}.png`, predicted, target, terms, loss: terms.reduce((a, b) => a + b, 0), targetClass });
    } else {
      const target = Array.from({ length: classes }, () => (rand() < 0.3 ? 1 : 0));
      const predicted = target.map((y) => Math.min(0.999, Math.max(0.001, y ? 0.4 + rand() * 0.55 : rand() * 0.5)));
      const terms = predicted.map((q, c) => -(target[c] * Math.log(q) + (1 - target[c]) * Math.log(1 - q)));
      examples.push({ row, id: `clip_${step}_${row}`, predicted, target, terms, loss: terms.reduce((a, b) => a + b, 0) });
    }
  }
  return { type: 'stepDetail', split, step, examples };
}
