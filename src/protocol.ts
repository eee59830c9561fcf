/**
 * Every message between the extension host and the inspector webview, as discriminated unions on
 * `type`. Both sides import this file and nothing else of each other; the host checks every
 * message it receives with `isWebviewMessage` (a webview is untrusted input).
 */

export type Task = 'multiclass' | 'multilabel';

/** One step's figures (see docs/log-format.md, "What is derived per step"). */
export interface StepFigures {
  step: number;
  split: string;
  task: Task;
  /** Examples counted (not ignored). */
  n: number;
  /** Multiclass: `F.cross_entropy(reduction="mean")`; multilabel: BCE (with logits) mean. */
  loss: number;
  /** Multiclass: the loss without label smoothing. */
  nll?: number;
  /** Multiclass: mean H(q) of the predictions. */
  entropy?: number;
  /** Multiclass: mean H(p) of the (smoothed) targets. */
  target_entropy?: number;
  /** Multiclass: mean KL(p ‖ q). */
  kl?: number;
  accuracy: number;
  /** Mean predicted probability per class (multilabel: mean sigmoid per neuron). */
  class_prob: number[];
  /** Multiclass: mean predicted probability of the target class. */
  true_class_prob?: number;
  /** Multilabel: each neuron's mean BCE over the batch. */
  neuron_bce?: number[];
  /** The loss the training code logged (mean over the step's records), when it did. */
  logged_loss?: number;
  /** The logged loss differs from ours by more than 1e-6 relative. */
  loss_mismatch: boolean;
  /** Non-finite outputs; when > 0 the figures are NaN. */
  nonfinite: number;
  time?: number;
  epoch?: number;
}

/** What the inspector shows a run as. */
export interface RunInfo {
  /** Stable identifier: the first log file's URI. */
  id: string;
  /** A short name for titles: the log file's name without `.losslens.jsonl`. */
  name: string;
  /** The log files, as paths relative to the workspace where possible. */
  files: string[];
  task: Task | undefined;
  classNames: string[];
}

/** A line that could not be used, as the host reports it. */
export interface ProblemInfo {
  file: string;
  line: number;
  field?: string;
  message: string;
}

/** One example of a step, read back from disk, worked out class by class (or neuron by neuron). */
export interface ExampleDetail {
  /** Row in the record. */
  row: number;
  /** The record's `ids` entry, when it logged one. */
  id?: string | number;
  /** Predicted probabilities: softmax (multiclass) or sigmoid per neuron (multilabel). */
  predicted: number[];
  /** Target distribution (one-hot, soft or smoothed), or the 0/1 targets per neuron. */
  target: number[];
  /** Each class's term −w p log q, or each neuron's BCE: they add up to `loss`. */
  terms: number[];
  /** This example's loss: PyTorch's reduction="none" value (multiclass), the sum over neurons (multilabel). */
  loss: number;
  /** The class index, when the target is one (multiclass); ignored examples are left out. */
  targetClass?: number;
}

// ── host → webview ───────────────────────────────────────────────────────────

/** The whole state, sent when the webview is ready or shown again. */
export interface SnapshotMessage {
  type: 'snapshot';
  run: RunInfo;
  steps: StepFigures[];
  problems: ProblemInfo[];
  problemCount: number;
  /** Still reading the log for the first time: a fraction in [0, 1]. */
  loading?: number;
}

/** Steps added or changed since the last message (a live run appending). */
export interface StepsMessage {
  type: 'steps';
  run: RunInfo;
  steps: StepFigures[];
  problems: ProblemInfo[];
  problemCount: number;
  /** When the host read the bytes these steps came from (Date.now()), for latency measurements. */
  readAt: number;
}

/** The log was truncated or replaced: everything shown so far is gone; a snapshot follows. */
export interface ResetMessage {
  type: 'reset';
}

/** Loading progress of a large log. */
export interface ProgressMessage {
  type: 'progress';
  fraction: number;
}

/** The examples of one step, answering `requestStep`. */
export interface StepDetailMessage {
  type: 'stepDetail';
  split: string;
  step: number;
  examples: ExampleDetail[];
  /** Set when the step could not be read back (the file changed, …). */
  error?: string;
}

export type HostMessage = SnapshotMessage | StepsMessage | ResetMessage | ProgressMessage | StepDetailMessage;

// ── webview → host ───────────────────────────────────────────────────────────

/** The webview has loaded and wants the whole state. */
export interface ReadyMessage {
  type: 'ready';
}

/** Read one step's examples back from disk. */
export interface RequestStepMessage {
  type: 'requestStep';
  split: string;
  step: number;
}

/** Save the derived series at full resolution. */
export interface ExportDataMessage {
  type: 'exportData';
  format: 'csv' | 'json';
}

/** Save a chart as a PNG (the webview renders it; the host asks where to save). */
export interface SavePngMessage {
  type: 'savePng';
  name: string;
  /** `data:image/png;base64,…` */
  dataUrl: string;
}

/** Show a message to the user (e.g. a chart could not be exported). */
export interface NotifyMessage {
  type: 'notify';
  level: 'info' | 'error';
  text: string;
}

/**
 * Pick other runs to overlay: the host asks which, then sends their steps as extra series, each
 * split named `run › split` (so the charts draw them like another split, with their own legend).
 */
export interface CompareRunsMessage {
  type: 'compareRuns';
}

export type WebviewMessage = ReadyMessage | RequestStepMessage | ExportDataMessage | SavePngMessage | NotifyMessage | CompareRunsMessage;

const MAX_TEXT = 10_000;
const MAX_PNG = 50_000_000;

function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** Checks a message from the webview field by field: anything else is dropped by the host. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'compareRuns':
      return true;
    case 'requestStep':
      return isText(m.split, 200) && typeof m.step === 'number' && Number.isInteger(m.step) && m.step >= 0;
    case 'exportData':
      return m.format === 'csv' || m.format === 'json';
    case 'savePng':
      return isText(m.name, 200) && isText(m.dataUrl, MAX_PNG) && m.dataUrl.startsWith('data:image/png;base64,');
    case 'notify':
      return (m.level === 'info' || m.level === 'error') && isText(m.text);
    default:
      return false;
  }
}
