import { canonicalName } from '../python/names';
import type { PythonCall, PythonModule } from '../python/pythonModule';
import { activationInput } from './activations';
import type { TextEdit } from './textEdits';

/** The log-softmax that replaces each softmax, by canonical name. */
const LOG_SOFTMAX = new Map([
  ['torch.nn.functional.softmax', 'torch.nn.functional.log_softmax'],
  ['tensorflow.nn.softmax', 'tensorflow.nn.log_softmax'],
  ['jax.nn.softmax', 'jax.nn.log_softmax'],
  ['torch.nn.Softmax', 'torch.nn.LogSoftmax'],
]);

/** Replaces an activation call by the tensor it is applied to: `F.softmax(x, dim=1)` becomes `x`. */
export function dropActivation(activation: PythonCall, text: string): TextEdit[] | undefined {
  const input = activationInput(activation, text);
  return input === undefined ? undefined : [{ start: activation.start, end: activation.end, text: input.text }];
}

/**
 * Turns a softmax into the matching log-softmax, as spelled: `F.softmax` → `F.log_softmax`,
 * `x.softmax(1)` → `x.log_softmax(1)`, `nn.Softmax(dim=1)` → `nn.LogSoftmax(dim=1)` (in the
 * constructor call, and only when the instance is used nowhere else).
 */
export function toLogSoftmax(module: PythonModule, activation: PythonCall): TextEdit[] | undefined {
  const expected = LOG_SOFTMAX.get(activation.canonical ?? '');
  if (expected === undefined) return undefined;
  if (activation.kind === 'method') return renameLastName(activation, 'log_softmax');
  if (activation.kind === 'function') return renameCallee(module, activation, 'log_softmax', expected);
  const constructor = soleConstructor(module, activation);
  return constructor === undefined ? undefined : renameCallee(module, constructor, 'LogSoftmax', expected);
}

/**
 * Renames a PyTorch BCE to its with-logits form, keeping the user's spelling:
 * `F.binary_cross_entropy` → `F.binary_cross_entropy_with_logits`, `nn.BCELoss()` →
 * `nn.BCEWithLogitsLoss()` in the constructor (only when the instance is used nowhere else).
 */
export function toWithLogits(module: PythonModule, loss: PythonCall): TextEdit[] | undefined {
  if (loss.kind === 'function') {
    return renameCallee(module, loss, 'binary_cross_entropy_with_logits', 'torch.nn.functional.binary_cross_entropy_with_logits');
  }
  const constructor = soleConstructor(module, loss);
  return constructor === undefined ? undefined : renameCallee(module, constructor, 'BCEWithLogitsLoss', 'torch.nn.BCEWithLogitsLoss');
}

/**
 * The constructor call of an instance, when changing it changes only this use: the instance is
 * built right there (`nn.BCELoss()(p, y)`), or its name appears exactly twice in the file
 * (once assigned, once called here).
 */
function soleConstructor(module: PythonModule, instance: PythonCall): PythonCall | undefined {
  const constructor = instance.constructorCall;
  if (constructor === undefined || instance.reassigned === true) return undefined;
  if (constructor.start === instance.calleeStart && constructor.end === instance.calleeEnd) return constructor;
  return instance.name !== undefined && module.countName(instance.name) === 2 ? constructor : undefined;
}

/**
 * Edits that change a callee's last name to `newName`, offered only if the result resolves to
 * `expected`: `F.x` → `F.newName` when that exists; a name imported bare (`from m import x`)
 * becomes `newName`, added to the same import unless already imported.
 */
function renameCallee(module: PythonModule, call: PythonCall, newName: string, expected: string): TextEdit[] | undefined {
  const names = call.names;
  if (names === undefined) return undefined;
  if (module.resolveDotted([...names.slice(0, -1), newName], call.calleeStart).canonical === expected) return renameLastName(call, newName);
  if (names.length !== 1 || module.countName(newName) > 0) return undefined;
  const entry = module.imports.filter((i) => i.local === names[0] && i.statementEnd <= call.calleeStart).pop();
  if (entry?.from === undefined || canonicalName(`${entry.from}.${newName}`) !== expected) return undefined;
  return [{ start: entry.end, end: entry.end, text: `, ${newName}` }, ...renameLastName(call, newName)!];
}

function renameLastName(call: PythonCall, newName: string): TextEdit[] | undefined {
  if (call.nameStart === undefined || call.nameEnd === undefined) return undefined;
  return [{ start: call.nameStart, end: call.nameEnd, text: newName }];
}
