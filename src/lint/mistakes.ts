import { isClassName } from '../python/names';
import { analyzePython, type PythonArgument, type PythonCall, type PythonModule } from '../python/pythonModule';
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
    const argument = argumentAt(loss, rule.position, rule.keyword);
    // The activation as the argument itself, or as the value of a name the argument is (`p = F.softmax(x)`, then `F.cross_entropy(p, y)`).
    const held = argument?.call === undefined && argument?.valueCall !== undefined && stillBound(text, argument.valueCall.start, argument.start) ? argument : undefined;
    const activation = argument?.call ?? held?.valueCall;
    const applied = activation === undefined ? undefined : activationOf(activation);
    if (activation === undefined || applied === undefined) continue;
    const mistake = judge(module, text, loss, rule, activation, applied, held);
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

/**
 * Whether a name bound at `from` (an assignment) still holds that value where it is used at `to`,
 * as far as lines show: every line between is in the assignment's block or nested in it (so not
 * after the `if` that assigned it in one branch), none of them starts a `def` or `class`, and no
 * `lambda` comes between (their parameters could be the same name). Conservative: an odd layout says no.
 */
function stillBound(text: string, from: number, to: number): boolean {
  const lineStart = (at: number): number => text.lastIndexOf('\n', at - 1) + 1;
  const indent = (start: number): number => {
    let i = start;
    while (text[i] === ' ' || text[i] === '\t') i++;
    return i - start;
  };
  const base = indent(lineStart(from));
  const last = lineStart(to);
  for (let at = text.indexOf('\n', from) + 1; at > 0 && at <= last; at = text.indexOf('\n', at) + 1) {
    const width = indent(at);
    const first = text[at + width];
    if (first === undefined || first === '\n' || first === '\r' || first === '#') continue; // blank or comment
    if (width < base || /^(?:async\s+def|def|class)\b/.test(text.slice(at + width, at + width + 12))) return false;
  }
  return !/\blambda\b/.test(text.slice(from, to));
}

function judge(
  module: PythonModule,
  text: string,
  loss: PythonCall,
  rule: LossRule,
  activation: PythonCall,
  applied: Activation,
  held?: PythonArgument,
): Mistake | undefined {
  const L = lossName(text, loss);
  const called = `\`${spelled(text, activation)}(...)\``;
  // Through a name: underline the name where the loss takes it, and fix the assignment only when
  // the loss is the name's one use (anything else reading it would change too).
  const A = held === undefined ? called : `\`${held.text}\` (= ${called}, line ${lineOf(text, activation.start)})`;
  const range = held === undefined ? { start: activation.start, end: activation.end } : { start: held.start, end: held.end };
  const fixable = held === undefined || module.countName(held.text) === 2;
  const drop = (title: string): Mistake['fix'] => (fixable ? withEdits(title, dropActivation(activation, text)) : undefined);
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
      fix: rename === undefined || dropped === undefined || !fixable ? undefined : { title: `Use ${stable} on the logits`, edits: [...rename, ...dropped] },
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
      fix: fixable ? withEdits(`Use \`${logSoftmaxName(text, activation)}\``, toLogSoftmax(module, activation)) : undefined,
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

/** 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
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
