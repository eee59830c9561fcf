import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findMistakes, type Mistake } from '../../src/lint/mistakes';
import { applyEdits } from '../../src/lint/textEdits';

const TORCH = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

/** `code: underlined text` for each finding. */
function found(text: string): string[] {
  return findMistakes(text).map((m) => `${m.code}: ${text.slice(m.start, m.end)}`);
}

function only(text: string): Mistake {
  const mistakes = findMistakes(text);
  assert.equal(mistakes.length, 1, JSON.stringify(mistakes.map((m) => m.code)));
  return mistakes[0];
}

function fixed(text: string): string {
  const mistake = only(text);
  assert.ok(mistake.fix !== undefined, 'no fix offered');
  return applyEdits(text, mistake.fix.edits);
}

describe('loss mistakes', () => {
  it('names the functions as the code spells them', () => {
    const text = 'import torch.nn.functional as fn\nloss = fn.cross_entropy(fn.softmax(z, dim=1), y)';
    const mistake = only(text);
    assert.match(mistake.message, /`fn\.cross_entropy` expects raw logits/);
    assert.match(mistake.message, /`fn\.softmax\(\.\.\.\)`/);
    assert.equal(mistake.fix!.title, 'Remove `fn.softmax(...)` and pass the logits');
    assert.equal(applyEdits(text, mistake.fix!.edits), 'import torch.nn.functional as fn\nloss = fn.cross_entropy(z, y)');
  });

  it('flags the prediction given by keyword, and only the prediction', () => {
    assert.deepEqual(found(`${TORCH}F.cross_entropy(target=y, input=F.softmax(z, 1))`), ['softmax-before-logits-loss: F.softmax(z, 1)']);
    assert.deepEqual(found(`${TORCH}F.cross_entropy(z, F.softmax(t, 1))`), []);
    assert.deepEqual(found(`${TORCH}F.binary_cross_entropy_with_logits(z, torch.sigmoid(t))`), []);
    assert.deepEqual(found('import tensorflow as tf\ntf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(t), logits=z)'), []);
    assert.deepEqual(found('import optax, jax\noptax.softmax_cross_entropy(z, jax.nn.softmax(t))'), []);
  });

  it('accepts the correct pairings that look like mistakes', () => {
    for (const correct of [
      'F.cross_entropy(F.log_softmax(x, 1), y)',
      'F.nll_loss(torch.log(F.softmax(x, 1)), y)',
      'F.nll_loss(F.softmax(x, 1).log(), y)',
      'F.kl_div(F.log_softmax(a, 1), F.softmax(b, 1))',
      'F.binary_cross_entropy(torch.sigmoid(x), y) if False else 0',
      'nn.CrossEntropyLoss(weight=F.softmax(w, 0))',
      'F.cross_entropy(F.softmax(x, 1) * 2, y)',
      'F.cross_entropy(*args, F.softmax(x, 1))',
      'F.nll_loss(F.logsigmoid(x), y)',
      'nn.BCEWithLogitsLoss()(F.logsigmoid(x), y)',
    ]) {
      const text = `${TORCH}${correct}\n`;
      const expected = correct.startsWith('F.binary_cross_entropy(') ? ['bce-on-sigmoid: torch.sigmoid(x)'] : [];
      assert.deepEqual(found(text), expected, correct);
    }
  });

  it('ignores comments, strings and calls that are not the known losses', () => {
    const text = `${TORCH}# F.cross_entropy(F.softmax(x, 1), y)\ns = "F.nll_loss(F.softmax(x, 1), y)"\ndef cross_entropy(p, y):\n    return p\ncross_entropy(F.softmax(x, 1), y)\nmylib.cross_entropy(F.softmax(x, 1), y)\nself.cross_entropy(F.softmax(x, 1), y)\n`;
    assert.deepEqual(found(text), []);
  });

  it('does not judge an instance whose name is bound to different losses', () => {
    const text = `${TORCH}if binary:\n    crit = nn.BCEWithLogitsLoss()\nelse:\n    crit = nn.CrossEntropyLoss()\nloss = crit(out.softmax(1), y)\n`;
    assert.deepEqual(found(text), []);
    const again = `${TORCH}def a():\n    crit = nn.CrossEntropyLoss()\n    return crit(out.softmax(1), y)\ndef b():\n    crit = nn.CrossEntropyLoss()\n    return crit(out, y)\n`;
    assert.deepEqual(found(again), ['softmax-before-logits-loss: out.softmax(1)']);
  });

  it('takes a softmax defined in the file, or imported from elsewhere, for a softmax', () => {
    assert.deepEqual(found(`${TORCH}from scipy.special import softmax, expit\nF.cross_entropy(softmax(z), y)\nF.binary_cross_entropy_with_logits(expit(z), y)\n`), [
      'softmax-before-logits-loss: softmax(z)',
      'sigmoid-before-logits-loss: expit(z)',
    ]);
  });

  it('judges Keras losses only with a literal from_logits=True', () => {
    const keras = 'import tensorflow as tf\nfrom tensorflow import keras\n';
    assert.deepEqual(found(`${keras}keras.losses.CategoricalCrossentropy()(y, tf.nn.softmax(z))`), []);
    assert.deepEqual(found(`${keras}keras.losses.CategoricalCrossentropy(from_logits=flag)(y, tf.nn.softmax(z))`), []);
    assert.deepEqual(found(`${keras}keras.losses.CategoricalCrossentropy(True)(y, tf.nn.softmax(z))`), ['from-logits-contradicts-activation: tf.nn.softmax(z)']);
    assert.deepEqual(found(`${keras}keras.losses.BinaryCrossentropy(from_logits=True)(y_true=y, y_pred=tf.nn.softmax(z))`), ['from-logits-contradicts-activation: tf.nn.softmax(z)']);
    const mistake = only(`${keras}keras.losses.categorical_crossentropy(y, keras.activations.softmax(z), True)`);
    assert.match(mistake.message, /is called with from_logits=True/);
  });

  it('warns on compile(loss=...(from_logits=True)) for a Sequential ending in softmax or sigmoid only', () => {
    const model = (last: string, loss = 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)'): string =>
      `import keras\nfrom keras import layers\nmodel = keras.Sequential([layers.Dense(64, activation="relu"), ${last}])\nmodel.compile(optimizer="adam", loss=${loss})\n`;
    assert.deepEqual(found(model('layers.Dense(10, activation="softmax")')), ['from-logits-contradicts-activation: from_logits=True']);
    assert.deepEqual(found(model("layers.Dense(10, 'sigmoid')")), ['from-logits-contradicts-activation: from_logits=True']);
    assert.deepEqual(found(model('layers.Activation("softmax")')), ['from-logits-contradicts-activation: from_logits=True']);
    assert.deepEqual(found(model('layers.Softmax()')), ['from-logits-contradicts-activation: from_logits=True']);
    assert.deepEqual(found(model('layers.Dense(10, activation=keras.activations.softmax)')), ['from-logits-contradicts-activation: from_logits=True']);
    assert.deepEqual(found(model('layers.Dense(10)')), []);
    assert.deepEqual(found(model('layers.Dense(10, activation="relu")')), []);
    assert.deepEqual(found(model('layers.Dense(10, activation="softmax")', 'keras.losses.SparseCategoricalCrossentropy()')), []);
    assert.deepEqual(found(model('layers.Dense(10, activation="softmax")', '"sparse_categorical_crossentropy"')), []);
    const text = model('layers.Dense(10, activation="softmax")');
    assert.equal(fixed(text), text.replace('from_logits=True', 'from_logits=False'));
    assert.match(only(text).message, /last layer `layers\.Dense\(10, activation="softmax"\)`/);
  });

  it('drops the activation as written, whatever its form', () => {
    assert.equal(fixed(`${TORCH}F.cross_entropy(model(x)[0].softmax(dim=-1), y)`), `${TORCH}F.cross_entropy(model(x)[0], y)`);
    assert.equal(fixed(`${TORCH}F.cross_entropy(F.softmax(input=a + b, dim=1), y)`), `${TORCH}F.cross_entropy(a + b, y)`);
    assert.equal(fixed(`${TORCH}nn.BCEWithLogitsLoss()(torch.special.expit(z), y)`), `${TORCH}nn.BCEWithLogitsLoss()(z, y)`);
    assert.equal(only(`${TORCH}F.cross_entropy(F.softmax(*xs), y)`).fix, undefined);
  });

  it('renames BCE to its with-logits form as spelled, and only where the new name resolves', () => {
    assert.equal(
      fixed(`${TORCH}F.binary_cross_entropy(torch.sigmoid(z), y, reduction="sum")`),
      `${TORCH}F.binary_cross_entropy_with_logits(z, y, reduction="sum")`,
    );
    assert.equal(
      fixed('import torch\nfrom torch.nn import BCELoss as Loss\ncrit = Loss()\ncrit(torch.sigmoid(z), y)'),
      'import torch\nfrom torch.nn import BCELoss as Loss, BCEWithLogitsLoss\ncrit = BCEWithLogitsLoss()\ncrit(z, y)',
    );
    assert.equal(
      fixed('import torch\nfrom torch.nn import BCELoss, BCEWithLogitsLoss\nBCELoss()(torch.sigmoid(z), y)'),
      'import torch\nfrom torch.nn import BCELoss, BCEWithLogitsLoss\nBCEWithLogitsLoss()(z, y)',
    );
    const clash = 'import torch\nfrom torch.nn import BCELoss\nBCEWithLogitsLoss = None\nBCELoss()(torch.sigmoid(z), y)';
    assert.equal(only(clash).fix, undefined);
    const shared = `${TORCH}crit = nn.BCELoss()\nprint(crit)\ncrit(torch.sigmoid(z), y)`;
    assert.equal(only(shared).fix, undefined);
  });

  it('turns a softmax into log_softmax for NLL and KL, in every spelling', () => {
    assert.equal(fixed(`${TORCH}F.nll_loss(torch.special.softmax(x, 1), y)`), `${TORCH}F.nll_loss(torch.special.log_softmax(x, 1), y)`);
    assert.equal(fixed(`${TORCH}sm = nn.Softmax(dim=1)\nnn.KLDivLoss()(sm(a), b)`), `${TORCH}sm = nn.LogSoftmax(dim=1)\nnn.KLDivLoss()(sm(a), b)`);
    assert.equal(only(`${TORCH}sm = nn.Softmax(dim=1)\np = sm(a)\nnn.KLDivLoss()(sm(a), b)`).fix, undefined);
    assert.equal(only(`${TORCH}def softmax(x):\n    return x\nF.nll_loss(softmax(x), y)`).fix, undefined);
  });

  it('follows a name to the activation assigned to it, in the same block', () => {
    const step = (body: string): string => `${TORCH}def step(model, x, y):\n${body.replace(/^/gm, '    ')}\n`;
    const text = step('p = F.softmax(model(x), dim=1)\nloss = F.cross_entropy(p, y)\nreturn loss');
    const mistake = only(text);
    assert.equal(mistake.code, 'softmax-before-logits-loss');
    assert.equal(text.slice(mistake.start, mistake.end), 'p');
    assert.match(mistake.message, /`p` \(= `F\.softmax\(\.\.\.\)`, line 5\)/);
    // The loss is the name's only use: the fix removes the softmax where it is assigned.
    assert.equal(fixed(text), step('p = model(x)\nloss = F.cross_entropy(p, y)\nreturn loss'));
    // Used for something else too: said, but not fixed (the accuracy would change with it).
    const shared = only(step('p = F.softmax(model(x), dim=1)\nacc = (p.argmax(1) == y).float().mean()\nloss = F.cross_entropy(p, y)'));
    assert.equal(shared.fix, undefined);
    // Nested in the assigning block (a loop), and for NLL and BCE too.
    assert.deepEqual(found(`${TORCH}q = F.softmax(z, 1)\nfor _ in range(3):\n    loss = F.nll_loss(q, y)\n`), ['nll-on-probabilities: q']);
    assert.deepEqual(found(`${TORCH}s = torch.sigmoid(z)\nloss = nn.BCEWithLogitsLoss()(s, y)\n`), ['sigmoid-before-logits-loss: s']);
    assert.equal(fixed(`${TORCH}q = F.softmax(z, 1)\nloss = F.nll_loss(q, y)\n`), `${TORCH}q = F.log_softmax(z, 1)\nloss = F.nll_loss(q, y)\n`);
  });

  it('does not follow a name where its value may differ: another branch, function or binding', () => {
    for (const correct of [
      'if train:\n    p = F.softmax(z, 1)\nloss = F.cross_entropy(p, y)',
      'p = F.softmax(z, 1)\ndef f(p, y):\n    return F.cross_entropy(p, y)',
      'p = F.softmax(z, 1)\nclass Head:\n    loss = F.cross_entropy(p, y)',
      'p = F.softmax(z, 1)\nf = lambda p: F.cross_entropy(p, y)',
      'p = F.softmax(z, 1)\np = model(x)\nloss = F.cross_entropy(p, y)',
      'p = F.softmax(z, 1)\np += 0\nloss = F.cross_entropy(p, y)',
      'loss = F.cross_entropy(p, y)\np = F.softmax(z, 1)',
      'p = F.log_softmax(z, 1)\nloss = F.nll_loss(p, y)',
      'logits = model(x)\nloss = F.cross_entropy(logits, y)',
      'criterion = nn.CrossEntropyLoss()\nloss = F.cross_entropy(criterion, y)',
    ]) {
      assert.deepEqual(found(`${TORCH}${correct}\n`), [], correct);
    }
  });

  it('never throws, whatever the input', () => {
    const pieces = [TORCH, 'F.cross_entropy(', 'F.softmax(x, 1)', 'nn.BCELoss()', '(', ')', ',', '=', 'crit', ' = ', '\n', '"', '#', 'keras.Sequential([', ']', 'model.compile(loss=', 'from_logits=True', '\\', '😀', '\u0000'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        for (const mistake of findMistakes(text)) {
          assert.ok(0 <= mistake.start && mistake.start <= mistake.end && mistake.end <= text.length);
          if (mistake.fix !== undefined) applyEdits(text, mistake.fix.edits);
        }
      }),
      { numRuns: 1500, seed: 7 },
    );
  });
});
