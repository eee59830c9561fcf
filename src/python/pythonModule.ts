import { readBindings } from './bindings';
import { findCalls, type ArgumentSite, type CallSite } from './calls';
import type { PythonImport } from './imports';
import { Resolver, type Resolution } from './resolve';
import { tokenize } from './tokens';

export type { PythonImport } from './imports';

/** One argument of a call as written: positional and keyword arguments are left in their order. */
export interface PythonArgument {
  /** The keyword, for `name=value`. */
  name?: string;
  /** Where the keyword starts: `nameStart` through `end` is the whole `name=value`. */
  nameStart?: number;
  /** For `*args` and `**kwargs`. */
  star?: '*' | '**';
  /** The value's span and text (after any keyword or star). */
  start: number;
  end: number;
  text: string;
  /** the argument when it is itself a call */
  call?: PythonCall;
  /** When the argument is a bare dotted name: what it resolves to (`activation=tf.nn.softmax`, `loss=loss_fn`). */
  canonical?: string;
  qualifiedName?: string;
  /** When the argument is a bare name bound to a constructor call (`loss=loss_fn`, `loss_fn = keras.losses.X(...)`). */
  constructorCall?: PythonCall;
  /**
   * When the argument is a bare name last bound, before it, to the value of a call (`p` after
   * `p = F.softmax(x)`): that call. Scopes are not tracked, so whether that binding still holds
   * here (not inside another function, not only in one branch) is for the reader to judge.
   */
  valueCall?: PythonCall;
  /** When the argument is a list or tuple display (`keras.Sequential([...])`): its items. */
  items?: PythonArgument[];
}

/** One call expression, resolved through the file's imports, aliases and assignments. */
export interface PythonCall {
  /** the canonical name (above) of what is called, or undefined when unknown */
  canonical?: string;
  /** 'function' (F.cross_entropy(...)), 'constructor' (nn.CrossEntropyLoss(...)), 'instance' (criterion(...) where criterion = nn.CrossEntropyLoss(...)), 'method' (x.softmax(...)) */
  kind: 'function' | 'constructor' | 'instance' | 'method';
  /** The callee text span, e.g. "F.cross_entropy" or "criterion". */
  calleeStart: number;
  calleeEnd: number;
  /** The whole call, callee through ')'. */
  start: number;
  end: number;
  args: PythonArgument[];
  /** for 'instance': the constructor call it was built by (so its keyword arguments, e.g. label_smoothing=0.1 or from_logits=True, are known) */
  constructorCall?: PythonCall;
  /** For 'instance': the name is also bound to something else in the file, so `constructorCall` is only the nearest one. */
  reassigned?: boolean;
  /** The callee's fully qualified name through the imports, known to Loss Lens or not (`keras.layers.Dense`). */
  qualifiedName?: string;
  /** The callee's last name and its span (`cross_entropy` in `F.cross_entropy`), when it ends in a name. */
  name?: string;
  nameStart?: number;
  nameEnd?: number;
  /** When the callee is `<receiver>.name`: where the receiver (which starts at `calleeStart`) ends. */
  receiverEnd?: number;
  /** The callee's dotted names, when it is only names: `['F', 'cross_entropy']`. */
  names?: string[];
  /** The callee is a `def` or `class` of this file. */
  definedInFile?: boolean;
  /** For a 'method': the constructor call its receiver was built by (`model = keras.Sequential(...)`, then `model.compile(...)`). */
  receiverConstructorCall?: PythonCall;
}

/** A Python source file, read for the calls it makes. */
export interface PythonModule {
  /** Every call, in source order (a call before the calls in its callee and arguments). */
  calls: PythonCall[];
  /** the innermost call whose callee span contains offset (offset in [calleeStart, calleeEnd]) */
  callAt(offset: number): PythonCall | undefined;
  /** Every name that an import statement binds, in source order. */
  imports: PythonImport[];
  /** How many times an identifier appears in the code (strings and comments aside). */
  countName(name: string): number;
  /** What a dotted name written at `offset` would resolve to (`['F', 'binary_cross_entropy_with_logits']`). */
  resolveDotted(names: string[], offset: number): { canonical?: string; qualifiedName?: string };
}

/**
 * Reads Python source for its calls and what they call. Pure and linear in the length of the
 * text; never throws: broken code (unclosed brackets, unterminated strings, junk) gives whatever
 * calls could be read.
 */
export function analyzePython(text: string): PythonModule {
  const { tokens } = tokenize(text);
  const sites = findCalls(tokens, text);
  const bindings = readBindings(tokens, sites);
  const resolver = new Resolver(bindings);
  const built = new Map<CallSite, PythonCall>();

  const build = (site: CallSite): PythonCall => {
    const existing = built.get(site);
    if (existing !== undefined) return existing;
    const resolution: Resolution = resolver.resolveCall(site);
    const call: PythonCall = {
      canonical: resolution.canonical,
      kind: resolution.kind,
      calleeStart: site.calleeStart,
      calleeEnd: site.calleeEnd,
      start: site.start,
      end: site.end,
      args: [],
      reassigned: resolution.reassigned,
      qualifiedName: resolution.qualifiedName,
      name: site.name,
      nameStart: site.nameStart,
      nameEnd: site.nameEnd,
      receiverEnd: site.receiverEnd,
      names: site.names,
      definedInFile: resolution.definedInFile,
    };
    built.set(site, call);
    call.args = site.args.map(argument);
    if (resolution.constructorCall !== undefined) call.constructorCall = build(resolution.constructorCall);
    if (resolution.receiverConstructorCall !== undefined) call.receiverConstructorCall = build(resolution.receiverConstructorCall);
    return call;
  };

  const argument = (site: ArgumentSite): PythonArgument => {
    const reference = resolver.resolveReference(site);
    const valueCall = resolver.valueCallOf(site);
    return {
      name: site.name,
      nameStart: site.nameStart,
      star: site.star,
      start: site.start,
      end: site.end,
      text: site.text,
      call: site.call === undefined ? undefined : build(site.call),
      canonical: reference?.canonical,
      qualifiedName: reference?.qualifiedName,
      constructorCall: reference?.constructorCall === undefined ? undefined : build(reference.constructorCall),
      valueCall: valueCall === undefined ? undefined : build(valueCall),
      items: site.items?.map(argument),
    };
  };

  const calls = sites.map(build);
  const nameCounts = new Map<string, number>();
  for (const token of tokens) if (token.kind === 'name') nameCounts.set(token.text, (nameCounts.get(token.text) ?? 0) + 1);

  return {
    calls,
    imports: bindings.imports,
    callAt: (offset) => innermostAt(calls, offset),
    countName: (name) => nameCounts.get(name) ?? 0,
    resolveDotted: (names, offset) => {
      const { canonical, qualifiedName } = resolver.resolveDotted(names, offset);
      return { canonical, qualifiedName };
    },
  };
}

function innermostAt(calls: PythonCall[], offset: number): PythonCall | undefined {
  let best: PythonCall | undefined;
  for (const call of calls) {
    if (call.calleeStart > offset || offset > call.calleeEnd) continue;
    const width = call.calleeEnd - call.calleeStart;
    if (best === undefined || width < best.calleeEnd - best.calleeStart || (width === best.calleeEnd - best.calleeStart && call.calleeStart > best.calleeStart)) best = call;
  }
  return best;
}
