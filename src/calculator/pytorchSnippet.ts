import type { CalculatorInput } from './calculatorInput';

/**
 * Python that reproduces the calculator's headline number with PyTorch: the tensors as typed (in
 * float64, so the digits match ours), the call with the user's options, and our value as a comment
 * to compare against.
 */
export function pytorchSnippet(input: CalculatorInput, headline: string, value: string): string {
  const lines = ['import torch', 'import torch.nn.functional as F', ''];
  const name = input.kind === 'logits' ? 'logits' : input.kind === 'probs' ? 'probs' : 'log_probs';
  lines.push(`${name} = ${floatTensor(input.outputs)}`);
  if (input.task === 'multiclass') {
    lines.push('indices' in input.target ? `target = torch.tensor([${input.target.indices.map(pythonNumber).join(', ')}])` : `target = ${floatTensor(input.target.rows)}`);
  } else {
    lines.push(`target = ${floatTensor(input.targets)}`);
  }
  if (input.weight) lines.push(`weight = ${floatTensor(input.weight)}`);
  if (input.task === 'multilabel' && input.posWeight) lines.push(`pos_weight = ${floatTensor(input.posWeight)}`);
  lines.push(`loss = ${headline}`, `print(loss.tolist())  # Loss Lens: ${value}`);
  return lines.join('\n') + '\n';
}

/** The headline call as PyTorch spells it, with only the options that differ from the defaults. */
export function headlineCall(input: CalculatorInput): string {
  const options: string[] = [];
  if (input.weight) options.push('weight=weight');
  if (input.task === 'multiclass') {
    if (input.ignoreIndex !== -100) options.push(`ignore_index=${input.ignoreIndex}`);
    if (input.reduction !== 'mean') options.push(`reduction="${input.reduction}"`);
    if (input.labelSmoothing !== 0) options.push(`label_smoothing=${pythonNumber(input.labelSmoothing)}`);
    const logits = input.kind === 'logits' ? 'logits' : input.kind === 'probs' ? 'torch.log(probs)' : 'log_probs';
    return `F.cross_entropy(${[logits, 'target', ...options].join(', ')})`;
  }
  if (input.posWeight) options.push('pos_weight=pos_weight');
  if (input.reduction !== 'mean') options.push(`reduction="${input.reduction}"`);
  return input.kind === 'logits'
    ? `F.binary_cross_entropy_with_logits(${['logits', 'target', ...options].join(', ')})`
    : `F.binary_cross_entropy(${['probs', 'target', ...options].join(', ')})`;
}

function floatTensor(values: number[] | number[][]): string {
  return `torch.tensor(${pythonList(values)}, dtype=torch.float64)`;
}

function pythonList(values: number[] | number[][]): string {
  return `[${values.map((v) => (Array.isArray(v) ? pythonList(v) : pythonNumber(v))).join(', ')}]`;
}

/** Shortest text that reads back as the same double in Python (JS and Python agree on it). */
export function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (value === Infinity) return 'float("inf")';
  if (value === -Infinity) return 'float("-inf")';
  return String(value);
}
