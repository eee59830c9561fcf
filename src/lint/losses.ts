import type { PythonArgument, PythonCall } from '../python/pythonModule';

/**
 * What a loss expects as its prediction: raw scores that it turns into probabilities itself
 * with a softmax or a sigmoid, probabilities (BCE), or log-probabilities (NLL, KL's input).
 */
export type LossInput = 'softmax-logits' | 'sigmoid-logits' | 'probabilities' | 'log-probabilities' | 'kl-log-probabilities';

/** How a loss takes its prediction argument, and where Keras's `from_logits` is given. */
export interface LossRule {
  readonly input: LossInput;
  /** The prediction's position among the positional arguments, and its keyword. */
  readonly position: number;
  readonly keyword: string;
  /** Keras: the loss expects logits only when built or called with `from_logits=True` (at this position). */
  readonly fromLogits?: { readonly position: number; readonly on: 'constructor' | 'call' };
}

const torch = (input: LossInput): LossRule => ({ input, position: 0, keyword: 'input' });
const tfNn = (input: LossInput): LossRule => ({ input, position: 1, keyword: 'logits' });
const optax = (input: LossInput): LossRule => ({ input, position: 0, keyword: 'logits' });
const kerasClass = (input: LossInput): LossRule => ({ input, position: 1, keyword: 'y_pred', fromLogits: { position: 0, on: 'constructor' } });
const kerasFunction = (input: LossInput): LossRule => ({ input, position: 1, keyword: 'y_pred', fromLogits: { position: 2, on: 'call' } });

/** The losses checked, by canonical name (the classes are checked where an instance is applied). */
export const LOSS_RULES = new Map<string, LossRule>([
  ['torch.nn.functional.cross_entropy', torch('softmax-logits')],
  ['torch.nn.CrossEntropyLoss', torch('softmax-logits')],
  ['torch.nn.functional.binary_cross_entropy_with_logits', torch('sigmoid-logits')],
  ['torch.nn.BCEWithLogitsLoss', torch('sigmoid-logits')],
  ['torch.nn.functional.binary_cross_entropy', torch('probabilities')],
  ['torch.nn.BCELoss', torch('probabilities')],
  ['torch.nn.functional.nll_loss', torch('log-probabilities')],
  ['torch.nn.NLLLoss', torch('log-probabilities')],
  ['torch.nn.functional.kl_div', torch('kl-log-probabilities')],
  ['torch.nn.KLDivLoss', torch('kl-log-probabilities')],
  ['tensorflow.nn.softmax_cross_entropy_with_logits', tfNn('softmax-logits')],
  ['tensorflow.nn.sigmoid_cross_entropy_with_logits', tfNn('sigmoid-logits')],
  ['optax.softmax_cross_entropy', optax('softmax-logits')],
  ['optax.sigmoid_binary_cross_entropy', optax('sigmoid-logits')],
  ['keras.losses.CategoricalCrossentropy', kerasClass('softmax-logits')],
  ['keras.losses.SparseCategoricalCrossentropy', kerasClass('softmax-logits')],
  ['keras.losses.BinaryCrossentropy', kerasClass('sigmoid-logits')],
  ['keras.losses.categorical_crossentropy', kerasFunction('softmax-logits')],
  ['keras.losses.sparse_categorical_crossentropy', kerasFunction('softmax-logits')],
  ['keras.losses.binary_crossentropy', kerasFunction('sigmoid-logits')],
]);

/**
 * The argument `position` (counting positional arguments only) or `keyword` of a call; undefined
 * when absent or when a `*args` before it makes its position unknowable.
 */
export function argumentAt(call: PythonCall, position: number, keyword: string): PythonArgument | undefined {
  const named = call.args.find((arg) => arg.name === keyword);
  if (named !== undefined) return named;
  let index = 0;
  for (const arg of call.args) {
    if (arg.star !== undefined || arg.name !== undefined) return undefined;
    if (index === position) return arg;
    index++;
  }
  return undefined;
}

/**
 * The `from_logits` argument of a Keras loss application when it is literally `True` (a variable,
 * `**config` or the default `False` tell nothing for sure, and nothing is flagged then).
 */
export function fromLogitsTrue(call: PythonCall, rule: LossRule): PythonArgument | undefined {
  if (rule.fromLogits === undefined) return undefined;
  const where = rule.fromLogits.on === 'constructor' ? call.constructorCall : call;
  if (where === undefined) return undefined;
  const arg = argumentAt(where, rule.fromLogits.position, 'from_logits');
  return arg?.text === 'True' ? arg : undefined;
}
