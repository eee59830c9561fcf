import { classAxisNote, jaxAxisNote, torchDimNote, torchDtypeNote } from './argumentNotes';
import type { BoundCall, CatalogEntry, EntryDescription, Framework, NoteWriter } from './explanation';
import * as relation from './relations';

/**
 * The activations that turn logits into what the losses take: softmax and log_softmax for one
 * distribution over classes, sigmoid and log-sigmoid for independent outputs. Explained because
 * applying one twice, or before a loss that applies it itself, is the commonest loss bug.
 */

type Activation = 'softmax' | 'logSoftmax' | 'sigmoid' | 'logSigmoid';

const EXPECTS: Record<Activation, string> = {
  softmax: 'any real scores (**logits**); returns probabilities in (0, 1) that sum to 1 along the class dimension.',
  logSoftmax:
    'any real scores (**logits**); returns log-probabilities (≤ 0) whose exponentials sum to 1 along the class dimension — what `nll_loss` and `kl_div` take.',
  sigmoid: 'any real scores (**logits**); returns a probability in (0, 1) for each one independently: the outputs need not sum to 1.',
  logSigmoid: 'any real scores (**logits**); returns log σ(x) ≤ 0, computed stably (no log of 0 for very negative x).',
};

/** What not to do next, per framework: each has its own losses that apply the activation themselves. */
const BEFORE_LOSS: Record<Framework, Partial<Record<Activation, string>>> = {
  PyTorch: { softmax: relation.SOFTMAX_BEFORE_CE, logSoftmax: relation.CE_IS_NLL_OF_LOG_SOFTMAX, sigmoid: relation.SIGMOID_BEFORE_BCE },
  TensorFlow: {
    softmax: 'Do not apply it before `tf.nn.softmax_cross_entropy_with_logits` or a Keras loss with `from_logits=True`: they apply the softmax themselves.',
    sigmoid: 'Do not apply it before `tf.nn.sigmoid_cross_entropy_with_logits` or a Keras loss with `from_logits=True`: they apply the sigmoid themselves.',
  },
  JAX: {
    softmax: 'Do not apply it before `optax.softmax_cross_entropy`: it applies log_softmax itself.',
    sigmoid: 'Do not apply it before `optax.sigmoid_binary_cross_entropy`: it applies log_sigmoid itself.',
  },
  Keras: {},
  'scikit-learn': {},
  optax: {},
};

const RELATIONS: Record<Activation, string[]> = {
  softmax: [relation.SOFTMAX_SHIFT_INVARIANT, relation.PREDICTION_ENTROPY],
  logSoftmax: [relation.LOG_SOFTMAX_EXACT, relation.SOFTMAX_SHIFT_INVARIANT],
  sigmoid: [relation.SIGMOID_IS_TWO_CLASS_SOFTMAX, relation.BCE_PER_NEURON],
  logSigmoid: [relation.LOG_SIGMOID_SOFTPLUS],
};

const SUBJECT: Record<Activation, string> = {
  softmax: 'softmax (logits → probabilities)',
  logSoftmax: 'log-softmax (logits → log-probabilities)',
  sigmoid: 'sigmoid (logits → independent probabilities)',
  logSigmoid: 'log-sigmoid (logits → log-probabilities of independent outputs)',
};

const IMPLICIT_DIM =
  ' No `dim` is given: PyTorch picks one implicitly (0 for 0-, 1- and 3-D input, 1 otherwise) and warns — pass `dim=1` (or −1) for (N, C) logits.';

function describe(activation: Activation, framework: Framework, dimParameter?: 'dim') {
  const multiclass = activation === 'softmax' || activation === 'logSoftmax';
  return (call: BoundCall): EntryDescription => {
    const dim = call.get('dim');
    const implicit = dimParameter === 'dim' && (dim === undefined || dim.kind === 'none') ? IMPLICIT_DIM : '';
    const beforeLoss = BEFORE_LOSS[framework][activation];
    return {
      formula: activation,
      ...(activation === 'softmax' ? { relatedFormulas: ['entropy' as const] } : {}),
      framework,
      input: 'logits',
      expects: EXPECTS[activation] + implicit,
      relations: [...(beforeLoss ? [beforeLoss] : []), ...RELATIONS[activation]],
      ...(multiclass ? { runFigure: 'entropy' as const } : {}),
      calculator: { task: multiclass ? 'multiclass' : 'multilabel', kind: 'logits' },
    };
  };
}

function entry(activation: Activation, framework: Framework, parameters: string[]): CatalogEntry {
  const hasDim = parameters.includes('dim');
  const notes: Record<string, NoteWriter> =
    framework === 'PyTorch' ? { dim: torchDimNote, dtype: torchDtypeNote } : framework === 'JAX' ? { axis: jaxAxisNote } : { axis: classAxisNote };
  return { subject: SUBJECT[activation], parameters, describe: describe(activation, framework, hasDim ? 'dim' : undefined), notes };
}

const TORCH_SOFTMAX = ['input', 'dim', '_stacklevel', 'dtype'];

export const ACTIVATIONS: Readonly<Record<string, CatalogEntry>> = {
  'torch.nn.functional.softmax': entry('softmax', 'PyTorch', TORCH_SOFTMAX),
  'torch.nn.functional.log_softmax': entry('logSoftmax', 'PyTorch', TORCH_SOFTMAX),
  'torch.sigmoid': entry('sigmoid', 'PyTorch', ['input']),
  'torch.nn.functional.logsigmoid': entry('logSigmoid', 'PyTorch', ['input']),
  'torch.nn.Softmax': entry('softmax', 'PyTorch', ['dim']),
  'torch.nn.LogSoftmax': entry('logSoftmax', 'PyTorch', ['dim']),
  'torch.nn.Sigmoid': entry('sigmoid', 'PyTorch', []),
  'torch.nn.LogSigmoid': entry('logSigmoid', 'PyTorch', []),
  'tensorflow.nn.softmax': entry('softmax', 'TensorFlow', ['logits', 'axis', 'name']),
  'tensorflow.nn.log_softmax': entry('logSoftmax', 'TensorFlow', ['logits', 'axis', 'name']),
  'tensorflow.math.sigmoid': entry('sigmoid', 'TensorFlow', ['x', 'name']),
  'jax.nn.softmax': entry('softmax', 'JAX', ['x', 'axis', 'where']),
  'jax.nn.log_softmax': entry('logSoftmax', 'JAX', ['x', 'axis', 'where']),
  'jax.nn.sigmoid': entry('sigmoid', 'JAX', ['x']),
};
