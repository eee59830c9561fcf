import * as assert from 'node:assert/strict';
import { bindArguments, code, parseLiteral } from '../../src/explain/callArguments';
import type { LossExplanation } from '../../src/explain/lossCatalog';
import { args, explain } from './explainCalls';

/** The one note about `name`, which notes begin with (as `name=value` or "name is set from"). */
function noteOn(explanation: LossExplanation, name: string): string {
  const notes = explanation.argumentNotes.filter((note) => note.startsWith(`\`${name}=`) || note.startsWith(`${name} is set from`));
  assert.equal(notes.length, 1, `one note on ${name} in ${JSON.stringify(explanation.argumentNotes)}`);
  return notes[0];
}

describe('explain: Python literals and binding', () => {
  it('reads numbers, strings in either quote style, booleans and None; anything else is an expression', () => {
    assert.deepEqual(parseLiteral('0.1'), { kind: 'number', value: 0.1, text: '0.1' });
    assert.equal(parseLiteral('-100').kind === 'number' && parseLiteral('-100').text, '-100');
    for (const [text, value] of [['-100', -100], ['1e-7', 1e-7], ['.5', 0.5], ['1_000', 1000], ['(0.1)', 0.1], ['3.', 3]] as const) {
      const parsed = parseLiteral(text);
      assert.ok(parsed.kind === 'number' && parsed.value === value, `${text} → ${JSON.stringify(parsed)}`);
    }
    for (const text of ["'mean'", '"mean"', "r'mean'", '"""mean"""']) {
      const parsed = parseLiteral(text);
      assert.ok(parsed.kind === 'string' && parsed.value === 'mean', `${text} → ${JSON.stringify(parsed)}`);
    }
    assert.deepEqual(parseLiteral(' True '), { kind: 'boolean', value: true, text: 'True' });
    assert.deepEqual(parseLiteral('False'), { kind: 'boolean', value: false, text: 'False' });
    assert.equal(parseLiteral('None').kind, 'none');
    for (const text of ['eps', 'args.eps', '0.1 * 2', "f'{x}'", "'a' + 'b'", '(a)(b)', 'true', '1e', '1__0']) {
      assert.equal(parseLiteral(text).kind, 'expression', text);
    }
  });

  it('binds positional arguments in order and keywords by name, and stops at a starred argument', () => {
    const bound = bindArguments(['input', 'target', 'weight'], args('x', 'y', 'w', 'extra', 'unknown=1'));
    assert.deepEqual([...bound.keys()], ['input', 'target', 'weight']);
    const starred = bindArguments(['input', 'target', 'weight'], args('x', '*rest', 'w', 'weight=v'));
    assert.deepEqual([...starred.entries()].map(([k, v]) => `${k}:${v.text}`), ['input:x', 'weight:v']);
    assert.ok(bindArguments(['a'], args('eps=1'), ['eps']).has('eps'));
  });

  it('writes inline code that survives backticks and long expressions', () => {
    assert.equal(code('x'), '`x`');
    assert.equal(code('a`b'), '``a`b``');
    assert.ok(code('x'.repeat(100)).endsWith('…`'));
  });
});

