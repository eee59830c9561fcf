import type { MulticlassWorking, MultilabelWorking } from '../core';

const LN2 = Math.LN2;
/** Labels are padded to one width so that the blocks of a report line up. */
const LABEL_WIDTH = 42;

/** A number as a person reads it: up to 6 significant digits, exponent form when tiny or huge. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  return magnitude >= 1e-4 && magnitude < 1e6 ? String(Number(x.toPrecision(6))) : x.toExponential(4);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
  return [line(headers), ...rows.map(line)].join('\n');
}

function lossLines(entries: [string, number | undefined][]): string {
  const shown = entries.filter((entry): entry is [string, number] => entry[1] !== undefined);
  const width = Math.max(LABEL_WIDTH, ...shown.map(([name]) => name.length));
  return shown
    .map(([name, nats]) => `  ${name.padEnd(width)}  ${formatNumber(nats).padStart(11)} nats  ${formatNumber(nats / LN2).padStart(11)} bits`)
    .join('\n');
}

export function formatMulticlass(w: MulticlassWorking): string {
  const rows = Array.from(w.logits, (logit, c) => [
    String(c),
    formatNumber(logit),
    formatNumber(w.probabilities[c]),
    formatNumber(w.logProbabilities[c]),
    formatNumber(w.targetDistribution[c]),
    formatNumber(w.terms[c]),
  ]);
  const identityGap = w.crossEntropyOfDistributions - (w.targetEntropy + w.kl);
  return [
    'Multiclass (softmax) cross-entropy, one example',
    '',
    table(['class', 'logit x', 'softmax q', 'log q', 'target p', '-w p log q'], rows),
    '',
    `  softmax q_c = exp(x_c - max x) / sum exp(x - max x);  log q = (x - max x) - log sum exp(x - max x)`,
    `  loss = sum of the last column = ${formatNumber(w.terms.reduce((a, b) => a + b, 0))}`,
    '',
    'Losses:',
    lossLines([
      ['F.cross_entropy(logits, target)', w.crossEntropy],
      ['F.nll_loss(log_softmax(logits), target)', w.nll],
      ['F.kl_div(log q, p, reduction="batchmean")', w.klDiv],
    ]),
    '',
    'Between the target p and the prediction q (unweighted):',
    lossLines([
      ['H(p)      target entropy', w.targetEntropy],
      ['KL(p||q)  divergence', w.kl],
      ['H(p,q)    cross-entropy', w.crossEntropyOfDistributions],
      ['H(q)      prediction entropy', w.predictionEntropy],
    ]),
    `  H(p,q) = H(p) + KL(p||q): ${formatNumber(w.crossEntropyOfDistributions)} = ${formatNumber(w.targetEntropy)} + ${formatNumber(w.kl)}` +
      ` (difference ${identityGap.toExponential(1)})`,
  ].join('\n');
}

export function formatMultilabel(w: MultilabelWorking): string {
  const rows = Array.from(w.probabilities, (p, j) => [
    String(j),
    w.logits ? formatNumber(w.logits[j]) : '-',
    formatNumber(p),
    formatNumber(w.neuronLosses[j]),
  ]);
  const fromLogits = w.logits !== undefined;
  return [
    'Multilabel (sigmoid) cross-entropy: an independent two-class cross-entropy per neuron, one example',
    '',
    table(['neuron', 'logit x', 'sigmoid s', 'BCE term'], rows),
    '',
    '  BCE term = -w (pw y log s + (1 - y) log(1 - s))' +
      (fromLogits ? ' = w (pw y softplus(-x) + (1 - y) softplus(x)), computed from x (stable)' : ', each log clamped at -100'),
    '',
    'Losses:',
    lossLines([
      [fromLogits ? 'F.binary_cross_entropy_with_logits (mean)' : 'F.binary_cross_entropy (mean)', w.mean],
      [fromLogits ? 'F.binary_cross_entropy_with_logits (sum)' : 'F.binary_cross_entropy (sum)', w.sum],
      ['F.binary_cross_entropy(sigmoid(x)) (mean)', fromLogits ? w.bceOfProbabilities : undefined],
    ]),
  ].join('\n');
}
