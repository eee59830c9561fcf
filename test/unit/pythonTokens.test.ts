import * as assert from 'node:assert/strict';
import { tokenize, type Token } from '../../src/python/tokens';

/** Tokens as `kind:text` (newlines as `NL`), easy to compare whole. */
function shape(text: string): string[] {
  return tokenize(text).tokens.map((t) => (t.kind === 'newline' ? 'NL' : `${t.kind}:${t.text}`));
}

function strings(text: string): string[] {
  return tokenize(text).tokens.filter((t) => t.kind === 'string').map((t) => t.text);
}

describe('Python tokenizer', () => {
  it('reads names, numbers, operators and brackets, with offsets', () => {
    const { tokens } = tokenize('loss = F.cross_entropy(x, y) ** 2.5e-3');
    assert.deepEqual(
      tokens.map((t) => `${t.kind}:${t.text}`),
      ['name:loss', 'op:=', 'name:F', 'op:.', 'name:cross_entropy', 'op:(', 'name:x', 'op:,', 'name:y', 'op:)', 'op:**', 'number:2.5e-3', 'newline:'],
    );
    const call = tokens[4];
    assert.deepEqual([call.start, call.end], [9, 22]);
    assert.equal(tokens[5].pair, 9);
    assert.equal(tokens[5].closed, true);
  });

  it('reads numbers in every form', () => {
    assert.deepEqual(shape('0x1F 1_000 .5 3. 1e10 2j 0b101'), ['number:0x1F', 'number:1_000', 'number:.5', 'number:3.', 'number:1e10', 'number:2j', 'number:0b101', 'NL']);
  });

  it('reads strings with every prefix, in any case', () => {
    assert.deepEqual(strings(`a = r'\\d' + b"x" + Rb'y' + BR"z" + f"{x}" + U'u' + fR'{a}\\n' + rf"q"`), [
      `r'\\d'`, `b"x"`, `Rb'y'`, `BR"z"`, `f"{x}"`, `U'u'`, `fR'{a}\\n'`, `rf"q"`,
    ]);
  });

  it('does not take a name ending in a prefix letter for a prefix', () => {
    assert.deepEqual(shape('bar"x"'), ['name:bar', 'string:"x"', 'NL']);
  });

  it('keeps escaped quotes inside strings, raw strings included', () => {
    assert.deepEqual(strings(String.raw`x = "a \" b" + r"c \" d" + 'it\'s'`), [String.raw`"a \" b"`, String.raw`r"c \" d"`, String.raw`'it\'s'`]);
  });

  it('reads triple-quoted strings over several lines, with quotes inside', () => {
    const text = 'def f():\n    """Uses F.cross_entropy(F.softmax(x)).\n    "quoted" and \'\'\' inside\n    """\n    return 1\n';
    const docstring = tokenize(text).tokens.find((t) => t.kind === 'string')!;
    assert.ok(docstring.text.startsWith('"""Uses'));
    assert.ok(docstring.text.endsWith('inside\n    """'));
    assert.deepEqual(strings("x = '''a\n' b\n'''"), ["'''a\n' b\n'''"]);
  });

  it('reads an f-string whose replacement field holds the same quote (Python 3.12)', () => {
    assert.deepEqual(strings(`s = f"{d["key"]} and {x!r:>{width}} {{literal}}" + "next"`), [`f"{d["key"]} and {x!r:>{width}} {{literal}}"`, `"next"`]);
    assert.deepEqual(strings(`s = f'{a["b"]}'`), [`f'{a["b"]}'`]);
  });

  it('keeps comments apart, with their offsets, and out of the code tokens', () => {
    const { tokens, comments } = tokenize('x = 1  # F.softmax(x)\n# whole line\ny = "#not a comment"\n');
    assert.deepEqual(comments.map((c) => c.text), ['# F.softmax(x)', '# whole line']);
    assert.equal(comments[0].start, 7);
    assert.deepEqual(tokens.map((t) => t.text).filter((t) => t.includes('softmax')), []);
    assert.ok(tokens.some((t) => t.text === '"#not a comment"'));
  });

  it('ends logical lines only outside brackets and not after a backslash continuation', () => {
    assert.deepEqual(shape('a = f(1,\n      2)\nb = 1 + \\\n    2\n\n\nc'), [
      'name:a', 'op:=', 'name:f', 'op:(', 'number:1', 'op:,', 'number:2', 'op:)', 'NL',
      'name:b', 'op:=', 'number:1', 'op:+', 'number:2', 'NL',
      'name:c', 'NL',
    ]);
  });

  it('handles \\r\\n and \\r line ends', () => {
    assert.deepEqual(shape('a = 1\r\nb = (2,\r\n 3)\rc'), ['name:a', 'op:=', 'number:1', 'NL', 'name:b', 'op:=', 'op:(', 'number:2', 'op:,', 'number:3', 'op:)', 'NL', 'name:c', 'NL']);
  });

  it('reads longest operators first', () => {
    assert.deepEqual(shape('a //= b ** c -> d := e == f != g ... @ h'), [
      'name:a', 'op://=', 'name:b', 'op:**', 'name:c', 'op:->', 'name:d', 'op::=', 'name:e', 'op:==', 'name:f', 'op:!=', 'name:g', 'op:...', 'op:@', 'name:h', 'NL',
    ]);
  });

  it('reads Unicode identifiers and leaves unknown characters as single tokens', () => {
    assert.deepEqual(shape('température = 1 $ ?'), ['name:température', 'op:=', 'number:1', 'other:$', 'other:?', 'NL']);
  });

  it('ends an unterminated single-quoted string at its line end', () => {
    assert.deepEqual(shape('a = "open\nb = 2'), ['name:a', 'op:=', 'string:"open', 'NL', 'name:b', 'op:=', 'number:2', 'NL']);
  });

  it('gives up on a bracket left open when a statement-only word starts a line', () => {
    const { tokens } = tokenize('loss = F.cross_entropy(x,\ndef train():\n    pass\n');
    const open = tokens.find((t) => t.text === '(')!;
    assert.equal(open.closed, false);
    assert.equal(tokens[open.pair!].kind, 'newline');
    assert.ok(tokens.some((t) => t.kind === 'newline' && t.start < tokens.find((u) => u.text === 'def')!.start));
  });

  it('pairs brackets across a mismatch, giving up only the inner one', () => {
    const { tokens } = tokenize('f(a, [b)');
    const paren = tokens[1];
    const square = tokens.find((t) => t.text === '[')!;
    assert.equal(paren.closed, true);
    assert.equal(tokens[paren.pair!].text, ')');
    assert.equal(square.closed, false);
    assert.equal(square.pair, paren.pair);
  });

  it('leaves a stray closer as an operator', () => {
    const { tokens } = tokenize(') ] x');
    assert.deepEqual(tokens.map((t: Token) => t.pair), [undefined, undefined, undefined, undefined]);
  });

  it('never throws, on binary junk included', () => {
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      let junk = '';
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        junk += String.fromCharCode(seed % 0xd900);
      }
      const { tokens } = tokenize(junk);
      for (let i = 1; i < tokens.length; i++) assert.ok(tokens[i].start >= tokens[i - 1].end || tokens[i].kind === 'newline');
    }
  });
});
