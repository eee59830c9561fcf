import type { PythonCall } from '../python/pythonModule';

/** The output activations whose place in front of a loss matters. */
export type Activation = 'softmax' | 'log_softmax' | 'sigmoid' | 'logsigmoid';

/** Activations applied by calling a function or a tensor method. */
const FUNCTIONS = new Map<string, Activation>([
  ['torch.nn.functional.softmax', 'softmax'],
  ['tensorflow.nn.softmax', 'softmax'],
  ['jax.nn.softmax', 'softmax'],
  ['torch.nn.functional.log_softmax', 'log_softmax'],
  ['tensorflow.nn.log_softmax', 'log_softmax'],
  ['jax.nn.log_softmax', 'log_softmax'],
  ['torch.sigmoid', 'sigmoid'],
  ['tensorflow.math.sigmoid', 'sigmoid'],
  ['jax.nn.sigmoid', 'sigmoid'],
  ['torch.nn.functional.logsigmoid', 'logsigmoid'],
]);

/** Activations applied by calling a module instance (`self.softmax = nn.Softmax(dim=1)`, then `self.softmax(x)`). */
const MODULES = new Map<string, Activation>([
  ['torch.nn.Softmax', 'softmax'],
  ['torch.nn.LogSoftmax', 'log_softmax'],
  ['torch.nn.Sigmoid', 'sigmoid'],
  ['torch.nn.LogSigmoid', 'logsigmoid'],
]);

/**
 * Functions known by no canonical name that are the activation they are named after: a
 * `def softmax(x)` of the file, `scipy.special.softmax`, `scipy.special.expit`.
 */
const SPELLED = new Map<string, Activation>([
  ['softmax', 'softmax'],
  ['log_softmax', 'log_softmax'],
  ['sigmoid', 'sigmoid'],
  ['expit', 'sigmoid'],
]);

/**
 * The activation a call applies, if it applies one. Building a module (`nn.Softmax(dim=1)`) applies
 * nothing; an instance whose name is bound to different things in the file is not trusted.
 */
export function activationOf(call: PythonCall): Activation | undefined {
  if (call.kind === 'instance') return call.reassigned === true ? undefined : MODULES.get(call.canonical ?? '');
  if (call.kind === 'constructor') return undefined;
  if (call.canonical !== undefined) return FUNCTIONS.get(call.canonical);
  const ownFunction = call.kind === 'function' && (call.definedInFile === true || call.qualifiedName !== undefined);
  return ownFunction && call.name !== undefined ? SPELLED.get(call.name) : undefined;
}

/** Keywords under which the activations above take their tensor. */
const TENSOR_KEYWORDS = new Set(['input', 'x', 'logits', 'features']);

/**
 * The tensor an activation call is applied to, as a span of the text: the receiver of a tensor
 * method (`out` in `out.softmax(1)`), else the first positional argument or the tensor keyword.
 * Undefined when it cannot be told (`F.softmax(*args)`).
 */
export function activationInput(call: PythonCall, text: string): { start: number; end: number; text: string } | undefined {
  if (call.kind === 'method' && call.receiverEnd !== undefined) {
    const receiver = text.slice(call.calleeStart, call.receiverEnd).trimEnd();
    return receiver === '' ? undefined : { start: call.calleeStart, end: call.calleeStart + receiver.length, text: receiver };
  }
  const first = call.args[0];
  if (first === undefined || first.star !== undefined) return undefined;
  const argument = first.name === undefined ? first : call.args.find((arg) => arg.name !== undefined && TENSOR_KEYWORDS.has(arg.name));
  return argument === undefined || argument.text === '' ? undefined : { start: argument.start, end: argument.end, text: argument.text };
}
