import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMULAS } from '../../src/explain/formulas';
import { EXPLAINED, explainCall } from '../../src/explain/lossCatalog';
import { explain } from './explainCalls';

/** Every name the hover relies on, spelled as the hover spells it. */
const REQUIRED = [
  'torch.nn.functional.cross_entropy', 'torch.nn.CrossEntropyLoss', 'torch.nn.functional.nll_loss', 'torch.nn.NLLLoss',
  'torch.nn.functional.binary_cross_entropy', 'torch.nn.BCELoss', 'torch.nn.functional.binary_cross_entropy_with_logits',
  'torch.nn.BCEWithLogitsLoss', 'torch.nn.functional.kl_div', 'torch.nn.KLDivLoss', 'keras.losses.CategoricalCrossentropy',
  'keras.losses.SparseCategoricalCrossentropy', 'keras.losses.BinaryCrossentropy', 'keras.losses.KLDivergence',
  'keras.losses.categorical_crossentropy', 'keras.losses.sparse_categorical_crossentropy', 'keras.losses.binary_crossentropy',
  'tensorflow.nn.softmax_cross_entropy_with_logits', 'tensorflow.nn.sigmoid_cross_entropy_with_logits', 'sklearn.metrics.log_loss',
  'optax.softmax_cross_entropy', 'optax.sigmoid_binary_cross_entropy', 'torch.nn.functional.softmax', 'torch.nn.functional.log_softmax',
  'torch.sigmoid', 'torch.nn.functional.logsigmoid', 'torch.nn.Softmax', 'torch.nn.LogSoftmax', 'torch.nn.Sigmoid', 'torch.nn.LogSigmoid',
  'tensorflow.nn.softmax', 'tensorflow.nn.log_softmax', 'tensorflow.math.sigmoid', 'jax.nn.softmax', 'jax.nn.log_softmax', 'jax.nn.sigmoid',
];

describe('explain: catalog', () => {
  it('explains every canonical name the hover needs, and EXPLAINED lists each once', () => {
    for (const name of REQUIRED) assert.ok(EXPLAINED.includes(name), `${name} missing from EXPLAINED`);
    assert.equal(new Set(EXPLAINED).size, EXPLAINED.length);
  });

  it('gives every name a complete explanation whose formulas exist', () => {
    for (const canonical of EXPLAINED) {
      const e = explain(canonical);
      assert.equal(e.canonical, canonical);
      assert.ok(e.title.startsWith(`${canonical} — `), e.title);
      assert.ok(Object.hasOwn(FORMULAS, e.formula), `${canonical}: formula ${e.formula}`);
      for (const id of e.relatedFormulas ?? []) assert.ok(Object.hasOwn(FORMULAS, id), `${canonical}: related formula ${id}`);
      assert.ok(e.expects.length > 20, `${canonical}: expects`);
      assert.ok(e.relations.length > 0, `${canonical}: relations`);
      assert.deepEqual(e.argumentNotes, [], `${canonical}: no arguments, no notes`);
      assert.ok(['logits', 'probabilities', 'log-probabilities'].includes(e.input));
    }
  });

  it('knows nothing of other names, including Object.prototype\'s', () => {
    assert.equal(explainCall('torch.nn.functional.mse_loss', []), undefined);
    assert.equal(explainCall('toString', []), undefined);
    assert.equal(explainCall('constructor', []), undefined);
  });

  it('gives module classes their constructor parameters and functions theirs', () => {
    assert.deepEqual(explain('torch.nn.CrossEntropyLoss').parameters, ['weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing']);
    assert.deepEqual(explain('torch.nn.functional.cross_entropy').parameters,
      ['input', 'target', 'weight', 'size_average', 'ignore_index', 'reduce', 'reduction', 'label_smoothing']);
    assert.deepEqual(explain('torch.nn.functional.binary_cross_entropy_with_logits').parameters,
      ['input', 'target', 'weight', 'size_average', 'reduce', 'reduction', 'pos_weight']);
    assert.deepEqual(explain('torch.nn.functional.kl_div').parameters, ['input', 'target', 'size_average', 'reduce', 'reduction', 'log_target']);
  });

  it('says what each loss takes, and which figure and calculator fit it', () => {
    const ce = explain('torch.nn.functional.cross_entropy');
    assert.equal(ce.input, 'logits');
    assert.match(ce.expects, /\*\*raw logits\*\*/);
    assert.match(ce.expects, /do not softmax first/);
    assert.deepEqual(ce.calculator, { task: 'multiclass', kind: 'logits' });
    assert.equal(ce.runFigure, 'loss');
    assert.equal(explain('torch.nn.NLLLoss').input, 'log-probabilities');
    assert.equal(explain('torch.nn.BCELoss').input, 'probabilities');
    assert.deepEqual(explain('torch.nn.BCEWithLogitsLoss').calculator, { task: 'multilabel', kind: 'logits' });
    assert.equal(explain('torch.nn.KLDivLoss').runFigure, 'kl');
    assert.equal(explain('torch.nn.functional.kl_div').input, 'log-probabilities');
    assert.equal(explain('keras.losses.KLDivergence').input, 'probabilities');
    assert.equal(explain('sklearn.metrics.log_loss').input, 'probabilities');
    assert.equal(explain('optax.softmax_cross_entropy').input, 'logits');
    assert.equal(explain('torch.nn.functional.softmax').runFigure, 'entropy');
  });

  it('states the relations between the losses', () => {
    assert.ok(explain('torch.nn.CrossEntropyLoss').relations.some((r) => r.includes('NLL ∘ log_softmax')));
    assert.ok(explain('torch.nn.CrossEntropyLoss').relations.some((r) => r.includes('H(p, q) = H(p) + KL(p ‖ q)')));
    assert.ok(explain('torch.nn.CrossEntropyLoss').relations.some((r) => r.includes('multinomial logistic regression')));
    assert.ok(explain('torch.nn.BCELoss').relations.some((r) => r.includes('not the NLL of one distribution')));
    assert.ok(explain('torch.nn.functional.kl_div').relations.some((r) => r.includes('reverse of the order in KL(p ‖ q)')));
    assert.ok(explain('torch.nn.BCEWithLogitsLoss').relations.some((r) => r.includes('= `binary_cross_entropy(sigmoid(x), y)`')));
  });

  it('keeps src/explain pure: it imports only its own files (no vscode, no node)', () => {
    const folder = path.join(__dirname, '..', '..', 'src', 'explain');
    for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(folder, file), 'utf8');
      for (const [, specifier] of text.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) {
        assert.match(specifier, /^\.\/[\w]+$/, `src/explain/${file} imports '${specifier}'`);
      }
      assert.doesNotMatch(text, /\b(require|process|window|document|Buffer)\s*[.(]/, `src/explain/${file}`);
    }
  });
});
