import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LossLensApi } from '../../src/extension/extension';
import { activateLossLens, fixturePath } from './support';

async function api(): Promise<LossLensApi> {
  return (await activateLossLens()).exports as LossLensApi;
}

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-python-'));
let files = 0;

/** A Python file on disk (untitled documents stay open and dirty between tests), shown in an editor. */
async function pythonDocument(content: string): Promise<vscode.TextDocument> {
  const file = path.join(folder, `train_${++files}.py`);
  fs.writeFileSync(file, content);
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  return document;
}

/** The hover text at the first occurrence of `needle` (plus `offset` characters), all parts joined. */
async function hoverAt(document: vscode.TextDocument, needle: string, offset = 1): Promise<string> {
  const index = document.getText().indexOf(needle);
  assert.ok(index >= 0, `'${needle}' is in the document`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(index + offset));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

async function until<T>(read: () => T | Promise<T>, test: (value: T) => boolean, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (test(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const lossLensDiagnostics = (document: vscode.TextDocument): vscode.Diagnostic[] => vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Loss Lens');

describe('Python files: hovers', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('explains F.cross_entropy with its formula, expected input and the arguments of this call', async () => {
    await api();
    const document = await pythonDocument('import torch.nn.functional as F\n\nloss = F.cross_entropy(logits, y, label_smoothing=0.1)\n');
    const text = await hoverAt(document, 'cross_entropy(', 3);
    assert.match(text, /data:image\/svg\+xml;base64,/, 'the formula, as an SVG image');
    assert.match(text, /logits/i);
    assert.match(text, /label_smoothing/);
    assert.match(text, /0\.9/, 'the smoothed target');
    assert.match(text, /command:lossLens\.calculate\?/, 'a link to the calculator');
  });

  it('resolves an aliased import and an instance to the loss it was built as', async () => {
    await api();
    const document = await pythonDocument(
      ['from torch.nn import CrossEntropyLoss as CE, BCEWithLogitsLoss', '', 'criterion = CE(reduction="sum")', 'tagger_loss = BCEWithLogitsLoss(pos_weight=w)', 'loss = criterion(model(x), y) + tagger_loss(h, t)', ''].join('\n'),
    );
    const ce = await hoverAt(document, 'criterion(model', 2);
    assert.match(ce, /CrossEntropyLoss/);
    assert.match(ce, /reduction/);
    const bce = await hoverAt(document, 'tagger_loss(h', 2);
    assert.match(bce, /pos_weight/);
    assert.equal(await hoverAt(document, 'model(x)', 1), '', 'no hover on a call that is not a loss');
  });

  it('explains a Keras loss by how from_logits is set', async () => {
    await api();
    const document = await pythonDocument('from tensorflow import keras\n\nloss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)\n');
    const text = await hoverAt(document, 'SparseCategoricalCrossentropy', 3);
    assert.match(text, /keras\.losses\.SparseCategoricalCrossentropy/);
    assert.match(text, /`from_logits=True`: y_pred holds \*\*raw logits\*\*/);
    assert.match(text, /\(y_true, y_pred\)/, 'the argument order, the reverse of PyTorch’s');
  });

  it('quotes the open run’s latest loss, with a link to its inspector', async () => {
    const { inspectors } = await api();
    inspectors.open(fixturePath('runs', 'weighted-smoothed.jsonl'));
    const document = await pythonDocument('import torch.nn.functional as F\nloss = F.cross_entropy(out, y)\n');
    const text = await until(() => hoverAt(document, 'cross_entropy(', 3), (hover) => hover.includes('Live:'), 'the live value in the hover');
    assert.match(text, /Live: \*\*[^*]+\*\* step \d+/);
    assert.match(text, /command:lossLens\.openInspector\?/);
  });
});

describe('Python files: loss mistakes', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('warns about a softmax before cross_entropy and fixes it', async () => {
    await api();
    const document = await pythonDocument('import torch\nimport torch.nn.functional as F\n\nloss = F.cross_entropy(F.softmax(logits, dim=1), y)\n');
    const [diagnostic] = await until(() => lossLensDiagnostics(document), (d) => d.length === 1, 'one Loss Lens diagnostic');
    assert.equal(diagnostic.code, 'softmax-before-logits-loss');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(diagnostic.range), 'F.softmax(logits, dim=1)');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.kind?.value === 'quickfix' && action.title.includes('softmax'));
    assert.ok(fix?.edit, 'a quick fix with an edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.lineAt(3).text, 'loss = F.cross_entropy(logits, y)');
    await document.save();
    await until(() => lossLensDiagnostics(document), (d) => d.length === 0, 'the warning to go once fixed');
  });

  it('says nothing about correct code', async () => {
    await api();
    const document = await pythonDocument(
      [
        'import torch.nn.functional as F',
        '# F.cross_entropy(F.softmax(x, dim=1), y) would be wrong: cross_entropy takes logits',
        'loss = F.cross_entropy(logits, y, label_smoothing=0.1)',
        'kd = F.kl_div(F.log_softmax(student, dim=1), F.softmax(teacher, dim=1), reduction="batchmean")',
        '',
      ].join('\n'),
    );
    const { lint } = await api();
    lint.check(document);
    assert.deepEqual(lossLensDiagnostics(document), []);
  });

  it('can be turned off with lossLens.lint.enabled', async () => {
    const { lint } = await api();
    const document = await pythonDocument('import torch\nloss = torch.nn.BCEWithLogitsLoss()(torch.sigmoid(z), t)\n');
    await until(() => lossLensDiagnostics(document), (d) => d.length === 1, 'the sigmoid warning');
    const config = vscode.workspace.getConfiguration('lossLens');
    await config.update('lint.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      lint.check(document);
      assert.deepEqual(lossLensDiagnostics(document), []);
    } finally {
      await config.update('lint.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('the loss calculator', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('opens one panel, prefilled from a command argument, and reveals it again', async () => {
    await api();
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel>('lossLens.calculate', { outputs: '1 2 3', target: '2' });
    assert.equal(panel.title, 'Loss Calculator');
    const again = await vscode.commands.executeCommand<vscode.WebviewPanel>('lossLens.calculate');
    assert.equal(again, panel);
  });

  it('takes numbers selected in an editor', async () => {
    const document = await pythonDocument('logits = torch.tensor([[2.0, 1.0, 0.1]])\n');
    const editor = await vscode.window.showTextDocument(document);
    const start = document.getText().indexOf('torch.tensor');
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(document.getText().indexOf('\n')));
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('lossLens.calculateFromSelection');
    assert.equal(panel?.title, 'Loss Calculator');
  });
});
