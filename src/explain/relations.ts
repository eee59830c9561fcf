/**
 * How the losses relate, one markdown bullet each, shared by the entries that state the same
 * fact so that it is worded (and corrected) once.
 */

export const CE_IS_NLL_OF_LOG_SOFTMAX =
  'Cross-entropy is NLL ∘ log_softmax: `F.cross_entropy(x, y)` equals `F.nll_loss(F.log_softmax(x, dim=1), y)`, with the same weight, ignore_index and reduction.';

export const CE_MINIMISES_KL =
  'H(p, q) = H(p) + KL(p ‖ q): the target entropy H(p) does not depend on the model, so minimising cross-entropy minimises KL(p ‖ q). With one-hot targets H(p) = 0 and the loss *is* the KL.';

export const CE_NO_SOFTMAX_FIRST =
  'Feeding it softmax outputs applies softmax twice: training still runs, but gradients shrink and the loss can never reach 0. Give it the raw logits.';

export const LOGISTIC_REGRESSION =
  'A network with no hidden layer (one `nn.Linear`) trained with softmax cross-entropy is multinomial logistic regression; with one sigmoid output and BCE, logistic regression.';

export const LABEL_SMOOTHING_FLOOR =
  'With label smoothing the loss cannot reach 0: its minimum is the entropy H(p) of the smoothed target, reached when the prediction equals it.';

export const NLL_TAKES_LOG_PROBABILITIES =
  'NLL takes no logarithm: it picks −input[n, y_n]. On raw logits it is unbounded below (not a loss); on probabilities it is −p_y, not −log p_y. Give it `log_softmax` output.';

export const BCE_PER_NEURON =
  'BCE is a sum (or mean) of independent two-class cross-entropies, one per output neuron; it is not the NLL of one distribution over classes, and the outputs need not sum to 1 (multi-label).';

export const BCE_WITH_LOGITS_IS_STABLE =
  '`binary_cross_entropy_with_logits(x, y)` = `binary_cross_entropy(sigmoid(x), y)`, computed stably as max(x, 0) − x·y + log(1 + e^(−|x|)): no overflow, no −100 clamp. Prefer it.';

export const BCE_CLAMP =
  'PyTorch clamps each log at −100: a probability of exactly 0 or 1 on the wrong side costs 100 per element instead of ∞.';

export const BCE_AUTOCAST =
  'Under `torch.autocast` (mixed precision) `binary_cross_entropy` and `BCELoss` raise an error: they are unsafe in float16. Use the with-logits version.';

export const SIGMOID_IS_TWO_CLASS_SOFTMAX =
  'σ(x) = softmax([0, x])₁: one sigmoid neuron with BCE is the same model as two-class softmax cross-entropy on the logits (0, x).';

export const KL_DIV_ARGUMENT_ORDER =
  '`kl_div(input, target)` computes KL(target ‖ q) with input = log q: it expects the model\'s **log-probabilities** first and the reference distribution p second — the reverse of the order in KL(p ‖ q), and the model side in log space.';

export const KL_IS_CE_MINUS_ENTROPY = 'KL(p ‖ q) = H(p, q) − H(p): the cross-entropy minus the entropy of the target.';

export const KL_DIV_GRADIENT_IS_CE_GRADIENT =
  'For (N, C) inputs and a fixed target, `kl_div(log_softmax(x), p, reduction="batchmean")` has the same gradient as `cross_entropy(x, p)`; the values differ by the mean H(p).';

export const KERAS_ARGUMENT_ORDER =
  'Keras takes `(y_true, y_pred)`: the target first, the reverse of PyTorch\'s `(input, target)`.';

export const KERAS_PREFER_LOGITS =
  'A last layer without activation and `from_logits=True` is more accurate than probabilities: the loss is computed from the logits with no clipping.';

export const SOFTMAX_SHIFT_INVARIANT =
  'softmax(x + c) = softmax(x): only differences between logits matter. It is computed with the maximum subtracted, so exp never overflows.';

export const LOG_SOFTMAX_EXACT =
  '`log_softmax(x)` is exact where `log(softmax(x))` underflows to −∞ for a very negative logit; feed `log_softmax` to NLL, never `log(softmax)`.';

export const SOFTMAX_BEFORE_CE =
  'Do not apply it before `F.cross_entropy` / `nn.CrossEntropyLoss` (they apply log_softmax themselves); for `nll_loss` use `log_softmax` instead.';

export const PREDICTION_ENTROPY =
  'The entropy H(softmax(x)) of the predictions is the run figure "entropy": 0 when the model is certain, log C when it is uniform.';

export const LOG_SIGMOID_SOFTPLUS =
  'log σ(x) = −softplus(−x) and log(1 − σ(x)) = log σ(−x) = −softplus(x): BCE with logits is softplus terms, which is how it stays finite.';

export const SIGMOID_BEFORE_BCE =
  'Do not apply it before `BCEWithLogitsLoss` (it applies the sigmoid itself); `BCELoss` after `sigmoid` works but is less stable than BCE with logits.';

export const LOG_LOSS_IS_NLL =
  '`log_loss(y, p)` is the mean negative log-likelihood of the true labels: `F.nll_loss(torch.log(p), y)`, i.e. cross-entropy computed from probabilities (up to the clipping).';

export const OPTAX_INTEGER_LABELS =
  'For integer class labels use `optax.softmax_cross_entropy_with_integer_labels(logits, labels)`, which takes the label per example instead of a one-hot row.';

export const NO_REDUCTION =
  'No reduction: it returns one loss per example (or element); take the mean yourself, e.g. `jnp.mean` / `tf.reduce_mean`.';

/** The relations of an unreduced sigmoid cross-entropy on logits (TensorFlow's and optax's). */
export const SIGMOID_CE_PER_ELEMENT: readonly string[] = [
  NO_REDUCTION,
  "PyTorch's `F.binary_cross_entropy_with_logits(logits, labels, reduction='none')` computes the same.",
  BCE_PER_NEURON,
  LOG_SIGMOID_SOFTPLUS,
];
