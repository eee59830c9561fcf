import type { CalculatorFields, CalculatorResult, FieldError, LossLine, MulticlassExample, MultilabelExample } from '../calculatorProtocol';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, crossEntropy, klDiv, logSoftmax, LossLensError, nllLoss, sigmoid, workMulticlass, workMultilabel, type Tensor } from '../core';
import { readCalculatorInput, type MulticlassInput, type MultilabelInput } from './calculatorInput';
import { headlineCall, pytorchSnippet } from './pytorchSnippet';

/**
 * The calculator: what the user typed in, every applicable loss out, each number from the math
 * core's PyTorch functions (never re-derived here), or an error per field and no numbers at all.
 */
export function calculate(fields: CalculatorFields): { result?: CalculatorResult; errors: FieldError[] } {
  const { input, errors } = readCalculatorInput(fields);
  if (!input) return { errors };
  try {
    return { result: input.task === 'multiclass' ? multiclass(input) : multilabel(input), errors: [] };
  } catch (error) {
    // The core rejects what PyTorch rejects; the form's checks should have caught it first.
    if (error instanceof LossLensError) return { errors: [{ field: fieldOf(error.field), message: error.message }] };
    throw error;
  }
}

function fieldOf(field: string | undefined): FieldError['field'] {
  if (field === 'weight' || field === 'pos_weight' || field === 'label_smoothing' || field === 'ignore_index') return field;
  return field === 'target' ? 'target' : 'outputs';
}

function matrix(rows: number[][]): Tensor {
  return { data: Float64Array.from(rows.flat()), shape: [rows.length, rows[0].length] };
}

function value(result: Tensor | number, columns?: number): LossLine['value'] {
  if (typeof result === 'number') return result;
  const flat = Array.from(result.data);
  if (!columns) return flat;
  return Array.from({ length: flat.length / columns }, (_, r) => flat.slice(r * columns, (r + 1) * columns));
}

