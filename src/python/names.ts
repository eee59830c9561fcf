/**
 * The canonical names of the losses and activations Loss Lens knows, and the folding of every
 * other spelling of them (re-exports, legacy namespaces, tensor methods) onto those names. The
 * hover catalog is keyed by exactly these strings.
 */
export const CANONICAL_LOSSES = [
  'torch.nn.functional.cross_entropy', 'torch.nn.CrossEntropyLoss',
  'torch.nn.functional.nll_loss', 'torch.nn.NLLLoss',
  'torch.nn.functional.binary_cross_entropy', 'torch.nn.BCELoss',
  'torch.nn.functional.binary_cross_entropy_with_logits', 'torch.nn.BCEWithLogitsLoss',
  'torch.nn.functional.kl_div', 'torch.nn.KLDivLoss',
  'keras.losses.CategoricalCrossentropy', 'keras.losses.SparseCategoricalCrossentropy',
  'keras.losses.BinaryCrossentropy', 'keras.losses.KLDivergence',
  'keras.losses.categorical_crossentropy', 'keras.losses.sparse_categorical_crossentropy',
  'keras.losses.binary_crossentropy',
  'tensorflow.nn.softmax_cross_entropy_with_logits', 'tensorflow.nn.sigmoid_cross_entropy_with_logits',
  'sklearn.metrics.log_loss',
  'optax.softmax_cross_entropy', 'optax.sigmoid_binary_cross_entropy',
] as const;

export const CANONICAL_ACTIVATIONS = [
  'torch.nn.functional.softmax', 'torch.nn.functional.log_softmax', 'torch.sigmoid', 'torch.nn.functional.logsigmoid',
  'torch.nn.Softmax', 'torch.nn.LogSoftmax', 'torch.nn.Sigmoid', 'torch.nn.LogSigmoid',
  'tensorflow.nn.softmax', 'tensorflow.nn.log_softmax', 'tensorflow.math.sigmoid',
  'jax.nn.softmax', 'jax.nn.log_softmax', 'jax.nn.sigmoid',
] as const;

const CANONICAL = new Set<string>([...CANONICAL_LOSSES, ...CANONICAL_ACTIVATIONS]);

/**
 * Namespaces that re-export another one, longest first: the first that prefixes a name is
 * replaced, then the folding starts again (so `tensorflow.compat.v1.keras.losses.X` goes all the
 * way to `keras.losses.X`). `tensorflow.compat.v1.losses` is not here: it is the TF1 API, not Keras.
 */
const NAMESPACES: [from: string, to: string][] = [
  ['torch.nn.modules.loss.', 'torch.nn.'],
  ['torch.nn.modules.activation.', 'torch.nn.'],
  ['torch.nn.modules.', 'torch.nn.'],
  ['tensorflow.compat.v1.nn.', 'tensorflow.nn.'],
  ['tensorflow.compat.v2.nn.', 'tensorflow.nn.'],
  ['tensorflow.compat.v1.math.', 'tensorflow.math.'],
  ['tensorflow.compat.v2.math.', 'tensorflow.math.'],
  ['tensorflow.compat.v1.keras.', 'keras.'],
  ['tensorflow.compat.v2.keras.', 'keras.'],
  ['tensorflow.compat.v2.losses.', 'keras.losses.'],
  ['tensorflow.python.keras.', 'keras.'],
  ['tensorflow.keras.', 'keras.'],
  ['tensorflow.losses.', 'keras.losses.'],
  ['tf_keras.', 'keras.'],
  ['keras.src.losses.losses.', 'keras.losses.'],
  ['keras.src.', 'keras.'],
  ['keras.api.', 'keras.'],
  ['optax.losses.', 'optax.'],
  ['flax.linen.activation.', 'jax.nn.'],
];

/** Single functions known under several names. */
const ALIASES = new Map<string, string>(Object.entries({
  'torch.softmax': 'torch.nn.functional.softmax',
  'torch.special.softmax': 'torch.nn.functional.softmax',
  'torch.Tensor.softmax': 'torch.nn.functional.softmax',
  'torch.log_softmax': 'torch.nn.functional.log_softmax',
  'torch.special.log_softmax': 'torch.nn.functional.log_softmax',
  'torch.Tensor.log_softmax': 'torch.nn.functional.log_softmax',
  'torch.nn.functional.sigmoid': 'torch.sigmoid',
  'torch.special.expit': 'torch.sigmoid',
  'torch.Tensor.sigmoid': 'torch.sigmoid',
  'tensorflow.sigmoid': 'tensorflow.math.sigmoid',
  'tensorflow.nn.sigmoid': 'tensorflow.math.sigmoid',
  'keras.activations.sigmoid': 'tensorflow.math.sigmoid',
  'tensorflow.math.softmax': 'tensorflow.nn.softmax',
  'keras.activations.softmax': 'tensorflow.nn.softmax',
  'tensorflow.math.log_softmax': 'tensorflow.nn.log_softmax',
  'tensorflow.nn.softmax_cross_entropy_with_logits_v2': 'tensorflow.nn.softmax_cross_entropy_with_logits',
  'flax.linen.softmax': 'jax.nn.softmax',
  'flax.linen.log_softmax': 'jax.nn.log_softmax',
  'flax.linen.sigmoid': 'jax.nn.sigmoid',
  'keras.models.Sequential': 'keras.Sequential',
}));

/** What a tensor method stands for: `x.softmax(1)` is `torch.nn.functional.softmax(x, 1)`. */
const TENSOR_METHODS = new Map<string, string>(Object.entries({
  softmax: 'torch.nn.functional.softmax',
  log_softmax: 'torch.nn.functional.log_softmax',
  sigmoid: 'torch.sigmoid',
}));

/**
 * The name a fully qualified dotted name is best known by: namespaces folded, aliases applied.
 * Unknown names come back with only their namespaces folded (`tensorflow.keras.layers.Dense`
 * becomes `keras.layers.Dense`).
 */
export function normalizeName(qualified: string): string {
  let name = qualified;
  for (let round = 0; round < 4; round++) {
    const rule = NAMESPACES.find(([from]) => name.startsWith(from));
    if (rule === undefined) break;
    name = rule[1] + name.slice(rule[0].length);
  }
  return ALIASES.get(name) ?? name;
}

/** The canonical name of a fully qualified dotted name, or undefined when Loss Lens does not know it. */
export function canonicalName(qualified: string): string | undefined {
  const name = normalizeName(qualified);
  return CANONICAL.has(name) ? name : undefined;
}

/** The canonical name of a method called on a tensor (`logits.softmax(dim=-1)`), if it is one. */
export function tensorMethodName(method: string): string | undefined {
  return TENSOR_METHODS.get(method);
}

/** Whether a dotted name names a class (by Python's naming convention: `CrossEntropyLoss`, `Softmax`). */
export function isClassName(dotted: string): boolean {
  const last = dotted.slice(dotted.lastIndexOf('.') + 1);
  return /^_*[A-Z]/.test(last);
}
