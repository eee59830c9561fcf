import { isOp } from './statements';
import type { Token } from './tokens';

/** One call expression as written, before any name in it is resolved. */
export interface CallSite {
  /** The whole call: from the callee's first character through `)` (or its last argument when unclosed). */
  readonly start: number;
  readonly end: number;
  readonly calleeStart: number;
  readonly calleeEnd: number;
  /** The callee when it is dotted names only: `['F', 'cross_entropy']`, `['self', 'criterion']`. */
  readonly names?: string[];
  /** The callee's last name and its span, when the callee ends in a name (`softmax` in `model(x)[0].softmax`). */
  readonly name?: string;
  readonly nameStart?: number;
  readonly nameEnd?: number;
  /** When the callee is `<receiver>.name`: the offset of that last `.`, where the receiver ends. */
  readonly receiverEnd?: number;
  /** When the callee is itself a call, as in `nn.CrossEntropyLoss()(logits, y)`. */
  readonly calleeCall?: CallSite;
  readonly args: ArgumentSite[];
}

/** One argument of a call, or one item of a list or tuple display. */
export interface ArgumentSite {
  /** The keyword, for `name=value`. */
  readonly name?: string;
  /** Where the keyword starts, so that `start` of the keyword through `end` is the whole `name=value`. */
  readonly nameStart?: number;
  readonly star?: '*' | '**';
  /** The value (after any keyword or star), comments inside it included, comments around it not. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** When the value is exactly one call, parentheses around it aside. */
  readonly call?: CallSite;
  /** When the value is exactly a dotted name: `tf.nn.softmax`, `loss_fn`. */
  readonly names?: string[];
  /** When the value is a list or tuple display: its items. */
  readonly items?: ArgumentSite[];
}

/** What a run of tokens is when it is a single primary expression (`a.b`, `f(x)`, `[a, b]`). */
interface Primary {
  readonly next: number;
  readonly call?: CallSite;
  readonly names?: string[];
  readonly items?: ArgumentSite[];
}

/** Words that are not expressions: a `(` after one of them opens a parenthesized expression. */
const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'for', 'while', 'return', 'yield', 'lambda',
  'def', 'class', 'import', 'from', 'as', 'with', 'try', 'except', 'finally', 'raise', 'del', 'pass',
  'assert', 'global', 'nonlocal', 'async', 'await', 'break', 'continue',
]);

/** Deeper brackets are skipped, not read: junk such as 10,000 `(` must not overflow the stack. */
const MAX_DEPTH = 100;

/**
 * Every call expression in the tokens, in source order (a call before the calls inside it). Each
 * token is looked at a bounded number of times, so this is linear in the length of the source.
 */
export function findCalls(tokens: Token[], text: string): CallSite[] {
  const reader = new CallReader(tokens, text);
  reader.sequence(0, tokens.length, 0);
  return reader.calls.sort((a, b) => a.start - b.start || b.end - a.end);
}

