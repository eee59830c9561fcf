/**
 * The math core: PyTorch-exact losses on float64, pure TypeScript (no editor, no node).
 * Function names are the article's; option names are PyTorch's.
 */
export { LossLensError } from './errors';
export { tensor, numel, sameShape, formatShape, broadcastTo, type Tensor } from './tensor';
export { sum, mean, type Reduction } from './reduction';
export { logSumExp } from './logSumExp';
export { softmax, logSoftmax } from './softmax';
export { softmaxFigures, type SoftmaxFigures } from './softmaxFigures';
export { sigmoid, sigmoidOf, logSigmoid, logSigmoidOf, softplus } from './sigmoid';
export { nllLoss, type NllLossOptions } from './nllLoss';
export { crossEntropy, crossEntropyFromLogSoftmax, type CrossEntropyOptions } from './crossEntropy';
export { binaryCrossEntropy, type BinaryCrossEntropyOptions } from './binaryCrossEntropy';
export { binaryCrossEntropyWithLogits, type BinaryCrossEntropyWithLogitsOptions } from './binaryCrossEntropyWithLogits';
export { klDiv, xlogy, type KlDivOptions, type KlDivReduction } from './klDiv';
export { entropy, crossEntropyOf, klDivergence, jsDivergence, checkDistribution } from './information';
export { fromNested, toNested } from './nested';
export { OPS, runOp, type OpArguments } from './ops';
export { workMulticlass, workMultilabel, type OutputKind, type MulticlassProblem, type MulticlassWorking, type MultilabelProblem, type MultilabelWorking } from './calculation';
export { downsampleMinMax, type Series, type Downsampled } from './downsample';
export { mulberry32, Random } from './random';
