/**
 * Messages between the extension host and the loss calculator's webview, and the shapes they
 * carry. The webview sends what the user typed, as text; the host parses and computes with the
 * math core and answers with either every loss worked out or an error per field. Both sides
 * import this file; the host checks every message with `isCalculatorWebviewMessage`.
 */

export type CalculatorTask = 'multiclass' | 'multilabel';
export type CalculatorKind = 'logits' | 'probs' | 'log_probs';
export type CalculatorReduction = 'mean' | 'sum' | 'none';

/** The form, exactly as typed. */
export interface CalculatorFields {
  task: CalculatorTask;
  kind: CalculatorKind;
  outputs: string;
  target: string;
  weight: string;
  pos_weight: string;
  label_smoothing: string;
  ignore_index: string;
  reduction: CalculatorReduction;
}

export type CalculatorField = keyof CalculatorFields;

export interface FieldError {
  field: CalculatorField;
  message: string;
}

/** One example of a softmax head, class by class (natural logarithms). */
export interface MulticlassExample {
  row: number;
  /** The target equals ignore_index: PyTorch leaves the example out. */
  ignored: boolean;
  logits: number[];
  probabilities: number[];
  logProbabilities: number[];
  /** p: one-hot, soft or smoothed. */
  target: number[];
  targetClass?: number;
  /** −w_c p_c log q_c: they add up to `loss`. */
  terms: number[];
  /** This example's `reduction="none"` cross-entropy. */
  loss: number;
  targetEntropy: number;
  kl: number;
  predictionEntropy: number;
}

/** One example of a sigmoid head, neuron by neuron. */
export interface MultilabelExample {
  row: number;
  /** Absent when probabilities were given. */
  logits?: number[];
  probabilities: number[];
  targets: number[];
  /** Each neuron's two-class cross-entropy (weighted). */
  terms: number[];
  /** Their sum: this example's multilabel loss before reduction over neurons. */
  sum: number;
}

/** One applicable loss, as the PyTorch call that computes it (natural logarithms: nats). */
export interface LossLine {
  /** e.g. `F.cross_entropy(logits, target, reduction="mean")`. */
  expression: string;
  value: number | number[] | number[][];
  /** What the number is, in words. */
  meaning: string;
  /** The line matching the user's own options and reduction: the number their loop prints. */
  headline?: boolean;
}

export interface CalculatorResult {
  task: CalculatorTask;
  kind: CalculatorKind;
  classes: number;
  examples: number;
  multiclass?: MulticlassExample[];
  multilabel?: MultilabelExample[];
  losses: LossLine[];
  /** Mean over counted examples (unweighted): H(p) + KL(p ‖ q) = H(p, q). */
  identity?: { targetEntropy: number; kl: number; crossEntropy: number };
  /** How the headline's reduction formed its number from the per-example losses. */
  reductionNote: string;
  /** Python that reproduces the headline number with PyTorch (float64). */
  snippet: string;
}

// ── host → webview ───────────────────────────────────────────────────────────

/** Fill the form (on open, or from an editor selection or a hover link). */
export interface CalculatorFillMessage {
  type: 'fill';
  fields: CalculatorFields;
}

/** The answer to one `calculate`. */
export interface CalculatedMessage {
  type: 'calculated';
  /** The `calculate` message's sequence number: late answers to older input are dropped. */
  sequence: number;
  result?: CalculatorResult;
  errors: FieldError[];
}

export type CalculatorHostMessage = CalculatorFillMessage | CalculatedMessage;

// ── webview → host ───────────────────────────────────────────────────────────

export interface CalculatorReadyMessage {
  type: 'ready';
}

export interface CalculateMessage {
  type: 'calculate';
  sequence: number;
  fields: CalculatorFields;
}

/** Copy the PyTorch snippet of the current result. */
export interface CopySnippetMessage {
  type: 'copySnippet';
  fields: CalculatorFields;
}

export type CalculatorWebviewMessage = CalculatorReadyMessage | CalculateMessage | CopySnippetMessage;

const MAX_FIELD = 1_000_000;

export const DEFAULT_FIELDS: CalculatorFields = {
  task: 'multiclass',
  kind: 'logits',
  outputs: '2, 1, 0.1',
  target: '0',
  weight: '',
  pos_weight: '',
  label_smoothing: '',
  ignore_index: '',
  reduction: 'mean',
};

/** Checks the form's fields one by one: anything else is not a form. */
export function isCalculatorFields(value: unknown): value is CalculatorFields {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  const text = (key: string): boolean => typeof f[key] === 'string' && (f[key] as string).length <= MAX_FIELD;
  return (
    (f.task === 'multiclass' || f.task === 'multilabel') &&
    (f.kind === 'logits' || f.kind === 'probs' || f.kind === 'log_probs') &&
    (f.reduction === 'mean' || f.reduction === 'sum' || f.reduction === 'none') &&
    ['outputs', 'target', 'weight', 'pos_weight', 'label_smoothing', 'ignore_index'].every(text)
  );
}

export function isCalculatorWebviewMessage(value: unknown): value is CalculatorWebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'calculate':
      return typeof m.sequence === 'number' && Number.isInteger(m.sequence) && isCalculatorFields(m.fields);
    case 'copySnippet':
      return isCalculatorFields(m.fields);
    default:
      return false;
  }
}
