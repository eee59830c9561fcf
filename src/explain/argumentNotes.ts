import { code, formatNumber, type ArgumentValue } from './callArguments';
import type { NoteWriter } from './explanation';

/**
 * Note writers shared by several libraries. A note names the argument as written and says what it
 * does in this call; when the value is not a literal, it says where it comes from and what the
 * argument does in general, since the hover cannot know the value.
 */

/** `name=value` as it appears in the call, as inline code. */
export function written(name: string, value: ArgumentValue): string {
  return code(`${name}=${value.text}`);
}

/** "label_smoothing is set from `eps` (a variable)" */
export function setFrom(name: string, value: ArgumentValue): string {
  const what = /^[A-Za-z_][\w.]*$/.test(value.text) ? 'a variable' : 'an expression';
  return `${name} is set from ${code(value.text)} (${what})`;
}

/** The same text whatever the value: for arguments whose meaning does not depend on it. */
export function always(meaning: string): NoteWriter {
  return (value, name) => `${written(name, value)}: ${meaning}`;
}

/** The class count used to make a smoothing concrete. */
const EXAMPLE_CLASSES = 10;

/**
 * Categorical label smoothing, PyTorch's and Keras's alike: p = (1 − ε)·onehot(y) + ε/C, made
 * concrete for C = 10 with the floor H(p) it puts under the loss.
 */
export function labelSmoothingNote(library: 'PyTorch' | 'Keras'): NoteWriter {
  return (value, name) => {
    const target = library === 'PyTorch' ? 'the target' : 'y_true';
    if (value.kind !== 'number') {
      return `${setFrom(name, value)}: with ε its value, ${target} becomes (1 − ε)·onehot(y) + ε/C.`;
    }
    const eps = value.value;
    if (eps === 0) return `${written(name, value)}: no smoothing (the default).`;
    if (eps < 0 || eps > 1) {
      return library === 'PyTorch'
        ? `${written(name, value)}: PyTorch raises an error — label_smoothing must be between 0.0 and 1.0.`
        : `${written(name, value)}: outside [0, 1] the smoothed targets are no longer probabilities.`;
    }
    const C = EXAMPLE_CLASSES;
    const onTrue = 1 - eps + eps / C;
    const onOther = eps / C;
    const floor = -(onTrue * Math.log(onTrue) + (onOther > 0 ? (C - 1) * onOther * Math.log(onOther) : 0));
    return (
      `${written(name, value)}: ${target} becomes p = ${formatNumber(1 - eps)}·onehot(y) + ${value.text}/C: ` +
      `with C = ${C}, ${formatNumber(onTrue)} on the true class and ${formatNumber(onOther)} on each other. ` +
      `The loss can no longer reach 0: its floor is H(p) = ${floor.toFixed(2)} nats for C = ${C}.`
    );
  };
}

/**
 * PyTorch's `reduction`. `mean` says how this loss divides (it differs between losses); `none`
 * what the unreduced result is. PyTorch accepts 'elementwise_mean' as an old alias of 'mean'.
 */
export function torchReductionNote(rules: { mean: string; none: string; batchmean?: string }): NoteWriter {
  return (value, name, call) => {
    const legacy = call.has('size_average') || call.has('reduce') ? ' It is ignored here: the deprecated size_average/reduce given in this call decide the reduction.' : '';
    if (value.kind !== 'string') return `${setFrom(name, value)}: 'none', 'mean' (the default) or 'sum'.${legacy}`;
    const head = written(name, value);
    switch (value.value) {
      case 'none':
        return `${head}: ${rules.none}${legacy}`;
      case 'sum':
        return `${head}: adds up the losses — the value and the gradient grow with the batch size, so the learning rate must be smaller than with 'mean'.${legacy}`;
      case 'mean':
        return `${head} (the default): ${rules.mean}${legacy}`;
      case 'elementwise_mean':
        return `${head}: a deprecated alias of 'mean' (PyTorch warns). ${rules.mean}${legacy}`;
      case 'batchmean':
        if (rules.batchmean) return `${head}: ${rules.batchmean}${legacy}`;
        break;
    }
    return `${head}: not a valid reduction — PyTorch raises ValueError ('none', 'mean' or 'sum').`;
  };
}

/**
 * The deprecated `size_average` and `reduce` (PyTorch before 0.4): when either is given they
 * override `reduction` — mean if both are true (None counts as true), sum if only reduce, else none.
 */
export const legacyReductionNote: NoteWriter = (value, name, call) => {
  if (name === 'reduce' && call.has('size_average')) return undefined; // one note for the pair
  const flag = (key: string): boolean | undefined => {
    const v = call.get(key);
    if (v === undefined || v.kind === 'none') return true;
    if (v.kind === 'boolean') return v.value;
    if (v.kind === 'number') return v.value !== 0;
    return undefined;
  };
  const sizeAverage = flag('size_average');
  const reduce = flag('reduce');
  const given = ['size_average', 'reduce'].filter((key) => call.has(key));
  const shown = given.map((key) => written(key, call.get(key) as ArgumentValue)).join(', ');
  const head = `${shown}: deprecated since PyTorch 0.4 in favour of \`reduction\`, which ${given.length > 1 ? 'they override' : 'it overrides'}`;
  if (sizeAverage === undefined || reduce === undefined) return `${head} (both true: 'mean'; reduce only: 'sum'; reduce false: 'none').`;
  const reduction = sizeAverage && reduce ? 'mean' : reduce ? 'sum' : 'none';
  return `${head}: here \`reduction='${reduction}'\`.`;
};

/** PyTorch's softmax-family `dim`, which has no default that is safe to rely on. */
export const torchDimNote: NoteWriter = (value, name) => {
  if (value.kind === 'none') {
    return `${written(name, value)}: PyTorch picks the dimension implicitly (0 for 0-, 1- and 3-D input, 1 otherwise) and warns that this is deprecated; pass it explicitly.`;
  }
  if (value.kind !== 'number') return `${setFrom(name, value)}: the dimension along which the values are normalised.`;
  return axisMeaning(written(name, value), value.value);
};

/** TensorFlow's and Keras's class `axis`: the last one by default, and when None. */
export const classAxisNote: NoteWriter = (value, name) => {
  if (value.kind === 'none') return `${written(name, value)}: the last axis (−1).`;
  if (value.kind !== 'number') return `${setFrom(name, value)}: the class axis (default −1).`;
  return axisMeaning(written(name, value), value.value);
};

/** JAX's `axis`: the last one by default, but None means every axis at once. */
export const jaxAxisNote: NoteWriter = (value, name) => {
  if (value.kind === 'none') return `${written(name, value)}: normalises over every element of the array at once, not per example.`;
  return classAxisNote(value, name, new Map());
};

function axisMeaning(head: string, axis: number): string {
  if (axis === 0) {
    return `${head}: normalises along the first dimension — on a batch of shape (N, C) that mixes the examples (each column sums to 1) and is almost always a bug; the classes are on dimension 1 (or −1).`;
  }
  return `${head}: normalises along dimension ${axis}; each slice along it sums to 1. For (N, C) outputs the classes are on dimension 1 (= −1).`;
}

export const torchDtypeNote: NoteWriter = always(
  'the input is cast to this dtype before the operation, e.g. `dtype=torch.float32` computes a float16 model\'s softmax in float32.',
);
