import type { ArgumentValue } from './callArguments';
import type { FormulaId } from './formulas';

/** What a loss's prediction argument must hold. */
export type InputKind = 'logits' | 'probabilities' | 'log-probabilities';

export type Framework = 'PyTorch' | 'Keras' | 'TensorFlow' | 'scikit-learn' | 'optax' | 'JAX';

/** Everything a hover says about one loss (or activation) call. Markdown fields are trusted text. */
export interface LossExplanation {
  canonical: string;
  /** e.g. "torch.nn.functional.cross_entropy — softmax cross-entropy" */
  title: string;
  formula: FormulaId;
  /** Further formulas worth showing beside `formula` (an identity the relations rely on). */
  relatedFormulas?: FormulaId[];
  framework: Framework;
  /** What the prediction argument must be; for Keras, it follows `from_logits`. */
  input: InputKind;
  /** Markdown: what input and target it expects, and what it does to them. */
  expects: string;
  /** Positional parameter names in order (a module class: its constructor's). */
  parameters: string[];
  /** Markdown, one per argument of this call that changes the meaning, in the call's order. */
  argumentNotes: string[];
  /** Markdown bullets: how this loss relates to the others. */
  relations: string[];
  /** Which live figure of a training run corresponds (for "latest value" in the hover). */
  runFigure?: 'loss' | 'nll' | 'kl' | 'entropy';
  /** How to open the calculator on this loss. */
  calculator?: { task: 'multiclass' | 'multilabel'; kind: 'logits' | 'probs' | 'log_probs' };
}

/** A call's arguments by parameter name, in the order they were written. */
export type BoundCall = ReadonlyMap<string, ArgumentValue>;

/** Writes the note for one argument, or nothing when the value changes nothing worth saying. */
export type NoteWriter = (value: ArgumentValue, name: string, call: BoundCall) => string | undefined;

/** The parts of an explanation that an entry works out from the call. */
export type EntryDescription = Omit<LossExplanation, 'canonical' | 'title' | 'parameters' | 'argumentNotes'>;

/** One explained callable: what it is, its parameters, the parts that depend on the call, a note per parameter. */
export interface CatalogEntry {
  /** After the dash of the title: "softmax cross-entropy". */
  subject: string;
  parameters: readonly string[];
  describe(call: BoundCall): EntryDescription;
  notes: Readonly<Record<string, NoteWriter>>;
}
