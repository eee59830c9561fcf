import { ACTIVATIONS } from './activations';
import { bindArguments, type LossArgument } from './callArguments';
import type { CatalogEntry, LossExplanation } from './explanation';
import { KERAS_LOSSES } from './kerasLosses';
import { OPTAX_LOSSES } from './optaxLosses';
import { SKLEARN_LOSSES } from './sklearnLosses';
import { TENSORFLOW_LOSSES } from './tensorflowLosses';
import { TORCH_LOSSES } from './torchLosses';

/**
 * What a loss (or activation) call computes, for hovers over Python code: pure data and text, no
 * editor. Entries are keyed by canonical name — the fully qualified name after resolving the
 * file's imports (`F.cross_entropy` → `torch.nn.functional.cross_entropy`, `tf.keras.losses.X` →
 * `keras.losses.X`, `tf.` → `tensorflow.`), which is the hover's job.
 */

export type { LossArgument } from './callArguments';
export type { Framework, InputKind, LossExplanation } from './explanation';

const CATALOG: Readonly<Record<string, CatalogEntry>> = {
  ...TORCH_LOSSES,
  ...KERAS_LOSSES,
  ...TENSORFLOW_LOSSES,
  ...SKLEARN_LOSSES,
  ...OPTAX_LOSSES,
  ...ACTIVATIONS,
};

/** Every canonical name explained. */
export const EXPLAINED: readonly string[] = Object.freeze(Object.keys(CATALOG));

/**
 * Explains one call of `canonical` with the arguments as written (for a module class such as
 * `torch.nn.CrossEntropyLoss`, the constructor's). Positional arguments are matched to the
 * parameters in order, keyword ones by name; each argument that changes the meaning gets a note,
 * written from its value when it is a literal. Undefined when the name is not explained.
 */
export function explainCall(canonical: string, args: readonly LossArgument[]): LossExplanation | undefined {
  const entry = Object.prototype.hasOwnProperty.call(CATALOG, canonical) ? CATALOG[canonical] : undefined;
  if (!entry) return undefined;
  const call = bindArguments(entry.parameters, args, Object.keys(entry.notes));
  const argumentNotes: string[] = [];
  for (const [name, value] of call) {
    const note = entry.notes[name]?.(value, name, call);
    if (note) argumentNotes.push(note);
  }
  return {
    canonical,
    title: `${canonical} — ${entry.subject}`,
    ...entry.describe(call),
    parameters: [...entry.parameters],
    argumentNotes,
  };
}
