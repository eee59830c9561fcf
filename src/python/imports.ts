import { dottedNameAt, type Statement } from './statements';
import type { Token } from './tokens';

/** One name an import statement binds. */
export interface PythonImport {
  /** The name bound in the file: `F`, `torch`, `CE`. */
  readonly local: string;
  /** The dotted name `local` stands for: `torch.nn.functional`, `torch`, `torch.nn.CrossEntropyLoss`. */
  readonly target: string;
  /** For `from M import ...`: the module M (a relative one keeps its leading dots). */
  readonly from?: string;
  /** This entry as written: `CrossEntropyLoss as CE`, `torch.nn.functional as F`. */
  readonly start: number;
  readonly end: number;
  /** Where the statement ends: the name is bound from there on. */
  readonly statementEnd: number;
}

/** What one import statement brings in; `stars` are the modules of `from M import *`. */
export interface ImportStatement {
  readonly imports: PythonImport[];
  readonly stars: string[];
}

/**
 * Reads `import a.b [as c], ...` and `from [.]a.b import x [as y], ...` (parenthesized, over
 * several lines, with a trailing comma, or `*`). Returns undefined for any other statement.
 * An entry that cannot be read (the user is typing it) is skipped, the others are kept.
 */
export function readImport(tokens: Token[], statement: Statement): ImportStatement | undefined {
  const first = tokens[statement.start];
  if (first.kind !== 'name' || (first.text !== 'import' && first.text !== 'from')) return undefined;
  const statementEnd = tokens[statement.end - 1].end;
  const result: ImportStatement = { imports: [], stars: [] };
  if (first.text === 'import') {
    for (const [from, to] of entries(tokens, statement.start + 1, statement.end)) {
      const entry = readEntry(tokens, from, to);
      if (entry === undefined) continue;
      const local = entry.alias ?? entry.names[0];
      const target = entry.alias === undefined ? entry.names[0] : entry.names.join('.');
      result.imports.push({ local, target, start: tokens[from].start, end: tokens[to - 1].end, statementEnd });
    }
    return result;
  }
  let i = statement.start + 1;
  let module = '';
  while (i < statement.end && isOp(tokens[i], '.', '...')) module += tokens[i++].text;
  while (i < statement.end && !(tokens[i].kind === 'name' && tokens[i].text === 'import')) module += tokens[i++].text;
  if (i >= statement.end || module === '') return result;
  for (const [from, to] of entries(tokens, i + 1, statement.end)) {
    if (to - from === 1 && isOp(tokens[from], '*')) {
      result.stars.push(module);
      continue;
    }
    const entry = readEntry(tokens, from, to);
    if (entry === undefined || entry.names.length !== 1) continue;
    const target = module.endsWith('.') ? module + entry.names[0] : `${module}.${entry.names[0]}`;
    result.imports.push({ local: entry.alias ?? entry.names[0], target, from: module, start: tokens[from].start, end: tokens[to - 1].end, statementEnd });
  }
  return result;
}

/** The comma-separated entries of tokens [from, to), looking inside one pair of parentheses. */
function entries(tokens: Token[], from: number, to: number): [number, number][] {
  if (from < to && isOp(tokens[from], '(')) {
    to = Math.min(tokens[from].pair ?? to, to);
    from++;
  }
  const found: [number, number][] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || isOp(tokens[i], ',')) {
      if (i > start) found.push([start, i]);
      start = i + 1;
    }
  }
  return found;
}

/** `a.b.c` or `a.b.c as d`. */
function readEntry(tokens: Token[], from: number, to: number): { names: string[]; alias?: string } | undefined {
  const as = to - from >= 3 && tokens[to - 2].kind === 'name' && tokens[to - 2].text === 'as';
  const names = dottedNameAt(tokens, from, as ? to - 2 : to);
  if (names === undefined) return undefined;
  if (!as) return { names };
  return tokens[to - 1].kind === 'name' ? { names, alias: tokens[to - 1].text } : undefined;
}

function isOp(token: Token, ...texts: string[]): boolean {
  return token.kind === 'op' && texts.includes(token.text);
}
