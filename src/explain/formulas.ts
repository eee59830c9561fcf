/**
 * The TeX of every formula a hover can show. VS Code hovers cannot typeset, so
 * `scripts/formulas.mjs` renders each one to SVG at build time (dist/formulas/<id>.<variant>.svg);
 * the hover embeds them as images and reads their size from dist/formulas/index.json.
 *
 * Symbols follow PyTorch's documentation: x the input (logits, or log-probabilities where the loss
 * expects them), y the target, w a weight, n the example, c a class, C the number of classes.
 * Each formula must fit a hover: at most about 520 px wide as rendered (a unit test checks).
 */
export const FORMULAS = {
  // F.cross_entropy with class indices: the weighted mean divides by the weights of the targets.
  crossEntropy: String.raw`\ell_n = -w_{y_n}\log\operatorname{softmax}(x_n)_{y_n},\qquad \ell = \frac{\sum_n \ell_n}{\sum_n w_{y_n}}`,
  // Probability targets, or class indices with label smoothing: PyTorch's (1 − ε)·w_y·(−log q_y) + (ε/C)·Σ_c w_c·(−log q_c) is this sum.
  crossEntropySoftTarget: String.raw`\begin{aligned}&\ell_n = -\sum_c w_c\,p_{n,c}\log\operatorname{softmax}(x_n)_c,\\ &p_n = (1-\varepsilon)\,\mathrm{onehot}(y_n) + \frac{\varepsilon}{C}\end{aligned}`,
  nllLoss: String.raw`\ell_n = -w_{y_n}\,x_{n,y_n},\quad x = \log q,\qquad \ell = \frac{\sum_n \ell_n}{\sum_n w_{y_n}}`,
  binaryCrossEntropy: String.raw`\ell_n = -w_n\big[\,y_n\log x_n + (1-y_n)\log(1-x_n)\,\big]`,
  bceWithLogits: String.raw`\ell_{n,c} = -w_{n,c}\big[\,p_c\,y_{n,c}\log\sigma(x_{n,c}) + (1-y_{n,c})\log\big(1-\sigma(x_{n,c})\big)\big]`,
  bceWithLogitsStable: String.raw`\ell = \max(x,0) - x\,y + \log\!\big(1+e^{-|x|}\big)`,
  sigmoidCrossEntropy: String.raw`\ell = -\,y\log\sigma(x) - (1-y)\log\sigma(-x)`,
  klDiv: String.raw`\ell_{n,c} = p_{n,c}\,\big(\log p_{n,c} - x_{n,c}\big),\quad x = \log q,\quad \textstyle\sum_c \ell_{n,c} = \mathrm{KL}(p_n\,\|\,q_n)`,
  klDivLogTarget: String.raw`\ell_{n,c} = e^{t_{n,c}}\,\big(t_{n,c} - x_{n,c}\big),\quad t = \log p,\ \ x = \log q`,
  kerasKlDivergence: String.raw`\ell_n = \sum_c t_{n,c}\log\frac{t_{n,c}}{q_{n,c}},\quad t = \operatorname{clip}(y,\,10^{-7},\,1),\ \ q = \operatorname{clip}(\hat y,\,10^{-7},\,1)`,
  softmaxCrossEntropy: String.raw`\ell_n = -\sum_c y_{n,c}\log\operatorname{softmax}(x_n)_c`,
  sparseSoftmaxCrossEntropy: String.raw`\ell_n = -\log\operatorname{softmax}(x_n)_{y_n}`,
  kerasCategoricalCrossentropy: String.raw`\ell_n = -\sum_c y_{n,c}\log\operatorname{clip}\!\Big(\frac{\hat y_{n,c}}{\sum_k \hat y_{n,k}},\ \epsilon,\ 1-\epsilon\Big),\quad \epsilon = 10^{-7}`,
  kerasSparseCategoricalCrossentropy: String.raw`\ell_n = -\log\frac{\bar y_{n,y_n}}{\sum_k \bar y_{n,k}},\quad \bar y = \operatorname{clip}(\hat y,\,\epsilon,\,1-\epsilon),\ \ \epsilon = 10^{-7}`,
  kerasBinaryCrossentropy: String.raw`\begin{aligned}&\ell_n = -\frac{1}{K}\sum_k\big[\,y_k\log\bar y_k + (1-y_k)\log(1-\bar y_k)\,\big],\\ &\bar y = \operatorname{clip}(\hat y,\,\epsilon,\,1-\epsilon),\quad \epsilon = 10^{-7}\end{aligned}`,
  kerasBinaryCrossentropyLogits: String.raw`\ell_n = \frac{1}{K}\sum_k\big[\max(x_k,0) - x_k\,y_k + \log\!\big(1+e^{-|x_k|}\big)\big]`,
  logLoss: String.raw`L = -\frac{1}{\sum_n s_n}\sum_n s_n\sum_c y_{n,c}\log\operatorname{clip}(p_{n,c},\,\epsilon,\,1-\epsilon)`,
  softmax: String.raw`\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}} = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}},\quad m = \max_j x_j`,
  logSoftmax: String.raw`\log\operatorname{softmax}(x)_i = x_i - \log\sum_j e^{x_j} = (x_i - m) - \log\sum_j e^{x_j - m}`,
  sigmoid: String.raw`\sigma(x) = \frac{1}{1+e^{-x}},\qquad 1-\sigma(x) = \sigma(-x)`,
  logSigmoid: String.raw`\log\sigma(x) = -\log\!\big(1+e^{-x}\big) = \min(x,0) - \log\!\big(1+e^{-|x|}\big)`,
  crossEntropyDecomposition: String.raw`H(p,q) = -\sum_c p_c\log q_c = H(p) + \mathrm{KL}(p\,\|\,q)`,
  entropy: String.raw`H(p) = -\sum_c p_c\log p_c,\qquad 0 \le H(p) \le \log C`,
} as const;