class CallReader {
  readonly calls: CallSite[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  /** Reads the expressions in tokens [from, to); returns the primary that is the whole range, if one is. */
  sequence(from: number, to: number, depth: number): Primary | undefined {
    let pieces = 0;
    let only: Primary | undefined;
    let i = from;
    while (i < to) {
      const token = this.tokens[i];
      pieces++;
      if (token.kind === 'name' && (token.text === 'def' || token.text === 'class')) {
        i += 2; // the name defined is not a callee: `def f(x)` is no call
      } else if (startsPrimary(token)) {
        only = this.primary(i, to, depth);
        i = only.next;
      } else {
        i++;
      }
    }
    return pieces === 1 ? only : undefined;
  }

  /** An atom and its trailers (`.name`, `(...)`, `[...]`), recording each call among them. */
  private primary(first: number, to: number, depth: number): Primary {
    const tokens = this.tokens;
    const atom = tokens[first];
    let names: string[] | undefined;
    let call: CallSite | undefined;
    let items: ArgumentSite[] | undefined;
    let last: Token | undefined;
    let receiverEnd: number | undefined;
    let j = first + 1;
    if (atom.kind === 'name') {
      names = [atom.text];
      last = atom;
    } else if (atom.kind === 'string') {
      while (j < to && tokens[j].kind === 'string') j++;
    } else if (atom.kind === 'op') {
      const group = this.group(first, depth);
      ({ call, names, items } = group);
      j = group.next;
    }
    while (j < to) {
      const token = tokens[j];
      if (token.kind !== 'op') break;
      if (token.text === '.' && j + 1 < to && tokens[j + 1].kind === 'name') {
        last = tokens[j + 1];
        receiverEnd = token.start;
        names?.push(last.text);
        call = undefined;
        items = undefined;
        j += 2;
      } else if (token.text === '(') {
        call = this.call(atom.start, j, depth, { names, last, receiverEnd, calleeCall: call });
        j = this.after(j);
        names = undefined;
        last = undefined;
        receiverEnd = undefined;
        items = undefined;
      } else if (token.text === '[') {
        if (depth < MAX_DEPTH) this.sequence(j + 1, this.limit(j), depth + 1);
        j = this.after(j);
        names = undefined;
        last = undefined;
        receiverEnd = undefined;
        call = undefined;
        items = undefined;
      } else {
        break;
      }
    }
    return { next: j, call, names, items };
  }

  /** A bracketed atom: a parenthesized expression (seen through), a tuple, list, dict or set. */
  private group(open: number, depth: number): Primary {
    const next = this.after(open);
    if (depth >= MAX_DEPTH) return { next };
    const bracket = this.tokens[open].text;
    const limit = this.limit(open);
    if (bracket === '[' || (bracket === '(' && this.hasComma(open + 1, limit))) {
      return { next, items: this.arguments(open + 1, limit, depth + 1) };
    }
    const inner = this.sequence(open + 1, limit, depth + 1);
    return bracket === '(' && inner !== undefined ? { next, call: inner.call, names: inner.names, items: inner.items } : { next };
  }

  private call(
    calleeStart: number,
    open: number,
    depth: number,
    callee: { names?: string[]; last?: Token; receiverEnd?: number; calleeCall?: CallSite },
  ): CallSite {
    const tokens = this.tokens;
    const limit = this.limit(open);
    const args = depth < MAX_DEPTH ? this.arguments(open + 1, limit, depth + 1) : [];
    const closed = tokens[open].closed === true;
    const end = closed ? tokens[limit].end : limit - 1 > open ? tokens[limit - 1].end : tokens[open].end;
    const site: CallSite = {
      start: calleeStart,
      end,
      calleeStart,
      calleeEnd: tokens[open - 1].end,
      names: callee.names === undefined ? undefined : [...callee.names],
      name: callee.last?.text,
      nameStart: callee.last?.start,
      nameEnd: callee.last?.end,
      receiverEnd: callee.receiverEnd,
      calleeCall: callee.calleeCall,
      args,
    };
    this.calls.push(site);
    return site;
  }

  /** The comma-separated pieces of tokens [from, to): a call's arguments or a display's items. */
  private arguments(from: number, to: number, depth: number): ArgumentSite[] {
    const args: ArgumentSite[] = [];
    let start = from;
    for (let k = from; k <= to; ) {
      if (k === to || isOp(this.tokens[k], ',')) {
        if (k > start) args.push(this.argument(start, k, depth));
        start = k + 1;
        k++;
      } else {
        k = isOpener(this.tokens[k]) ? this.after(k) : k + 1;
      }
    }
    return args;
  }

  private argument(from: number, to: number, depth: number): ArgumentSite {
    const tokens = this.tokens;
    let value = from;
    let name: Token | undefined;
    let star: '*' | '**' | undefined;
    if (isOp(tokens[from], '*') || isOp(tokens[from], '**')) {
      star = tokens[from].text as '*' | '**';
      value++;
    } else if (tokens[from].kind === 'name' && from + 1 < to && isOp(tokens[from + 1], '=')) {
      name = tokens[from];
      value += 2;
    }
    const start = value < to ? tokens[value].start : tokens[to - 1].end;
    const end = tokens[to - 1].end;
    const whole = value < to ? this.sequence(value, to, depth) : undefined;
    return {
      name: name?.text,
      nameStart: name?.start,
      star,
      start,
      end,
      text: this.text.slice(start, end),
      call: whole?.call,
      names: whole?.names,
      items: whole?.items,
    };
  }

  private hasComma(from: number, to: number): boolean {
    for (let k = from; k < to; k = isOpener(this.tokens[k]) ? this.after(k) : k + 1) {
      if (isOp(this.tokens[k], ',')) return true;
    }
    return false;
  }

  /** Where a bracket's inside ends: its closer, or where it was given up. */
  private limit(open: number): number {
    return this.tokens[open].pair ?? this.tokens.length;
  }

  /** The first token after a bracketed group (a given-up group ends at, not after, the token that ended it). */
  private after(open: number): number {
    const token = this.tokens[open];
    return token.closed === true ? token.pair! + 1 : this.limit(open);
  }
}

function startsPrimary(token: Token): boolean {
  if (token.kind === 'name') return !KEYWORDS.has(token.text);
  return token.kind === 'string' || token.kind === 'number' || isOpener(token);
}

function isOpener(token: Token): boolean {
  return token.kind === 'op' && (token.text === '(' || token.text === '[' || token.text === '{');
}
