/**
 * What a token is. Keywords are `name` tokens: the readers decide what a word means where it
 * stands (`match` and `case` are names almost everywhere). `newline` ends a logical line (never
 * emitted inside brackets or after a `\` continuation); `other` is a character Python does not
 * know (`$`, `?`, a stray backslash, binary junk).
 */
export type TokenKind = 'name' | 'number' | 'string' | 'comment' | 'op' | 'newline' | 'other';

/** One token, with its offsets (UTF-16 code units, as in the editor) in the source text. */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** The source text: a string keeps its prefix and quotes, a newline is `\n` (or `` at the end). */
  readonly text: string;
  /**
   * For an opening bracket: the index of its closing bracket or, when it is never closed, of the
   * token where reading gave up on it (the newline ending the statement, an outer closing bracket).
   */
  pair?: number;
  /** For an opening bracket: whether `pair` is its own closing bracket. */
  closed?: boolean;
}

/** A source text's tokens; comments are kept apart so that readers of code never meet them. */
export interface Tokens {
  readonly tokens: Token[];
  readonly comments: Token[];
}

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER = /0[xXoObB][\da-fA-F_]*|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJlL]?/y;
const OPERATOR = /\*\*=|\/\/=|>>=|<<=|\.\.\.|->|:=|\*\*|\/\/|==|!=|<=|>=|<<|>>|<>|[-+*/%@&|^]=|[-+*/%@&|^~<>()[\]{},:;.=!]/y;
/** r, b, u, f, t (3.14) and their pairs, in any case, right before a quote. */
const STRING_PREFIX = /[rRbBuUfFtT]{1,2}(?=['"])/y;
const PREFIX_LETTERS = 'rRbBuUfFtT';
/** Operators that never begin a longer one: read without the regular expression. */
const SINGLE_OPERATORS = '()[]{},;~';
const BLANK = /[ \t\f]*/y;

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

/**
 * Words that can only start a statement. When one starts a line inside an unclosed bracket, the
 * bracket was left open (the user is typing): the statement is ended there, so that one missing
 * `)` does not swallow the rest of the file. (`from` is not here: `yield from` may start a line.)
 */
const STATEMENT_ONLY = new Set([
  'def', 'class', 'import', 'return', 'while', 'try', 'except', 'finally', 'raise', 'del', 'pass',
  'assert', 'global', 'nonlocal', 'elif', 'break', 'continue', 'with',
]);

/**
 * Cuts Python source into tokens in one pass (linear time), never throwing: an unterminated
 * string ends at its line end (or at the end of the text when triple-quoted), a closing bracket
 * with no opener is an `op`, and unclosed brackets are given up at the statement's end.
 * f-strings are single tokens; their replacement fields are only scanned far enough to find the
 * real closing quote (Python 3.12 allows the same quote inside `{...}`).
 */
export function tokenize(text: string): Tokens {
  const tokens: Token[] = [];
  const comments: Token[] = [];
  /** Indices of the open brackets, innermost last, and how many of each kind are open. */
  const open: number[] = [];
  const openCount: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  const n = text.length;
  let i = 0;

  const push = (kind: TokenKind, start: number, end: number): Token => {
    // Every token has the same fields from the start, so that property reads stay monomorphic.
    const token: Token = { kind, start, end, text: text.slice(start, end), pair: undefined, closed: undefined };
    tokens.push(token);
    return token;
  };
  const giveUpOn = (index: number, at: number): void => {
    const token = tokens[index];
    token.pair = at;
    token.closed = false;
    openCount[token.text]--;
  };
  const endLine = (start: number, end: number): void => {
    if (tokens.length === 0 || tokens[tokens.length - 1].kind === 'newline') return;
    while (open.length > 0) giveUpOn(open.pop()!, tokens.length);
    push('newline', start, end);
  };

  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
    } else if (c === '\n' || c === '\r') {
      const end = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      if (open.length === 0 || startsStatement(text, end)) endLine(i, end);
      i = end;
    } else if (c === '#') {
      let end = i;
      while (end < n && text[end] !== '\n' && text[end] !== '\r') end++;
      comments.push({ kind: 'comment', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 2;
    } else if (c === '"' || c === "'") {
      i = push('string', i, scanString(text, i, false)).end;
    } else if (PREFIX_LETTERS.includes(c) && matchAt(STRING_PREFIX, text, i)) {
      const quote = STRING_PREFIX.lastIndex;
      i = push('string', i, scanString(text, quote, /[fFtT]/.test(text.slice(i, quote)))).end;
    } else if (isAsciiNameStart(text.charCodeAt(i))) {
      // The common case without the Unicode regular expression, which is several times slower.
      let end = i + 1;
      while (end < n && isAsciiNameChar(text.charCodeAt(end))) end++;
      if (end < n && text.charCodeAt(end) >= 0x80 && matchAt(NAME, text, i)) end = NAME.lastIndex;
      i = push('name', i, end).end;
    } else if (text.charCodeAt(i) >= 0x80 && matchAt(NAME, text, i)) {
      i = push('name', i, NAME.lastIndex).end;
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      matchAt(NUMBER, text, i);
      i = push('number', i, Math.max(NUMBER.lastIndex, i + 1)).end;
    } else if (SINGLE_OPERATORS.includes(c) || matchAt(OPERATOR, text, i)) {
      const token = push('op', i, SINGLE_OPERATORS.includes(c) ? i + 1 : OPERATOR.lastIndex);
      i = token.end;
      if (token.text in OPENERS) {
        open.push(tokens.length - 1);
        openCount[token.text]++;
      } else if (CLOSERS.has(token.text)) {
        closeBracket(token);
      }
    } else {
      const wide = c >= '\ud800' && c <= '\udbff' && i + 1 < n;
      i = push('other', i, i + (wide ? 2 : 1)).end;
    }
  }
  endLine(n, n);
  return { tokens, comments };

  function closeBracket(token: Token): void {
    const opener = token.text === ')' ? '(' : token.text === ']' ? '[' : '{';
    if (openCount[opener] === 0) return; // a stray closer: left as an operator
    const here = tokens.length - 1;
    for (;;) {
      const index = open.pop()!;
      if (tokens[index].text === opener) {
        tokens[index].pair = here;
        tokens[index].closed = true;
        openCount[opener]--;
        return;
      }
      giveUpOn(index, here);
    }
  }
}

/** Whether the line starting at `at` begins with a word that only a statement can begin with. */
function startsStatement(text: string, at: number): boolean {
  matchAt(BLANK, text, at);
  const word = BLANK.lastIndex;
  return matchAt(NAME, text, word) && STATEMENT_ONLY.has(text.slice(word, NAME.lastIndex));
}

function isAsciiNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isAsciiNameChar(code: number): boolean {
  return isAsciiNameStart(code) || (code >= 48 && code <= 57);
}

function matchAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * The end of the string literal whose opening quote is at `quote`. A backslash always skips the
 * next character (in raw strings too: `r"\""` is one string). In an f-string, quotes inside a
 * replacement field open nested strings. A single-quoted string that meets a line end stops there.
 */
function scanString(text: string, quote: number, formatted: boolean): number {
  const q = text[quote];
  const triple = text[quote + 1] === q && text[quote + 2] === q;
  const n = text.length;
  let depth = 0;
  let j = quote + (triple ? 3 : 1);
  while (j < n) {
    const c = text[j];
    if (c === '\\') {
      j += text[j + 1] === '\r' && text[j + 2] === '\n' ? 3 : 2;
    } else if ((c === '\n' || c === '\r') && !triple) {
      return j;
    } else if (formatted && c === '{') {
      if (depth === 0 && text[j + 1] === '{') {
        j += 2;
      } else {
        depth++;
        j++;
      }
    } else if (formatted && c === '}') {
      if (depth > 0) depth--;
      j++;
    } else if (depth > 0 && (c === '"' || c === "'")) {
      j = scanString(text, j, false);
    } else if (c === q && depth === 0 && (!triple || (text[j + 1] === q && text[j + 2] === q))) {
      return j + (triple ? 3 : 1);
    } else {
      j++;
    }
  }
  return n;
}