export type FormulaId = keyof typeof FORMULAS;

/**
 * A plain-text reading of each formula: the SVG's `<title>` for screen readers, and the alt text
 * a hover gives the image (an image without it says nothing to someone who cannot see it).
 */
export const FORMULA_TEXT: Record<FormulaId, string> = {
  crossEntropy: 'ℓ_n = −w[y_n] · log softmax(x_n)[y_n]; the mean is Σ ℓ_n / Σ w[y_n]',
  crossEntropySoftTarget: 'ℓ_n = −Σ_c w_c · p_nc · log softmax(x_n)_c, with p_n = (1 − ε) · onehot(y_n) + ε / C',
  nllLoss: 'ℓ_n = −w[y_n] · x[n, y_n], where x = log q; the mean is Σ ℓ_n / Σ w[y_n]',
  binaryCrossEntropy: 'ℓ_n = −w_n · [y_n · log x_n + (1 − y_n) · log(1 − x_n)]',
  bceWithLogits: 'ℓ = −w · [p_c · y · log σ(x) + (1 − y) · log(1 − σ(x))], p_c the positive weight of class c',
  bceWithLogitsStable: 'ℓ = max(x, 0) − x · y + log(1 + exp(−|x|))',
  sigmoidCrossEntropy: 'ℓ = −y · log σ(x) − (1 − y) · log σ(−x)',
  klDiv: 'ℓ_nc = p_nc · (log p_nc − x_nc), where x = log q; summed over c it is KL(p_n ‖ q_n)',
  klDivLogTarget: 'ℓ_nc = exp(t_nc) · (t_nc − x_nc), where t = log p and x = log q',
  kerasKlDivergence: 'ℓ_n = Σ_c t_nc · log(t_nc / q_nc), where t = clip(y_true, 1e-7, 1) and q = clip(y_pred, 1e-7, 1)',
  softmaxCrossEntropy: 'ℓ_n = −Σ_c y_nc · log softmax(x_n)_c',
  sparseSoftmaxCrossEntropy: 'ℓ_n = −log softmax(x_n)[y_n]',
  kerasCategoricalCrossentropy: 'ℓ_n = −Σ_c y_nc · log clip(ŷ_nc / Σ_k ŷ_nk, ε, 1 − ε), ε = 1e-7',
  kerasSparseCategoricalCrossentropy: 'ℓ_n = −log(ȳ[n, y_n] / Σ_k ȳ_nk), where ȳ = clip(ŷ, ε, 1 − ε), ε = 1e-7',
  kerasBinaryCrossentropy: 'ℓ_n = −(1/K) Σ_k [y_k · log ȳ_k + (1 − y_k) · log(1 − ȳ_k)], where ȳ = clip(ŷ, ε, 1 − ε)',
  kerasBinaryCrossentropyLogits: 'ℓ_n = (1/K) Σ_k [max(x_k, 0) − x_k · y_k + log(1 + exp(−|x_k|))]',
  logLoss: 'L = −(1 / Σ_n s_n) · Σ_n s_n · Σ_c y_nc · log clip(p_nc, ε, 1 − ε)',
  softmax: 'softmax(x)_i = exp(x_i) / Σ_j exp(x_j) = exp(x_i − m) / Σ_j exp(x_j − m), m = max_j x_j',
  logSoftmax: 'log softmax(x)_i = x_i − log Σ_j exp(x_j) = (x_i − m) − log Σ_j exp(x_j − m)',
  sigmoid: 'σ(x) = 1 / (1 + exp(−x)), and 1 − σ(x) = σ(−x)',
  logSigmoid: 'log σ(x) = −log(1 + exp(−x)) = min(x, 0) − log(1 + exp(−|x|))',
  crossEntropyDecomposition: 'H(p, q) = −Σ_c p_c · log q_c = H(p) + KL(p ‖ q)',
  entropy: 'H(p) = −Σ_c p_c · log p_c, between 0 and log C',
};

/** The colour variants rendered for each formula, one per kind of VS Code theme. */
export const FORMULA_VARIANTS = ['light', 'dark', 'hc', 'hclight'] as const;
export type FormulaVariant = (typeof FORMULA_VARIANTS)[number];
