import { binaryCrossEntropy } from './binaryCrossEntropy';
import { binaryCrossEntropyWithLogits } from './binaryCrossEntropyWithLogits';
import { crossEntropy } from './crossEntropy';
import { LossLensError } from './errors';
import { crossEntropyOf, entropy, jsDivergence, klDivergence } from './information';
import { klDiv, type KlDivReduction } from './klDiv';
import { fromNested } from './nested';
import { nllLoss } from './nllLoss';
import type { Reduction } from './reduction';
import { logSigmoid, sigmoid } from './sigmoid';
import { logSoftmax, softmax } from './softmax';
import type { Tensor } from './tensor';

/** A call written with PyTorch's argument names: `{"op": "cross_entropy", "input": …, "target": …}`. */
export type OpArguments = Readonly<Record<string, unknown>>;

type Op = (args: OpArguments) => Tensor | number;

/**
 * Every operation by its PyTorch (or, for the distribution measures, SciPy-like) name, taking
 * its arguments by name. What the CLI's `eval` and the golden tests call.
 */
export const OPS: Readonly<Record<string, Op>> = {
  cross_entropy: (a) =>
    crossEntropy(tensorArg(a, 'input'), tensorArg(a, 'target'), {
      weight: optionalTensorArg(a, 'weight'),
      ignore_index: optionalNumberArg(a, 'ignore_index'),
      reduction: a.reduction as Reduction | undefined,
      label_smoothing: optionalNumberArg(a, 'label_smoothing'),
    }),
  nll_loss: (a) =>
    nllLoss(tensorArg(a, 'input'), tensorArg(a, 'target'), {
      weight: optionalTensorArg(a, 'weight'),
      ignore_index: optionalNumberArg(a, 'ignore_index'),
      reduction: a.reduction as Reduction | undefined,
    }),
  binary_cross_entropy: (a) =>
    binaryCrossEntropy(tensorArg(a, 'input'), tensorArg(a, 'target'), {
      weight: optionalTensorArg(a, 'weight'),
      reduction: a.reduction as Reduction | undefined,
    }),
  binary_cross_entropy_with_logits: (a) =>
    binaryCrossEntropyWithLogits(tensorArg(a, 'input'), tensorArg(a, 'target'), {
      weight: optionalTensorArg(a, 'weight'),
      pos_weight: optionalTensorArg(a, 'pos_weight'),
      reduction: a.reduction as Reduction | undefined,
    }),
  kl_div: (a) =>
    klDiv(tensorArg(a, 'input'), tensorArg(a, 'target'), {
      reduction: a.reduction as KlDivReduction | undefined,
      log_target: optionalBooleanArg(a, 'log_target'),
    }),
  softmax: (a) => softmax(tensorArg(a, 'input')),
  log_softmax: (a) => logSoftmax(tensorArg(a, 'input')),
  sigmoid: (a) => sigmoid(tensorArg(a, 'input')),
  logsigmoid: (a) => logSigmoid(tensorArg(a, 'input')),
  entropy: (a) => entropy(vectorArg(a, 'p'), optionalNumberArg(a, 'base')),
  kl: (a) => klDivergence(vectorArg(a, 'p'), vectorArg(a, 'q'), optionalNumberArg(a, 'base')),
  cross_entropy_dist: (a) => crossEntropyOf(vectorArg(a, 'p'), vectorArg(a, 'q'), optionalNumberArg(a, 'base')),
  js_divergence: (a) => jsDivergence(vectorArg(a, 'p'), vectorArg(a, 'q'), optionalNumberArg(a, 'base')),
};

/** Runs `args.op` with the other fields as its arguments. */
export function runOp(args: OpArguments): Tensor | number {
  const name = args.op;
  if (typeof name !== 'string') throw new LossLensError('missing; expected an operation name', 'op');
  if (!Object.prototype.hasOwnProperty.call(OPS, name)) {
    throw new LossLensError(`unknown operation ${JSON.stringify(name)}; expected one of ${Object.keys(OPS).join(', ')}`, 'op');
  }
  return OPS[name](args);
}

function tensorArg(args: OpArguments, field: string): Tensor {
  if (args[field] === undefined) throw new LossLensError('missing', field);
  return fromNested(args[field], field);
}

function optionalTensorArg(args: OpArguments, field: string): Tensor | undefined {
  return args[field] === undefined || args[field] === null ? undefined : fromNested(args[field], field);
}

function vectorArg(args: OpArguments, field: string): Float64Array {
  const t = tensorArg(args, field);
  if (t.shape.length !== 1) throw new LossLensError('expected a flat list of probabilities', field);
  return t.data;
}

function optionalNumberArg(args: OpArguments, field: string): number | undefined {
  const value = args[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new LossLensError(`expected a number, got ${JSON.stringify(value)}`, field);
  return value;
}

function optionalBooleanArg(args: OpArguments, field: string): boolean | undefined {
  const value = args[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new LossLensError(`expected true or false, got ${JSON.stringify(value)}`, field);
  return value;
}
