import { performance } from 'node:perf_hooks';
import { findMistakes } from '../src/lint/mistakes';
import { analyzePython } from '../src/python/pythonModule';

/**
 * How long the editor features take on a big Python file: `analyzePython` (what a hover reads,
 * once per document version) and `findMistakes` (the lint, 300 ms after the last keystroke), on a
 * generated training script of about `lines` lines with a loss call every few lines.
 */
export function runPythonSource(lines = 5000, reps = 15): { lines: number; bytes: number; analyze_ms: Timing; lint_ms: Timing; findings: number } {
  const text = trainingScript(lines);
  const time = (work: () => unknown): Timing => {
    for (let i = 0; i < 3; i++) work();
    const samples: number[] = [];
    for (let i = 0; i < reps; i++) {
      const start = performance.now();
      work();
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return { median: samples[samples.length >> 1], max: samples[samples.length - 1] };
  };
  return {
    lines: text.split('\n').length,
    bytes: Buffer.byteLength(text),
    analyze_ms: time(() => analyzePython(text)),
    lint_ms: time(() => findMistakes(text)),
    findings: findMistakes(text).length,
  };
}

interface Timing {
  median: number;
  max: number;
}

function trainingScript(lines: number): string {
  const head = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'from torch.nn import CrossEntropyLoss as CE', '', 'criterion = CE(label_smoothing=0.1)', ''];
  const block = (i: number): string[] => [
    `def step_${i}(model, x, y, t):`,
    `    """Step ${i}: F.cross_entropy(F.softmax(x)) in a docstring is not a call."""`,
    '    logits = model(x)  # raw scores',
    `    loss = F.cross_entropy(logits, y, reduction="mean") + criterion(logits, y)`,
    `    tags = F.binary_cross_entropy_with_logits(model.tagger(x), t, pos_weight=torch.ones(${i % 7 + 1}))`,
    `    kd = F.kl_div(F.log_softmax(logits, dim=1), F.softmax(logits.detach() / ${i % 3 + 1}, dim=1), reduction="batchmean")`,
    i % 50 === 0 ? '    bad = F.cross_entropy(F.softmax(logits, dim=1), y)' : '    probs = logits.softmax(dim=-1)',
    '    return loss + tags + kd',
    '',
  ];
  const out = [...head];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return out.join('\n');
}
