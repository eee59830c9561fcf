import { isClassName } from '../python/names';
import { analyzePython, type PythonCall, type PythonModule } from '../python/pythonModule';
import { activationOf, type Activation } from './activations';
import { dropActivation, toLogSoftmax, toWithLogits } from './fixes';
import { compileContradictions, type CompileContradiction } from './kerasModels';
import { argumentAt, fromLogitsTrue, LOSS_RULES, type LossRule } from './losses';
import type { TextEdit } from './textEdits';

export type { TextEdit } from './textEdits';

export interface Mistake {
  code:
    | 'softmax-before-logits-loss'
    | 'sigmoid-before-logits-loss'
    | 'bce-on-sigmoid'
    | 'nll-on-probabilities'
    | 'kl-div-input-probabilities'
    | 'from-logits-contradicts-activation';
  /** What to underline: the offending inner activation call (or the from_logits argument). */
  start: number;
  end: number;
  /** One or two sentences a user can act on, naming the functions as spelled in the code. */
  message: string;
  severity: 'warning' | 'information';
  /** Edits applied together give valid, correct Python. */
  fix?: { title: string; edits: TextEdit[] };
}

/**
 * The classic loss mistakes in a Python file: an activation in front of a loss that applies it
 * itself, probabilities where log-probabilities are expected, and the numerically fragile BCE on
 * a sigmoid. Only calls resolved to a known loss are checked, and only when the activation is the
 * loss's prediction argument itself, so that correct code is never flagged. Never throws.
 */
export function findMistakes(text: string): Mistake[] {
  const module = analyzePython(text);
  const mistakes: Mistake[] = [];
  for (const loss of module.calls) {
    const rule = LOSS_RULES.get(loss.canonical ?? '');
    if (rule === undefined || !isApplication(loss)) continue;
    const activation = argumentAt(loss, rule.position, rule.keyword)?.call;
    const applied = activation === undefined ? undefined : activationOf(activation);
    if (activation === undefined || applied === undefined) continue;
    const mistake = judge(module, text, loss, rule, activation, applied);
    if (mistake !== undefined) mistakes.push(mistake);
  }
  for (const contradiction of compileContradictions(module)) mistakes.push(compileMistake(text, contradiction));
  return mistakes.sort((a, b) => a.start - b.start);
}

/** Whether a loss call computes the loss (`F.cross_entropy(...)`, `criterion(...)`) rather than building it. */
function isApplication(loss: PythonCall): boolean {
  if (!isClassName(loss.canonical ?? '')) return loss.kind === 'function';
  return loss.kind === 'instance' && loss.reassigned !== true;
}

function judge(module: PythonModule, text: string, loss: PythonCall, rule: LossRule, activation: PythonCall, applied: Activation): Mistake | undefined {
  const L = lossName(text, loss);
  const A = `\`${spelled(text, activation)}(...)\``;
  const range = { start: activation.start, end: activation.end };
  const drop = (title: string): Mistake['fix'] => withEdits(title, dropActivation(activation, text));
  if (rule.fromLogits !== undefined) {
    if (fromLogitsTrue(loss, rule) === undefined || (applied !== 'softmax' && applied !== 'sigmoid')) return undefined;
    const how = rule.fromLogits.on === 'constructor' ? 'is built' : 'is called';
    return {
      code: 'from-logits-contradicts-activation',
      ...range,
      message: `${L} ${how} with from_logits=True, so it applies the ${applied} itself; ${A} here applies it twice. Pass the logits, or use from_logits=False.`,
      severity: 'warning',
      fix: drop(`Remove ${A} and pass the logits`),
    };
  }
  if (rule.input === 'softmax-logits' && applied === 'softmax') {
    return {
      code: 'softmax-before-logits-loss',
      ...range,
      message: `${L} expects raw logits and applies log-softmax itself, so ${A} makes it a softmax of probabilities: gradients shrink and training stalls. Pass the logits directly.`,
      severity: 'warning',
      fix: drop(`Remove ${A} and pass the logits`),
    };
  }
  if (rule.input === 'sigmoid-logits' && applied === 'sigmoid') {
    return {
      code: 'sigmoid-before-logits-loss',
      ...range,
      message: `${L} expects raw logits and applies the sigmoid itself, so after ${A} every prediction is squeezed into (0.5, 0.73) and the loss cannot approach zero. Pass the logits directly.`,
      severity: 'warning',
      fix: drop(`Remove ${A} and pass the logits`),
    };
  }
  if (rule.input === 'probabilities' && applied === 'sigmoid') {
    const rename = toWithLogits(module, loss);
    const dropped = dropActivation(activation, text);
    const stable = `\`${withLogitsName(text, loss)}\``;
    return {
      code: 'bce-on-sigmoid',
      ...range,
      message: `${L} on ${A} loses precision for large logits (log(1 − sigmoid(x)) rounds to log 0, which PyTorch clamps at −100). ${stable} on the logits computes the same loss stably.`,
      severity: 'information',
      fix: rename === undefined || dropped === undefined ? undefined : { title: `Use ${stable} on the logits`, edits: [...rename, ...dropped] },
    };
  }
  if ((rule.input === 'log-probabilities' || rule.input === 'kl-log-probabilities') && applied === 'softmax') {
    const nll = rule.input === 'log-probabilities';
    return {
      code: nll ? 'nll-on-probabilities' : 'kl-div-input-probabilities',
      ...range,
      message: nll
        ? `${L} expects log-probabilities, but ${A} gives probabilities, so the loss is −p(target) rather than the cross-entropy. Use log_softmax instead.`
        : `${L} expects its input as log-probabilities (only the target as probabilities), but ${A} gives probabilities, so the result is not a KL divergence. Use log_softmax for the input.`,
      severity: 'warning',
      fix: withEdits(`Use \`${logSoftmaxName(text, activation)}\``, toLogSoftmax(module, activation)),
    };
  }
  return undefined;
}

