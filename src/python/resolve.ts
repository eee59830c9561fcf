import type { Binding, FileBindings } from './bindings';
import type { ArgumentSite, CallSite } from './calls';
import { canonicalName, isClassName, normalizeName, tensorMethodName } from './names';

/** What a call's callee turned out to be. */
export interface Resolution {
  readonly kind: 'function' | 'constructor' | 'instance' | 'method';
  readonly canonical?: string;
  /** The callee's fully qualified name through the imports (namespaces folded), known or not. */
  readonly qualifiedName?: string;
  /** For an instance: the constructor call it was built by. */
  readonly constructorCall?: CallSite;
  /** For an instance: the name is bound to something else too somewhere in the file. */
  readonly reassigned?: boolean;
  /** The callee is a `def` or `class` of this file. */
  readonly definedInFile?: boolean;
  /** For a method: the constructor call its receiver was built by (`model` in `model.compile(...)`). */
  readonly receiverConstructorCall?: CallSite;
}

/** What a dotted name stands for at some point of the file. */
type Target =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'instance'; readonly call: CallSite; readonly reassigned: boolean }
  | { readonly kind: 'definition' }
  /** A value that is no imported module: a local variable, a parameter, an attribute of one. */
  | { readonly kind: 'value' }
  | { readonly kind: 'unbound' };

/** Aliases of aliases, calls on calls: deeper than this is junk or a cycle, and resolves to nothing. */
const MAX_DEPTH = 24;

/**
 * Resolves callees through a file's bindings. A name used at some offset means its nearest binding
 * before that offset (or, for a use inside a function defined above its module-level binding, the
 * first binding after it). Results are memoized, so resolving every call of a file is linear.
 */
export class Resolver {
  private readonly calls = new Map<CallSite, Resolution>();
  private readonly signatures = new Map<string, boolean>();
  private depth = 0;

  constructor(private readonly bindings: FileBindings) {}

  resolveCall(call: CallSite): Resolution {
    const known = this.calls.get(call);
    if (known !== undefined) return known;
    if (this.depth >= MAX_DEPTH) return { kind: 'function' };
    this.depth++;
    try {
      const resolution = this.resolveCallee(call);
      this.calls.set(call, resolution);
      return resolution;
    } finally {
      this.depth--;
    }
  }

  /** What a bare reference argument (`activation=tf.nn.softmax`, `loss=loss_fn`) stands for; a reassigned name, nothing. */
  resolveReference(argument: ArgumentSite): Resolution | undefined {
    if (argument.names === undefined) return undefined;
    const target = this.resolveNames(argument.names, argument.start);
    if (target.kind === 'path') return pathResolution(target.path);
    return target.kind === 'instance' && !target.reassigned ? { kind: 'instance', ...this.instanceOf(target) } : undefined;
  }

  /**
   * The call whose value a bare name argument holds (`p` after `p = F.softmax(x)`): the name's
   * nearest binding before the argument, when it binds the value of a call that builds no instance.
   * Scopes are not tracked: whether that binding still holds where the argument is, the caller judges.
   */
  valueCallOf(argument: ArgumentSite): CallSite | undefined {
    if (argument.names?.length !== 1) return undefined;
    const bindings = this.bindings.byName.get(argument.names[0]);
    if (bindings === undefined) return undefined;
    const binding = nearest(bindings, argument.start);
    if (binding.offset >= argument.start || binding.to.kind !== 'call') return undefined;
    return this.resolveCall(binding.to.call).kind === 'constructor' ? undefined : binding.to.call;
  }

  /** What a dotted name written at `offset` would resolve to, as a callee (to check a fix before offering it). */
  resolveDotted(names: string[], offset: number): Resolution {
    const target = this.resolveNames(names, offset);
    return target.kind === 'path' ? pathResolution(target.path) : { kind: 'function' };
  }

  private resolveCallee(call: CallSite): Resolution {
    if (call.calleeCall !== undefined) {
      const inner = this.resolveCall(call.calleeCall);
      if (inner.kind !== 'constructor') return { kind: 'function' };
      return { kind: 'instance', canonical: inner.canonical, qualifiedName: inner.qualifiedName, constructorCall: call.calleeCall };
    }
    if (call.names === undefined) return call.name !== undefined && call.receiverEnd !== undefined ? methodResolution(call.name) : { kind: 'function' };
    const target = this.resolveNames(call.names, call.calleeStart);
    switch (target.kind) {
      case 'instance':
        return { kind: 'instance', ...this.instanceOf(target) };
      case 'path':
        return pathResolution(target.path);
      case 'definition':
        return { kind: isClassName(call.names[0]) ? 'constructor' : 'function', definedInFile: true };
      default: {
        if (call.names.length === 1) return { kind: 'function' };
        const receiver = this.resolveNames(call.names.slice(0, -1), call.calleeStart);
        const receiverConstructorCall = receiver.kind === 'instance' && !receiver.reassigned ? receiver.call : undefined;
        return { ...methodResolution(call.names[call.names.length - 1]), receiverConstructorCall };
      }
    }
  }