function multiclass(input: MulticlassInput): CalculatorResult {
  const n = input.outputs.length;
  const classes = input.outputs[0].length;
  const logitsRows = input.kind === 'probs' ? input.outputs.map((row) => row.map(Math.log)) : input.outputs;
  const logits = matrix(logitsRows);
  const indices = 'indices' in input.target ? input.target.indices : undefined;
  const target: Tensor = indices ? { data: Float64Array.from(indices), shape: [n] } : matrix((input.target as { rows: number[][] }).rows);
  const weight = input.weight ? { data: Float64Array.from(input.weight), shape: [classes] } : undefined;
  const options = { weight, ignore_index: input.ignoreIndex, label_smoothing: input.labelSmoothing, reduction: input.reduction };
  const headline = crossEntropy(logits, target, options);
  const logQ = logSoftmax(logits);

  const examples: MulticlassExample[] = input.outputs.map((row, r) => {
    const ignored = indices !== undefined && indices[r] === input.ignoreIndex;
    const rowTarget = ignored ? 0 : indices ? indices[r] : Float64Array.from((input.target as { rows: number[][] }).rows[r]);
    const work = workMulticlass({ kind: input.kind, values: Float64Array.from(row), target: rowTarget, weight: weight?.data, label_smoothing: input.labelSmoothing });
    return {
      row: r,
      ignored,
      logits: Array.from(work.logits),
      probabilities: Array.from(work.probabilities),
      logProbabilities: Array.from(work.logProbabilities),
      target: Array.from(work.targetDistribution),
      targetClass: indices && !ignored ? indices[r] : undefined,
      terms: Array.from(work.terms),
      loss: ignored ? 0 : work.crossEntropy,
      targetEntropy: work.targetEntropy,
      kl: work.kl,
      predictionEntropy: work.predictionEntropy,
    };
  });
  const counted = examples.filter((example) => !example.ignored);
  const logits1 = input.kind === 'logits' ? 'logits' : input.kind === 'probs' ? 'torch.log(probs)' : 'log_probs';
  const logProbs = input.kind === 'logits' ? 'F.log_softmax(logits, dim=1)' : input.kind === 'probs' ? 'torch.log(probs)' : 'log_probs';
  const headlineExpression = headlineCall(input);
  const losses: LossLine[] = [
    {
      expression: headlineExpression,
      value: value(headline),
      meaning: input.labelSmoothing > 0 ? 'softmax cross-entropy against the smoothed targets: the number your training loop prints' : 'softmax cross-entropy: the number your training loop prints',
      headline: true,
    },
  ];
  if (indices) {
    const nllOptions = [logProbs, 'target', ...(weight ? ['weight=weight'] : []), ...(input.ignoreIndex !== -100 ? [`ignore_index=${input.ignoreIndex}`] : []), ...(input.reduction !== 'mean' ? [`reduction="${input.reduction}"`] : [])];
    losses.push({
      expression: `F.nll_loss(${nllOptions.join(', ')})`,
      value: value(nllLoss(logQ, target, { weight, ignore_index: input.ignoreIndex, reduction: input.reduction })),
      meaning: input.labelSmoothing > 0 ? 'negative log-likelihood of the true classes (no smoothing): what maximum likelihood minimises' : 'negative log-likelihood of the true classes: equals cross_entropy, which is NLL of a log_softmax',
    });
  }
  if (counted.length > 0) {
    const p = matrix(counted.map((example) => example.target));
    const logQCounted = matrix(counted.map((example) => example.logProbabilities));
    const kl = klDiv(logQCounted, p, { reduction: 'batchmean' }) as number;
    losses.push({
      expression: `F.kl_div(${logProbs}, p, reduction="batchmean")`,
      value: kl,
      meaning: `KL(p ‖ q) per example, p the ${input.labelSmoothing > 0 ? 'smoothed ' : ''}target distribution${counted.length < n ? ', over the examples not ignored' : ''}`,
    });
    losses.push({
      expression: `torch.distributions.Categorical(logits=${logits1}).entropy().mean()`,
      value: mean(counted.map((example) => example.predictionEntropy)),
      meaning: 'H(q): how unsure the model is, mean over examples',
    });
  }
  const identity =
    counted.length > 0
      ? {
          targetEntropy: mean(counted.map((example) => example.targetEntropy)),
          kl: mean(counted.map((example) => example.kl)),
          crossEntropy: mean(counted.map((example) => example.targetEntropy + example.kl)),
        }
      : undefined;
  return {
    task: 'multiclass',
    kind: input.kind,
    classes,
    examples: n,
    multiclass: examples,
    losses,
    identity,
    reductionNote: multiclassReductionNote(input, examples, indices),
    snippet: pytorchSnippet(input, headlineExpression, printed(headline)),
  };
}

function multiclassReductionNote(input: MulticlassInput, examples: MulticlassExample[], indices: number[] | undefined): string {
  const counted = examples.filter((example) => !example.ignored);
  const ignored = examples.length - counted.length;
  const skipped = ignored > 0 ? ` (${ignored} ignored: target = ignore_index ${input.ignoreIndex})` : '';
  if (input.reduction === 'none') return `reduction="none": one loss per example${skipped}; ignored examples give 0`;
  const total = counted.reduce((a, example) => a + example.loss, 0);
  if (input.reduction === 'sum') return `reduction="sum": ${fmt(total)}, the sum of the ${counted.length} counted losses${skipped}`;
  if (indices && input.weight) {
    const weights = counted.reduce((a, example) => a + (input.weight as number[])[example.targetClass as number], 0);
    return `reduction="mean" with weight: Σ w[y]·ℓ / Σ w[y] = ${fmt(total)} / ${fmt(weights)}, the summed weights of the counted targets${skipped}`;
  }
  if (indices) return `reduction="mean": ${fmt(total)} / ${counted.length}, the mean over the counted examples${skipped}`;
  return `reduction="mean" with probability targets: ${fmt(total)} / ${examples.length}, divided by the batch size${input.weight ? ' (weights do not enter the divisor)' : ''}`;
}