function compileMistake(text: string, contradiction: CompileContradiction): Mistake {
  const { fromLogits, loss, lastLayer, activation } = contradiction;
  return {
    code: 'from-logits-contradicts-activation',
    start: fromLogits.nameStart ?? fromLogits.start,
    end: fromLogits.end,
    message: `The model's last layer \`${shortText(text, lastLayer)}\` already applies a ${activation}, but \`${spelled(text, loss)}\` is built with from_logits=True and applies it again. Set from_logits=False, or make the last layer linear.`,
    severity: 'warning',
    fix: { title: 'Set from_logits=False', edits: [{ start: fromLogits.start, end: fromLogits.end, text: 'False' }] },
  };
}

function withEdits(title: string, edits: TextEdit[] | undefined): Mistake['fix'] {
  return edits === undefined ? undefined : { title, edits };
}

/** A loss as the user wrote it: `F.cross_entropy`, `criterion` (`nn.CrossEntropyLoss`), or the constructor of an instance called at once. */
function lossName(text: string, loss: PythonCall): string {
  const constructor = loss.constructorCall;
  if (constructor === undefined) return `\`${spelled(text, loss)}\``;
  if (constructor.start === loss.calleeStart && constructor.end === loss.calleeEnd) return `\`${spelled(text, constructor)}\``;
  return `\`${spelled(text, loss)}\` (\`${spelled(text, constructor)}\`)`;
}

/** The with-logits BCE as the user would spell it: `F.binary_cross_entropy_with_logits`, `nn.BCEWithLogitsLoss`. */
function withLogitsName(text: string, loss: PythonCall): string {
  if (loss.kind === 'function') return loss.name === 'binary_cross_entropy' ? `${spelled(text, loss)}_with_logits` : 'binary_cross_entropy_with_logits';
  const constructor = loss.constructorCall;
  return constructor?.name === 'BCELoss' ? `${spelled(text, constructor).slice(0, -'BCELoss'.length)}BCEWithLogitsLoss` : 'BCEWithLogitsLoss';
}

/** The log-softmax as the user would spell it: `F.log_softmax`, `x.log_softmax`, `nn.LogSoftmax`. */
function logSoftmaxName(text: string, activation: PythonCall): string {
  const call = activation.kind === 'instance' ? activation.constructorCall : activation;
  if (call?.nameStart === undefined) return 'log_softmax';
  const spelledName = text.slice(call.calleeStart, call.nameStart).replace(/\s+/g, '') + (activation.kind === 'instance' ? 'LogSoftmax' : 'log_softmax');
  return spelledName.length <= 60 ? spelledName : 'log_softmax';
}

/** A whole call as written when short (`Dense(10, activation="softmax")`), else its callee. */
function shortText(text: string, call: PythonCall): string {
  const whole = text.slice(call.start, call.end).replace(/\s+/g, ' ');
  return whole.length <= 60 ? whole : spelled(text, call);
}

/** A callee as written, without line breaks; a long receiver is elided (`….softmax`). */
function spelled(text: string, call: PythonCall): string {
  const callee = text.slice(call.calleeStart, call.calleeEnd).replace(/\s+/g, '');
  return callee.length <= 60 || call.name === undefined ? callee : `….${call.name}`;
}