  private instanceOf(target: Extract<Target, { kind: 'instance' }>): Omit<Resolution, 'kind'> {
    const constructor = this.resolveCall(target.call);
    return { canonical: constructor.canonical, qualifiedName: constructor.qualifiedName, constructorCall: target.call, reassigned: target.reassigned };
  }

  private resolveNames(names: string[], offset: number): Target {
    if (this.depth >= MAX_DEPTH) return { kind: 'unbound' };
    this.depth++;
    try {
      const whole = names.length > 1 ? this.bindings.byName.get(names.join('.')) : undefined;
      if (whole !== undefined) return this.targetOf(names.join('.'), nearest(whole, offset));
      const root = this.bindings.byName.get(names[0]);
      if (root === undefined) return this.fromStars(names);
      const target = this.targetOf(names[0], nearest(root, offset));
      if (names.length === 1) return target;
      if (target.kind === 'path') return { kind: 'path', path: [target.path, ...names.slice(1)].join('.') };
      return target.kind === 'unbound' ? target : { kind: 'value' };
    } finally {
      this.depth--;
    }
  }

  private targetOf(name: string, binding: Binding): Target {
    const to = binding.to;
    switch (to.kind) {
      case 'import':
        return { kind: 'path', path: to.target };
      case 'definition':
        return { kind: 'definition' };
      case 'alias': {
        const target = this.resolveNames(to.names, binding.offset - 1);
        return target.kind === 'instance' ? { ...target, reassigned: target.reassigned || this.isReassigned(name) } : target;
      }
      case 'call':
        if (this.resolveCall(to.call).kind !== 'constructor') return { kind: 'value' };
        return { kind: 'instance', call: to.call, reassigned: this.isReassigned(name) };
      default:
        return { kind: 'value' };
    }
  }

  /** `from torch.nn.functional import *` makes a bare `cross_entropy` PyTorch's (only known names are looked for). */
  private fromStars(names: string[]): Target {
    for (const module of this.bindings.stars) {
      const path = `${module}.${names.join('.')}`;
      if (canonicalName(path) !== undefined) return { kind: 'path', path };
    }
    return { kind: 'unbound' };
  }

  /** Whether a name's bindings in the file disagree (two different losses, or a loss and anything else). */
  private isReassigned(name: string): boolean {
    const known = this.signatures.get(name);
    if (known !== undefined) return known;
    this.signatures.set(name, false); // a binding that refers to its own name sees itself as consistent
    const signatures = new Set((this.bindings.byName.get(name) ?? []).map((binding) => this.signature(binding)));
    const reassigned = signatures.size > 1;
    this.signatures.set(name, reassigned);
    return reassigned;
  }

  /** What a binding is, with the one constructor argument that changes how a loss reads its input. */
  private signature(binding: Binding): string {
    const to = binding.to;
    if (to.kind === 'import') return `import ${to.target}`;
    if (to.kind === 'alias') return `alias ${to.names.join('.')}`;
    if (to.kind !== 'call') return to.kind;
    const constructor = this.resolveCall(to.call);
    if (constructor.kind !== 'constructor') return 'value';
    const fromLogits = to.call.args.find((arg) => arg.name === 'from_logits')?.text ?? '';
    return `instance ${constructor.canonical ?? constructor.qualifiedName ?? to.call.names?.join('.')} ${fromLogits}`;
  }
}

/** The binding in effect at `offset`: the last one before it, else the first one (a use above, in a function body). */
function nearest(bindings: Binding[], offset: number): Binding {
  let low = 0;
  let high = bindings.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (bindings[middle].offset < offset) low = middle + 1;
    else high = middle;
  }
  return bindings[Math.max(0, low - 1)];
}

function pathResolution(path: string): Resolution {
  const qualifiedName = normalizeName(path);
  return { kind: isClassName(qualifiedName) ? 'constructor' : 'function', canonical: canonicalName(qualifiedName), qualifiedName };
}

function methodResolution(method: string): Resolution {
  return { kind: 'method', canonical: tensorMethodName(method) };
}
