import type { CallSite } from './calls';
import { readImport, type PythonImport } from './imports';
import { dottedNameAt, isOp, statements, topLevel, type Statement } from './statements';
import type { Token } from './tokens';

/** What a name was bound to by one statement. */
export type BoundTo =
  | { readonly kind: 'import'; readonly target: string }
  /** `name = f(...)`: an instance when f turns out to be a class. */
  | { readonly kind: 'call'; readonly call: CallSite }
  /** `name = a.b.c`: another name for whatever `a.b.c` is (`ce = F.cross_entropy`). */
  | { readonly kind: 'alias'; readonly names: string[] }
  | { readonly kind: 'definition' }
  | { readonly kind: 'unknown' };

/** One binding of a name (`criterion`, `self.criterion`), in effect from `offset` on. */
export interface Binding {
  readonly offset: number;
  readonly to: BoundTo;
}

/** Every binding in a file, by name, each list in source order. */
export interface FileBindings {
  readonly byName: Map<string, Binding[]>;
  readonly imports: PythonImport[];
  /** Modules imported with `from M import *`. */
  readonly stars: string[];
}

const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '&=', '|=', '^=', '>>=', '<<=']);

/**
 * Reads imports, `def`/`class`, assignments (`a = b = value`, `self.x: T = value`, augmented and
 * tuple targets), `for` targets and `with ... as` names. The file is read flat, without scopes:
 * the resolver picks, for each use, the binding nearest before it, and notices names bound to
 * different things.
 */
export function readBindings(tokens: Token[], calls: CallSite[]): FileBindings {
  const bindings: FileBindings = { byName: new Map(), imports: [], stars: [] };
  const callsByExtent = new Map<string, CallSite>();
  for (const call of calls) if (!callsByExtent.has(`${call.start}:${call.end}`)) callsByExtent.set(`${call.start}:${call.end}`, call);
  const bind = (name: string, offset: number, to: BoundTo): void => {
    const list = bindings.byName.get(name);
    if (list === undefined) bindings.byName.set(name, [{ offset, to }]);
    else list.push({ offset, to });
  };

  for (const statement of statements(tokens)) {
    const first = tokens[statement.start];
    const end = tokens[statement.end - 1].end;
    const imported = readImport(tokens, statement);
    if (imported !== undefined) {
      for (const entry of imported.imports) bind(entry.local, entry.statementEnd, { kind: 'import', target: entry.target });
      bindings.imports.push(...imported.imports);
      bindings.stars.push(...imported.stars);
      continue;
    }
    const defined = definedName(tokens, statement);
    if (defined !== undefined) {
      bind(defined.text, defined.start, { kind: 'definition' });
      continue;
    }
    if (first.kind === 'name' && (first.text === 'for' || first.text === 'with')) {
      for (const name of headerTargets(tokens, statement)) bind(name, end, { kind: 'unknown' });
      continue;
    }
    const equals = topLevel(tokens, statement.start, statement.end, (t) => isOp(t, '='));
    if (equals.length === 0) {
      const augmented = firstTopLevel(tokens, statement.start, statement.end, (t) => t.kind === 'op' && AUGMENTED.has(t.text));
      const target = augmented === undefined ? undefined : dottedNameAt(tokens, statement.start, augmented);
      if (target !== undefined) bind(target.join('.'), end, { kind: 'unknown' });
      continue;
    }
    const valueStart = equals[equals.length - 1] + 1;
    const value = valueOf(tokens, valueStart, statement.end, callsByExtent);
    let from = statement.start;
    for (const equal of equals) {
      const annotation = from === statement.start ? firstTopLevel(tokens, from, equal, (t) => isOp(t, ':')) : undefined;
      const target = dottedNameAt(tokens, from, annotation ?? equal);
      if (target !== undefined) bind(target.join('.'), end, value);
      else for (const name of targetNames(tokens, from, equal, 0)) bind(name, end, { kind: 'unknown' });
      from = equal + 1;
    }
  }
  return bindings;
}

function valueOf(tokens: Token[], from: number, to: number, callsByExtent: Map<string, CallSite>): BoundTo {
  if (from >= to) return { kind: 'unknown' };
  const call = callsByExtent.get(`${tokens[from].start}:${tokens[to - 1].end}`);
  if (call !== undefined) return { kind: 'call', call };
  const names = dottedNameAt(tokens, from, to);
  return names === undefined ? { kind: 'unknown' } : { kind: 'alias', names };
}

/** The name token of `def name`, `async def name` or `class Name`. */
function definedName(tokens: Token[], statement: Statement): Token | undefined {
  let i = statement.start;
  if (tokens[i].kind === 'name' && tokens[i].text === 'async') i++;
  const keyword = tokens[i];
  if (i + 1 >= statement.end || keyword.kind !== 'name' || (keyword.text !== 'def' && keyword.text !== 'class')) return undefined;
  return tokens[i + 1].kind === 'name' ? tokens[i + 1] : undefined;
}

/** The names bound by `for a, (b, c) in ...` and by `with x as a, y as b`. */
function headerTargets(tokens: Token[], statement: Statement): string[] {
  if (tokens[statement.start].text === 'for') {
    const inside = topLevel(tokens, statement.start + 1, statement.end, (t) => t.kind === 'name' && t.text === 'in');
    return targetNames(tokens, statement.start + 1, inside[0] ?? statement.end, 0);
  }
  const names: string[] = [];
  for (const as of topLevel(tokens, statement.start, statement.end, (t) => t.kind === 'name' && t.text === 'as')) {
    names.push(...targetNames(tokens, as + 1, nextTopLevelComma(tokens, as + 1, statement.end), 0));
  }
  return names;
}

/** The dotted names a target list binds: `a, b`, `(a, self.b)`, `[a, *rest]`. */
function targetNames(tokens: Token[], from: number, to: number, depth: number): string[] {
  if (depth > 8 || from >= to) return [];
  if (tokens[from].closed === true && tokens[from].pair === to - 1) return targetNames(tokens, from + 1, to - 1, depth + 1);
  const commas = topLevel(tokens, from, to, (t) => isOp(t, ','));
  if (commas.length === 0) {
    const start = isOp(tokens[from], '*') ? from + 1 : from;
    const names = dottedNameAt(tokens, start, to);
    return names === undefined ? [] : [names.join('.')];
  }
  const names: string[] = [];
  let start = from;
  for (const comma of [...commas, to]) {
    names.push(...targetNames(tokens, start, comma, depth + 1));
    start = comma + 1;
  }
  return names;
}

function nextTopLevelComma(tokens: Token[], from: number, to: number): number {
  return topLevel(tokens, from, to, (t) => isOp(t, ','))[0] ?? to;
}

function firstTopLevel(tokens: Token[], from: number, to: number, test: (token: Token) => boolean): number | undefined {
  return topLevel(tokens, from, to, test)[0];
}
