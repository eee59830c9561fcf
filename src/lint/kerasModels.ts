import type { PythonArgument, PythonCall, PythonModule } from '../python/pythonModule';
import { argumentAt, LOSS_RULES } from './losses';

/** A `model.compile(loss=...)` whose loss expects logits while the model's last layer outputs probabilities. */
export interface CompileContradiction {
  /** The `from_logits=True` argument of the loss constructor. */
  readonly fromLogits: PythonArgument;
  readonly loss: PythonCall;
  readonly lastLayer: PythonCall;
  readonly activation: 'softmax' | 'sigmoid';
}

/**
 * Finds `model.compile(loss=keras.losses.X(from_logits=True))` (or a loss instance built so in
 * the file) where `model = keras.Sequential([...])` ends in a softmax or sigmoid layer: the last
 * item of the list, or the last `model.add(...)` of the file. Other models (functional,
 * subclassed) are not knowable and are left alone.
 */
export function compileContradictions(module: PythonModule): CompileContradiction[] {
  const found: CompileContradiction[] = [];
  for (const call of module.calls) {
    const model = call.receiverConstructorCall;
    if (call.kind !== 'method' || call.name !== 'compile' || model?.qualifiedName !== 'keras.Sequential') continue;
    const lossArgument = argumentAt(call, 1, 'loss');
    const loss = lossArgument?.call?.kind === 'constructor' ? lossArgument.call : lossArgument?.constructorCall;
    const rule = LOSS_RULES.get(loss?.canonical ?? '');
    if (loss === undefined || rule?.fromLogits?.on !== 'constructor') continue;
    const fromLogits = argumentAt(loss, rule.fromLogits.position, 'from_logits');
    if (fromLogits?.text !== 'True') continue;
    const lastLayer = lastLayerOf(module, model);
    const activation = lastLayer === undefined ? undefined : layerActivation(lastLayer);
    if (lastLayer !== undefined && activation !== undefined) found.push({ fromLogits, loss, lastLayer, activation });
  }
  return found;
}

function lastLayerOf(module: PythonModule, model: PythonCall): PythonCall | undefined {
  const added = module.calls.filter((call) => call.kind === 'method' && call.name === 'add' && call.receiverConstructorCall === model);
  if (added.length > 0) return added[added.length - 1].args[0]?.call;
  const items = argumentAt(model, 0, 'layers')?.items;
  return items?.[items.length - 1]?.call;
}

/** The activation a Keras layer ends with: `Dense(n, activation="softmax")`, `Softmax()`, `Activation("sigmoid")`. */
function layerActivation(layer: PythonCall): 'softmax' | 'sigmoid' | undefined {
  const name = layer.qualifiedName ?? '';
  if (!name.startsWith('keras.layers.')) return undefined;
  if (name === 'keras.layers.Softmax') return 'softmax';
  const argument = name === 'keras.layers.Activation' ? argumentAt(layer, 0, 'activation') : argumentAt(layer, name === 'keras.layers.Dense' ? 1 : -1, 'activation');
  if (argument === undefined) return undefined;
  const spelled = /^[rRuU]?(['"])(softmax|sigmoid)\1$/.exec(argument.text)?.[2];
  if (spelled === 'softmax' || spelled === 'sigmoid') return spelled;
  if (argument.canonical === 'tensorflow.nn.softmax') return 'softmax';
  if (argument.canonical === 'tensorflow.math.sigmoid') return 'sigmoid';
  return undefined;
}