describe('explain: argument notes', () => {
  it('makes label_smoothing=0.1 concrete: 0.9·onehot(y) + 0.1/C, 0.91 and 0.01 for C = 10', () => {
    const e = explain('torch.nn.functional.cross_entropy', 'logits', 'y', 'label_smoothing=0.1');
    const note = noteOn(e, 'label_smoothing');
    assert.ok(note.includes('p = 0.9·onehot(y) + 0.1/C'), note);
    assert.ok(note.includes('with C = 10, 0.91 on the true class and 0.01 on each other'), note);
    assert.ok(note.includes('H(p) = 0.50 nats'), note);
    assert.equal(e.formula, 'crossEntropySoftTarget');
    assert.equal(explain('torch.nn.functional.cross_entropy', 'logits', 'y').formula, 'crossEntropy');
    assert.equal(explain('torch.nn.CrossEntropyLoss', 'label_smoothing=0.0').formula, 'crossEntropy');
    assert.match(noteOn(explain('torch.nn.CrossEntropyLoss', 'label_smoothing=1.5'), 'label_smoothing'), /raises/);
  });

  it('describes a value it cannot know as coming from a variable', () => {
    const note = noteOn(explain('torch.nn.CrossEntropyLoss', 'label_smoothing=eps'), 'label_smoothing');
    assert.ok(note.startsWith('label_smoothing is set from `eps` (a variable)'), note);
    assert.match(noteOn(explain('torch.nn.CrossEntropyLoss', 'label_smoothing=cfg.eps * 2'), 'label_smoothing'), /\(an expression\)/);
  });

  it('names the third positional argument of F.cross_entropy(x, y, w) as the class weight', () => {
    const e = explain('torch.nn.functional.cross_entropy', 'x', 'y', 'w');
    const note = noteOn(e, 'weight');
    assert.ok(note.startsWith('`weight=w`'), note);
    assert.match(note, /Σ w\[y_n\]/);
    // A module's first positional argument is its constructor's first parameter, the weight.
    assert.ok(noteOn(explain('torch.nn.CrossEntropyLoss', 'class_weights'), 'weight').startsWith('`weight=class_weights`'));
  });

  it('states the exact division rule of each reduction, quotes in either style', () => {
    const mean = noteOn(explain('torch.nn.functional.cross_entropy', 'x', 'y', "reduction='mean'"), 'reduction');
    assert.match(mean, /divides the summed loss by Σ_n w\[y_n\] over the targets not ignored/);
    const sumSingle = noteOn(explain('torch.nn.CrossEntropyLoss', "reduction='sum'"), 'reduction');
    const sumDouble = noteOn(explain('torch.nn.CrossEntropyLoss', 'reduction="sum"'), 'reduction');
    assert.equal(sumSingle.replace(/'sum'/, '"sum"'), sumDouble);
    assert.match(noteOn(explain('torch.nn.BCELoss', 'reduction="mean"'), 'reduction'), /averages over every element/);
    assert.match(noteOn(explain('torch.nn.CrossEntropyLoss', 'reduction="none"'), 'reduction'), /one loss per example/);
    assert.match(noteOn(explain('torch.nn.NLLLoss', "reduction='batchmean'"), 'reduction'), /not a valid reduction/);
  });

  it("explains kl_div's batchmean and mean, and log_target", () => {
    const batchmean = noteOn(explain('torch.nn.functional.kl_div', 'logq', 'p', 'reduction="batchmean"'), 'reduction');
    assert.ok(batchmean.includes("sums and divides by the batch size: the true KL per example; 'mean' divides by every element and is not KL"), batchmean);
    assert.match(noteOn(explain('torch.nn.KLDivLoss', "reduction='mean'"), 'reduction'), /not the KL/);
    const logTarget = explain('torch.nn.KLDivLoss', 'log_target=True');
    assert.equal(logTarget.formula, 'klDivLogTarget');
    assert.match(noteOn(logTarget, 'log_target'), /log p/);
    assert.equal(explain('torch.nn.KLDivLoss').formula, 'klDiv');
  });

  it('explains ignore_index, pos_weight and the deprecated size_average/reduce', () => {
    assert.match(noteOn(explain('torch.nn.CrossEntropyLoss', 'ignore_index=255'), 'ignore_index'), /equal to 255 contribute 0 and are left out of the 'mean' divisor/);
    assert.match(noteOn(explain('torch.nn.BCEWithLogitsLoss', 'pos_weight=torch.tensor([3.0])'), 'pos_weight'), /positive term/);
    assert.match(noteOn(explain('torch.nn.NLLLoss', 'size_average=False'), 'size_average'), /reduction='sum'/);
    const both = explain('torch.nn.NLLLoss', 'size_average=False', 'reduce=False', "reduction='mean'");
    assert.match(noteOn(both, 'size_average'), /reduction='none'/);
    assert.match(noteOn(both, 'reduction'), /ignored here/);
    assert.equal(both.argumentNotes.length, 2, 'one note for size_average and reduce together');
  });

  it("follows Keras's from_logits: probabilities by default, logits when true", () => {
    const byDefault = explain('keras.losses.CategoricalCrossentropy');
    assert.equal(byDefault.input, 'probabilities');
    assert.equal(byDefault.formula, 'kerasCategoricalCrossentropy');
    assert.deepEqual(byDefault.calculator, { task: 'multiclass', kind: 'probs' });
    assert.match(byDefault.expects, /\[1e-7, 1 − 1e-7\]/);
    const logits = explain('keras.losses.CategoricalCrossentropy', 'from_logits=True');
    assert.equal(logits.input, 'logits');
    assert.equal(logits.formula, 'softmaxCrossEntropy');
    assert.deepEqual(logits.calculator, { task: 'multiclass', kind: 'logits' });
    assert.equal(explain('keras.losses.SparseCategoricalCrossentropy', 'True').input, 'logits');
    assert.equal(explain('keras.losses.BinaryCrossentropy', 'from_logits=False').input, 'probabilities');
    assert.equal(explain('keras.losses.binary_crossentropy', 'y_true', 'y_pred', 'True').input, 'logits');
    assert.equal(explain('keras.losses.categorical_crossentropy', 'y', 'p').input, 'probabilities');
    assert.match(noteOn(explain('keras.losses.CategoricalCrossentropy', 'from_logits=use_logits'), 'from_logits'), /\(a variable\)/);
  });

  it("makes Keras's label smoothing concrete, categorical and binary", () => {
    assert.ok(noteOn(explain('keras.losses.CategoricalCrossentropy', 'label_smoothing=0.1'), 'label_smoothing').includes('0.91 on the true class'));
    assert.match(noteOn(explain('keras.losses.BinaryCrossentropy', 'label_smoothing=0.1'), 'label_smoothing'), /target 1 becomes 0\.95 and a 0 becomes 0\.05/);
    assert.match(noteOn(explain('keras.losses.CategoricalCrossentropy', "reduction='sum_over_batch_size'"), 'reduction'), /divided by their number/);
  });

  it('warns about the implicit softmax dimension and about dim=0', () => {
    assert.match(explain('torch.nn.functional.softmax', 'x').expects, /implicitly/);
    assert.doesNotMatch(explain('torch.nn.functional.softmax', 'x', 'dim=1').expects, /implicitly/);
    assert.match(explain('torch.nn.Softmax').expects, /implicitly/);
    assert.match(noteOn(explain('torch.nn.Softmax', '0'), 'dim'), /mixes the examples/);
    assert.match(noteOn(explain('jax.nn.softmax', 'x', 'axis=None'), 'axis'), /every element/);
  });

  it("notes scikit-learn's keyword-only arguments and the removed eps", () => {
    const e = explain('sklearn.metrics.log_loss', 'y', 'p', 'eps=1e-15', 'normalize=False', 'sample_weight=w');
    assert.match(noteOn(e, 'eps'), /removed in 1\.5/);
    assert.match(noteOn(e, 'normalize'), /sum of the per-sample losses/);
    assert.match(noteOn(e, 'sample_weight'), /Σ s_n·ℓ_n \/ Σ s_n/);
  });
});
