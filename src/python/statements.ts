import type { Token } from './tokens';

/** A simple statement, or the header of a compound one, as a range [start, end) of token indices. */
export interface Statement {
  readonly start: number;
  readonly end: number;
}

/** Statements whose header ends at a `:`, after which a simple statement may follow on the same line. */
const COMPOUND = new Set(['if', 'elif', 'else', 'for', 'while', 'with', 'try', 'except', 'finally', 'def', 'class', 'async']);

/**
 * Cuts the tokens into statements: at logical line ends, at `;`, and after the `:` of a compound
 * statement's header (`if x: import torch` is two statements). Brackets are stepped over whole,
 * so a `:` in a slice or a dict, or a `;` in a string, cuts nothing. A `lambda` in a header eats
 * its own `:`.
 */
export function statements(tokens: Token[]): Statement[] {
  const found: Statement[] = [];
  let i = 0;
  while (i < tokens.length) {
    const start = i;
    const compound = tokens[i].kind === 'name' && COMPOUND.has(tokens[i].text);
    let lambdas = 0;
    while (i < tokens.length) {
      const token = tokens[i];
      if (token.kind === 'newline' || (token.kind === 'op' && token.text === ';')) break;
      if (compound && token.kind === 'op' && token.text === ':') {
        if (lambdas === 0) break;
        lambdas--;
      }
      if (token.kind === 'name' && token.text === 'lambda') lambdas++;
      i = skipGroup(tokens, i);
    }
    if (i > start) found.push({ start, end: i });
    i++;
  }
  return found;
}

/** The index after token `i`, or after the whole bracketed group when `i` opens one. */
export function skipGroup(tokens: Token[], i: number): number {
  const token = tokens[i];
  if (token.pair === undefined) return i + 1;
  return token.closed === true ? token.pair + 1 : Math.max(token.pair, i + 1);
}

/** Indices of the tokens in [from, to), outside any bracket, that pass `test`. */
export function topLevel(tokens: Token[], from: number, to: number, test: (token: Token) => boolean): number[] {
  const found: number[] = [];
  for (let i = from; i < to; i = skipGroup(tokens, i)) {
    if (test(tokens[i])) found.push(i);
  }
  return found;
}

/** Whether a token is the operator `text`. */
export function isOp(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'op' && token.text === text;
}

/** The dotted name that tokens [from, to) are exactly (`self.criterion`), or undefined. */
export function dottedNameAt(tokens: Token[], from: number, to: number): string[] | undefined {
  if (to <= from || (to - from) % 2 === 0) return undefined;
  const names: string[] = [];
  for (let i = from; i < to; i += 2) {
    if (tokens[i].kind !== 'name') return undefined;
    if (i + 1 < to && !(tokens[i + 1].kind === 'op' && tokens[i + 1].text === '.')) return undefined;
    names.push(tokens[i].text);
  }
  return names;
}
