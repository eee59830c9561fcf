import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzePython, type PythonArgument, type PythonCall } from '../../src/python/pythonModule';

const slice = (text: string, call: PythonCall): string => text.slice(call.calleeStart, call.calleeEnd);
const whole = (text: string, call: PythonCall): string => text.slice(call.start, call.end);
const argument = (a: PythonArgument): string => `${a.star ?? ''}${a.name === undefined ? '' : `${a.name}=`}${a.text}`;

function callNamed(text: string, callee: string, nth = 0, module = analyzePython(text)): PythonCall {
  const found = module.calls.filter((call) => slice(text, call) === callee);
  assert.ok(found.length > nth, `no call of ${callee}`);
  return found[nth];
}

describe('Python calls', () => {
  it('finds every call, outer before inner, with callee and whole spans', () => {
    const text = 'loss = F.cross_entropy(F.softmax(model(x), dim=1), y)';
    const calls = analyzePython(text).calls;
    assert.deepEqual(calls.map((c) => [slice(text, c), whole(text, c)]), [
      ['F.cross_entropy', 'F.cross_entropy(F.softmax(model(x), dim=1), y)'],
      ['F.softmax', 'F.softmax(model(x), dim=1)'],
      ['model', 'model(x)'],
    ]);
  });

  it('reads arguments with keywords, offsets, stars, comments and a trailing comma', () => {
    const text = 'import torch.nn.functional as F\nloss = F.cross_entropy(\n    logits,  # raw scores\n    target=labels,\n    *extra,\n    **kw,\n)\n';
    const call = callNamed(text, 'F.cross_entropy');
    assert.deepEqual(call.args.map(argument), ['logits', 'target=labels', '*extra', '**kw']);
    const target = call.args[1];
    assert.equal(text.slice(target.nameStart, target.end), 'target=labels');
    assert.equal(text.slice(target.start, target.end), 'labels');
    assert.equal(whole(text, call), 'F.cross_entropy(\n    logits,  # raw scores\n    target=labels,\n    *extra,\n    **kw,\n)');
    assert.equal(call.canonical, 'torch.nn.functional.cross_entropy');
  });

  it('gives an argument that is a call its call, parentheses aside, and nothing for an expression', () => {
    const text = 'f(g(x), (h(y)), k(z) * 2, [a, b(c)])';
    const args = callNamed(text, 'f').args;
    assert.equal(slice(text, args[0].call!), 'g');
    assert.equal(slice(text, args[1].call!), 'h');
    assert.equal(args[2].call, undefined);
    assert.deepEqual(args[3].items!.map((item) => item.text), ['a', 'b(c)']);
    assert.equal(slice(text, args[3].items![1].call!), 'b');
  });

  it('reads method chains, subscripts and calls on calls', () => {
    const text = 'p = model(x)[0].softmax(dim=-1).max(1)\nq = nn.CrossEntropyLoss()(a, b)';
    const calls = analyzePython(text).calls;
    assert.deepEqual(calls.map((c) => slice(text, c)), ['model(x)[0].softmax(dim=-1).max', 'model(x)[0].softmax', 'model', 'nn.CrossEntropyLoss()', 'nn.CrossEntropyLoss']);
    const softmax = calls[1];
    assert.equal(softmax.name, 'softmax');
    assert.equal(text.slice(softmax.calleeStart, softmax.receiverEnd), 'model(x)[0]');
  });

  it('tracks instances built by name = ..., self.name = ... and immediately-called constructors', () => {
    const text = [
      'import torch.nn as nn',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.criterion = nn.CrossEntropyLoss(label_smoothing=0.1)',
      '    def step(self, x, y):',
      '        return self.criterion(self(x), y)',
      'def train():',
      '    loss = criterion(out, y)',
      'criterion: nn.Module = nn.BCEWithLogitsLoss(pos_weight=w)',
      'value = nn.NLLLoss(reduction="sum")(logp, y)',
    ].join('\n');
    const own = callNamed(text, 'self.criterion');
    assert.equal(own.kind, 'instance');
    assert.equal(own.canonical, 'torch.nn.CrossEntropyLoss');
    assert.deepEqual(own.constructorCall!.args.map(argument), ['label_smoothing=0.1']);
    const used = callNamed(text, 'criterion');
    assert.equal(used.kind, 'instance');
    assert.equal(used.canonical, 'torch.nn.BCEWithLogitsLoss', 'a use above, in a function, sees the module-level binding');
    const module = analyzePython(text);
    const immediate = callNamed(text, 'nn.NLLLoss(reduction="sum")', 0, module);
    assert.equal(immediate.kind, 'instance');
    assert.equal(immediate.constructorCall, callNamed(text, 'nn.NLLLoss', 0, module));
    assert.equal(callNamed(text, 'nn.NLLLoss').kind, 'constructor');
  });

  it('marks an instance whose name is bound to different losses in the file', () => {
    const text = 'import torch.nn as nn\nif multilabel:\n    criterion = nn.BCEWithLogitsLoss()\nelse:\n    criterion = nn.CrossEntropyLoss()\ncriterion(out, y)';
    const call = callNamed(text, 'criterion');
    assert.equal(call.canonical, 'torch.nn.CrossEntropyLoss');
    assert.equal(call.reassigned, true);
    const same = 'import torch.nn as nn\ndef a():\n    criterion = nn.CrossEntropyLoss()\n    criterion(x, y)\ndef b():\n    criterion = nn.CrossEntropyLoss()\n    criterion(x, y)';
    assert.equal(callNamed(same, 'criterion', 1).reassigned, false);
  });

  it('answers callAt with the innermost call whose callee holds the offset', () => {
    const text = 'loss = nn.CrossEntropyLoss()(model(x)[0].softmax(1), y)';
    const module = analyzePython(text);
    const at = (word: string, plus = 0): string | undefined => {
      const call = module.callAt(text.indexOf(word) + plus);
      return call === undefined ? undefined : slice(text, call);
    };
    assert.equal(at('CrossEntropyLoss'), 'nn.CrossEntropyLoss');
    assert.equal(at('nn.'), 'nn.CrossEntropyLoss');
    assert.equal(at('()(', 1), 'nn.CrossEntropyLoss()');
    assert.equal(at('model'), 'model');
    assert.equal(at('softmax', 3), 'model(x)[0].softmax');
    assert.equal(at('softmax', 7), 'model(x)[0].softmax', 'the end of the callee is inside');
    assert.equal(at('y)'), undefined);
    assert.equal(at('loss'), undefined);
  });

  it('does not take definitions, keywords or strings for calls', () => {
    const text = 'def softmax(x):\n    return (x)\nclass Loss(Base):\n    pass\nif (a) and not (b): print("F.cross_entropy(x)")\n# f(x)';
    assert.deepEqual(analyzePython(text).calls.map((c) => slice(text, c)), ['print']);
  });

  it('reads what it can of broken code', () => {
    const text = 'import torch.nn.functional as F\nloss = F.cross_entropy(F.softmax(x, dim=1), y\ndef f():\n    return F.nll_loss(a, b)\nz = "unterminated\nw = g(]';
    const calls = analyzePython(text).calls;
    assert.deepEqual(calls.map((c) => slice(text, c)), ['F.cross_entropy', 'F.softmax', 'F.nll_loss', 'g']);
    assert.equal(whole(text, calls[0]), 'F.cross_entropy(F.softmax(x, dim=1), y');
    assert.equal(calls[2].canonical, 'torch.nn.functional.nll_loss');
  });

  it('never throws and keeps every span inside the text, whatever the input', () => {
    const pieces = ['F.softmax(', 'nn.CrossEntropyLoss()', '(', ')', '[', ']', '{', '}', ',', '=', 'x', '.', '"', "'''", 'f"{', '}', '#', '\n', '\\', 'import torch.nn.functional as F\n', 'def ', 'self.c = ', '😀', '\u0000', '\ud800', ' ', '*', '**'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const module = analyzePython(text);
        for (const call of module.calls) {
          assert.ok(0 <= call.start && call.calleeStart <= call.calleeEnd && call.calleeEnd <= call.end && call.end <= text.length);
          for (const arg of call.args) assert.ok(call.start <= arg.start && arg.end <= call.end);
        }
        module.callAt(text.length >> 1);
      }),
      { numRuns: 2000, seed: 42 },
    );
    assert.doesNotThrow(() => analyzePython('('.repeat(20000) + ')'.repeat(5)));
    assert.doesNotThrow(() => analyzePython('f' + '()'.repeat(20000)));
    assert.doesNotThrow(() => analyzePython('x = y\n'.repeat(50) + 'a = a\na = b\nb = a\na()\n'));
  });

  it('reads a 6,000-line training script whole', () => {
    const block = (i: number): string =>
      [
        `def step_${i}(model, batch):`,
        '    """Docstring with F.cross_entropy(F.softmax(x)) inside."""',
        `    logits = model(batch["x"])  # step ${i}`,
        `    loss = F.cross_entropy(logits, batch["y"], label_smoothing=0.${i % 10})`,
        '    return loss',
        '',
      ].join('\n');
    const text = 'import torch.nn.functional as F\n' + Array.from({ length: 1000 }, (_, i) => block(i)).join('\n');
    const module = analyzePython(text);
    const losses = module.calls.filter((c) => c.canonical === 'torch.nn.functional.cross_entropy');
    assert.equal(losses.length, 1000);
    assert.equal(losses[999].args[2].text, '0.9');
    assert.equal(module.calls.length, 2000);
  });
});
