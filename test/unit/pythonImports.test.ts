import * as assert from 'node:assert/strict';
import { analyzePython } from '../../src/python/pythonModule';

/** `[callee as written, kind, canonical]` for every call of a source text, in order. */
function resolved(text: string): [string, string, string | undefined][] {
  return analyzePython(text).calls.map((call) => [text.slice(call.calleeStart, call.calleeEnd), call.kind, call.canonical]);
}

/** The canonical name of the last call of a snippet (the one under test, after its imports). */
function lastCanonical(text: string): string | undefined {
  const calls = analyzePython(text).calls;
  return calls[calls.length - 1]?.canonical;
}

describe('Python imports and canonical names', () => {
  const cases: [string, string][] = [
    ['import torch.nn.functional as F\nF.cross_entropy(x, y)', 'torch.nn.functional.cross_entropy'],
    ['import torch\ntorch.nn.functional.nll_loss(x, y)', 'torch.nn.functional.nll_loss'],
    ['import torch.nn\ntorch.nn.BCELoss()', 'torch.nn.BCELoss'],
    ['from torch import nn\nnn.KLDivLoss()', 'torch.nn.KLDivLoss'],
    ['from torch.nn import functional as F\nF.kl_div(a, b)', 'torch.nn.functional.kl_div'],
    ['from torch.nn import CrossEntropyLoss as CE, BCELoss\nCE()', 'torch.nn.CrossEntropyLoss'],
    ['from torch.nn import CrossEntropyLoss as CE, BCELoss\nBCELoss()', 'torch.nn.BCELoss'],
    ['from torch.nn import (NLLLoss,\n    BCEWithLogitsLoss,\n)\nBCEWithLogitsLoss()', 'torch.nn.BCEWithLogitsLoss'],
    ['from torch.nn.modules.loss import CrossEntropyLoss\nCrossEntropyLoss()', 'torch.nn.CrossEntropyLoss'],
    ['import torch\ntorch.nn.modules.loss.BCELoss()', 'torch.nn.BCELoss'],
    ['from torch.nn.functional import binary_cross_entropy_with_logits as bce\nbce(x, y)', 'torch.nn.functional.binary_cross_entropy_with_logits'],
    ['import torch\ntorch.softmax(x, 1)', 'torch.nn.functional.softmax'],
    ['import torch\ntorch.special.softmax(x, 1)', 'torch.nn.functional.softmax'],
    ['import torch\ntorch.log_softmax(x, 1)', 'torch.nn.functional.log_softmax'],
    ['import torch.nn.functional as F\nF.sigmoid(x)', 'torch.sigmoid'],
    ['import torch\ntorch.special.expit(x)', 'torch.sigmoid'],
    ['import torch\ntorch.sigmoid(x)', 'torch.sigmoid'],
    ['import torch.nn.functional as F\nF.logsigmoid(x)', 'torch.nn.functional.logsigmoid'],
    ['from torch import nn\nnn.LogSoftmax(dim=1)', 'torch.nn.LogSoftmax'],
    ['import tensorflow as tf\ntf.keras.losses.CategoricalCrossentropy(from_logits=True)', 'keras.losses.CategoricalCrossentropy'],
    ['from tensorflow import keras\nkeras.losses.SparseCategoricalCrossentropy()', 'keras.losses.SparseCategoricalCrossentropy'],
    ['from tensorflow.keras import losses\nlosses.BinaryCrossentropy()', 'keras.losses.BinaryCrossentropy'],
    ['from tensorflow.keras.losses import KLDivergence\nKLDivergence()', 'keras.losses.KLDivergence'],
    ['import keras\nkeras.losses.categorical_crossentropy(y, p)', 'keras.losses.categorical_crossentropy'],
    ['import tf_keras\ntf_keras.losses.binary_crossentropy(y, p)', 'keras.losses.binary_crossentropy'],
    ['from keras.src.losses import sparse_categorical_crossentropy\nsparse_categorical_crossentropy(y, p)', 'keras.losses.sparse_categorical_crossentropy'],
    ['import tensorflow as tf\ntf.nn.softmax_cross_entropy_with_logits(labels=y, logits=z)', 'tensorflow.nn.softmax_cross_entropy_with_logits'],
    ['import tensorflow as tf\ntf.compat.v1.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z)', 'tensorflow.nn.sigmoid_cross_entropy_with_logits'],
    ['import tensorflow as tf\ntf.compat.v2.nn.softmax(z)', 'tensorflow.nn.softmax'],
    ['import tensorflow as tf\ntf.sigmoid(z)', 'tensorflow.math.sigmoid'],
    ['import tensorflow as tf\ntf.nn.sigmoid(z)', 'tensorflow.math.sigmoid'],
    ['import tensorflow as tf\ntf.math.softmax(z)', 'tensorflow.nn.softmax'],
    ['import tensorflow as tf\ntf.nn.log_softmax(z)', 'tensorflow.nn.log_softmax'],
    ['import keras\nkeras.activations.sigmoid(z)', 'tensorflow.math.sigmoid'],
    ['from tensorflow import keras\nkeras.activations.softmax(z)', 'tensorflow.nn.softmax'],
    ['from sklearn.metrics import log_loss\nlog_loss(y, p)', 'sklearn.metrics.log_loss'],
    ['import sklearn.metrics\nsklearn.metrics.log_loss(y, p)', 'sklearn.metrics.log_loss'],
    ['import optax\noptax.softmax_cross_entropy(logits, labels)', 'optax.softmax_cross_entropy'],
    ['import optax\noptax.losses.sigmoid_binary_cross_entropy(logits, labels)', 'optax.sigmoid_binary_cross_entropy'],
    ['import jax\njax.nn.softmax(x)', 'jax.nn.softmax'],
    ['from jax import nn as jnn\njnn.log_softmax(x)', 'jax.nn.log_softmax'],
    ['import jax.nn\njax.nn.sigmoid(x)', 'jax.nn.sigmoid'],
    ['from torch.nn.functional import *\ncross_entropy(x, y)', 'torch.nn.functional.cross_entropy'],
  ];
  for (const [text, canonical] of cases) {
    it(`${text.split('\n').pop()} after ${text.split('\n')[0]} → ${canonical}`, () => {
      assert.equal(lastCanonical(text), canonical);
    });
  }

  it('tells constructors from functions', () => {
    assert.deepEqual(resolved('import torch.nn as nn\nimport torch.nn.functional as F\nnn.CrossEntropyLoss()\nF.cross_entropy(x, y)'), [
      ['nn.CrossEntropyLoss', 'constructor', 'torch.nn.CrossEntropyLoss'],
      ['F.cross_entropy', 'function', 'torch.nn.functional.cross_entropy'],
    ]);
  });

  it('reads imports inside functions and after a compound statement header', () => {
    assert.equal(lastCanonical('def loss(x, y):\n    import torch.nn.functional as F\n    return F.cross_entropy(x, y)'), 'torch.nn.functional.cross_entropy');
    assert.equal(lastCanonical('try: import torch.nn.functional as F\nexcept ImportError: F = None\nF.cross_entropy(x, y)'), undefined);
    assert.equal(lastCanonical('if True: import torch.nn.functional as G\nG.softmax(x, 1)'), 'torch.nn.functional.softmax');
  });

  it('follows module and function aliases made by assignment', () => {
    assert.equal(lastCanonical('import torch\nF = torch.nn.functional\nF.cross_entropy(x, y)'), 'torch.nn.functional.cross_entropy');
    assert.equal(lastCanonical('import torch.nn.functional as F\nce = F.cross_entropy\nce(x, y)'), 'torch.nn.functional.cross_entropy');
    assert.equal(lastCanonical('import torch.nn as nn\nLoss = nn.NLLLoss\nLoss()'), 'torch.nn.NLLLoss');
  });

  it('knows nothing of names that were not imported, or that the file rebinds', () => {
    assert.equal(lastCanonical('F.cross_entropy(x, y)'), undefined);
    assert.equal(lastCanonical('def cross_entropy(p, y):\n    return 0\ncross_entropy(p, y)'), undefined);
    assert.equal(lastCanonical('import numpy as np\nnp.softmax(x)'), undefined);
    assert.equal(lastCanonical('from scipy.special import softmax\nsoftmax(x)'), undefined);
    assert.equal(lastCanonical('from .losses import cross_entropy\ncross_entropy(x, y)'), undefined);
    assert.equal(lastCanonical('import torch.nn.functional as F\nimport mylib as F\nF.cross_entropy(x, y)'), undefined);
  });

  it('uses the import in effect where the call is', () => {
    const text = 'import torch.nn.functional as F\nF.softmax(x, 1)\nimport jax.nn as F\nF.softmax(x)';
    assert.deepEqual(resolved(text).map((r) => r[2]), ['torch.nn.functional.softmax', 'jax.nn.softmax']);
  });

  it('lists every imported name with the span of its entry', () => {
    const text = 'import torch.nn.functional as F, torch\nfrom torch.nn import (CrossEntropyLoss as CE,\n    BCELoss)\nfrom . import utils\n';
    const imports = analyzePython(text).imports;
    assert.deepEqual(
      imports.map((i) => [i.local, i.target, i.from, text.slice(i.start, i.end)]),
      [
        ['F', 'torch.nn.functional', undefined, 'torch.nn.functional as F'],
        ['torch', 'torch', undefined, 'torch'],
        ['CE', 'torch.nn.CrossEntropyLoss', 'torch.nn', 'CrossEntropyLoss as CE'],
        ['BCELoss', 'torch.nn.BCELoss', 'torch.nn', 'BCELoss'],
        ['utils', '.utils', '.', 'utils'],
      ],
    );
  });

  it('folds tensor methods on anything but an imported module', () => {
    const text = 'import numpy as np\nout.softmax(dim=-1)\nmodel(x)[0].log_softmax(1)\nz.sigmoid()\nnp.sigmoid(z)';
    assert.deepEqual(resolved(text), [
      ['out.softmax', 'method', 'torch.nn.functional.softmax'],
      ['model(x)[0].log_softmax', 'method', 'torch.nn.functional.log_softmax'],
      ['model', 'function', undefined],
      ['z.sigmoid', 'method', 'torch.sigmoid'],
      ['np.sigmoid', 'function', undefined],
    ]);
  });
});
