import { LossLensError, workMulticlass, workMultilabel, type OutputKind } from '../core';
import { parseNumberList, parseOptions, UsageError } from './args';
import { formatMulticlass, formatMultilabel } from './calcReport';

export const CALC_HELP = `usage: loss-lens calc (--logits X | --probs X | --log-probs X) --target T [options]
       loss-lens calc (--logits X | --probs X) --multilabel --targets Y [options]

Works out every loss that applies to one example, with the steps in between
(softmax or sigmoid, log-probabilities, each class's or neuron's term), in nats and bits.

Outputs (numbers separated by commas or spaces, or a JSON list):
  --logits X          raw scores before softmax / sigmoid
  --probs X           probabilities (after softmax / sigmoid)
  --log-probs X       log-probabilities (after log_softmax); multiclass only
Targets:
  --target T          multiclass: a class index (0-based) or a probability per class
  --multilabel        treat the outputs as independent sigmoid neurons
  --targets Y         multilabel: one 0/1 (or soft) target per neuron
Options (PyTorch's meaning):
  --weight W          a weight per class / neuron
  --pos-weight W      multilabel from logits: weight of each neuron's positive term
  --label-smoothing E multiclass: mix the target with the uniform distribution, 0 <= E <= 1
  --json              print the working as JSON instead of text

Examples:
  loss-lens calc --logits 2,1,0.1 --target 0
  loss-lens calc --probs 0.7,0.2,0.1 --target 0.8,0.1,0.1
  loss-lens calc --logits 1.5,-0.3,0.2 --multilabel --targets 1,0,1`;

const FLAGS = ['--multilabel', '--json'];
const VALUED = ['--logits', '--probs', '--log-probs', '--target', '--targets', '--weight', '--pos-weight', '--label-smoothing'];

export function runCalc(args: string[]): number {
  const options = parseOptions(args, FLAGS, VALUED);
  const text = (name: string): string | undefined => {
    const value = options.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const list = (name: string): Float64Array | undefined => {
    const value = text(name);
    return value === undefined ? undefined : parseNumberList(value, name);
  };
  const given = (['--logits', '--probs', '--log-probs'] as const).filter((name) => options.has(name));
  if (given.length !== 1) throw new UsageError('give exactly one of --logits, --probs, --log-probs');
  const kind: OutputKind = given[0] === '--logits' ? 'logits' : given[0] === '--probs' ? 'probs' : 'log_probs';
  const values = list(given[0]) as Float64Array;
  const json = options.has('--json');
  try {
    if (options.has('--multilabel')) {
      if (kind === 'log_probs') throw new UsageError('--log-probs is for multiclass outputs; give --logits or --probs');
      const targets = list('--targets') ?? list('--target');
      if (!targets) throw new UsageError('--multilabel needs --targets, one per neuron');
      const working = workMultilabel({ kind, values, targets, weight: list('--weight'), pos_weight: list('--pos-weight') });
      console.log(json ? JSON.stringify(working, arrays) : formatMultilabel(working));
      return 0;
    }
    const target = list('--target') ?? list('--targets');
    if (!target) throw new UsageError('give --target: a class index or a probability per class');
    const smoothing = text('--label-smoothing');
    const working = workMulticlass({
      kind,
      values,
      target: target.length === 1 && values.length !== 1 ? target[0] : target,
      weight: list('--weight'),
      label_smoothing: smoothing === undefined ? undefined : parseNumberList(smoothing, '--label-smoothing')[0],
    });
    console.log(json ? JSON.stringify(working, arrays) : formatMulticlass(working));
    return 0;
  } catch (error) {
    if (error instanceof LossLensError) throw new UsageError(error.describe());
    throw error;
  }
}

function arrays(_key: string, value: unknown): unknown {
  return value instanceof Float64Array ? Array.from(value) : value;
}