function multilabel(input: MultilabelInput): CalculatorResult {
  const n = input.outputs.length;
  const neurons = input.outputs[0].length;
  const outputs = matrix(input.outputs);
  const targets = matrix(input.targets);
  const weight = input.weight ? { data: Float64Array.from(input.weight), shape: [neurons] } : undefined;
  const posWeight = input.posWeight ? { data: Float64Array.from(input.posWeight), shape: [neurons] } : undefined;
  const examples: MultilabelExample[] = input.outputs.map((row, r) => {
    const work = workMultilabel({
      kind: input.kind,
      values: Float64Array.from(row),
      targets: Float64Array.from(input.targets[r]),
      weight: weight?.data,
      pos_weight: posWeight?.data,
    });
    return {
      row: r,
      logits: work.logits ? Array.from(work.logits) : undefined,
      probabilities: Array.from(work.probabilities),
      targets: input.targets[r],
      terms: Array.from(work.neuronLosses),
      sum: work.sum,
    };
  });
  const headlineExpression = headlineCall(input);
  const headline =
    input.kind === 'logits'
      ? binaryCrossEntropyWithLogits(outputs, targets, { weight, pos_weight: posWeight, reduction: input.reduction })
      : binaryCrossEntropy(outputs, targets, { weight, reduction: input.reduction });
  const losses: LossLine[] = [
    {
      expression: headlineExpression,
      value: value(headline, neurons),
      meaning: input.kind === 'logits' ? 'binary cross-entropy from logits (stable log-sum-exp form): the number your training loop prints' : 'binary cross-entropy on probabilities (each log clamped at −100): the number your training loop prints',
      headline: true,
    },
  ];
  if (input.kind === 'logits' && !posWeight) {
    losses.push({
      expression: `F.binary_cross_entropy(torch.sigmoid(logits), target${weight ? ', weight=weight' : ''}${input.reduction !== 'mean' ? `, reduction="${input.reduction}"` : ''})`,
      value: value(binaryCrossEntropy(sigmoid(outputs), targets, { weight, reduction: input.reduction }), neurons),
      meaning: 'the same loss through probabilities: equal until a sigmoid saturates, then clamped at 100 per neuron instead of exact',
    });
  }
  const perExample = examples.map((example) => example.sum);
  losses.push({
    expression: `${headlineExpression.replace(/\)$/, '').replace(/, reduction="\w+"/, '')}, reduction="none").sum(dim=1)${input.reduction === 'none' ? '' : input.reduction === 'sum' ? '.sum()' : '.mean()'}`,
    value: input.reduction === 'none' ? perExample : input.reduction === 'sum' ? perExample.reduce((a, b) => a + b, 0) : mean(perExample),
    meaning: 'summed over the neurons: a sum of independent two-class cross-entropies, one per neuron (not one distribution’s NLL)',
  });
  const total = perExample.reduce((a, b) => a + b, 0);
  const reductionNote =
    input.reduction === 'none'
      ? 'reduction="none": one loss per neuron of each example'
      : input.reduction === 'sum'
        ? `reduction="sum": ${fmt(total)}, every neuron of every example added up`
        : `reduction="mean": ${fmt(total)} / ${n * neurons}, the mean over all ${n} × ${neurons} elements (examples × neurons)`;
  return { task: 'multilabel', kind: input.kind, classes: neurons, examples: n, multilabel: examples, losses, reductionNote, snippet: pytorchSnippet(input, headlineExpression, printed(headline)) };
}

/** The headline as the snippet's comment quotes it (a list for reduction="none"). */
function printed(headline: Tensor | number): string {
  return typeof headline === 'number' ? String(headline) : `[${Array.from(headline.data).join(', ')}]`;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}
