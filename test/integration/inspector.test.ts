import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LossLensApi } from '../../src/extension/extension';
import type { RunEvent } from '../../src/extension/runSession';
import { activateLossLens, fixturePath } from './support';

async function api(): Promise<LossLensApi> {
  return (await activateLossLens()).exports as LossLensApi;
}

/** Resolves with the first event `test` accepts, or rejects after `ms`. */
function nextEvent<E = RunEvent>(subscribe: (listener: (event: E) => void) => vscode.Disposable, test: (event: E) => boolean, ms = 5000): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const subscription = subscribe((event) => {
      if (!test(event)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(event);
    });
  });
}

describe('the inspector in VS Code', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-host-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('contributes its commands, custom editor and setting', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['lossLens.openInspector', 'lossLens.startDemoRun', 'lossLens.showVersion']) assert.ok(commands.includes(id), id);
    const globs = vscode.workspace.getConfiguration('lossLens').get<string[]>('runFiles');
    assert.deepEqual(globs, ['**/*.losslens.jsonl']);
  });

  it('opens a run in a webview panel and follows the records appended to it', async () => {
    const { inspectors } = await api();
    const file = path.join(dir, 'live.losslens.jsonl');
    fs.copyFileSync(fixturePath('runs', 'weighted-smoothed.jsonl'), file);
    const view = (await vscode.commands.executeCommand('lossLens.openInspector', vscode.Uri.file(file))) as ReturnType<typeof inspectors.open>;
    assert.ok(view, 'the command returns the view it opened');
    assert.equal(view.panel.title, 'Loss Lens: live');
    await view.session.load();
    assert.equal(view.session.steps.filter((s) => s.split === 'train').length, 12);
    assert.deepEqual(view.session.info.classNames, ['cat', 'dog', 'bird', 'fish']);

    const appended = nextEvent((l) => view.session.onDidChange(l), (e) => e.type === 'steps' && e.steps.some((s) => s.step === 12));
    fs.appendFileSync(file, JSON.stringify({ step: 12, logits: [[1, 2, 3, 4]], targets: [3] }) + '\n');
    const event = await appended;
    assert.equal(event.type, 'steps');
    assert.ok(inspectors.openViews.includes(view));
  });

  it('reveals the same panel when a run is opened twice', async () => {
    const { inspectors } = await api();
    const file = path.join(dir, 'twice.losslens.jsonl');
    fs.copyFileSync(fixturePath('runs', 'multilabel.jsonl'), file);
    const first = inspectors.open(file);
    const second = inspectors.open(file);
    assert.equal(first, second);
  });

  it('merges the ranks of a distributed run into one session', async () => {
    const { registry } = await api();
    const a = path.join(dir, 'job.rank0.losslens.jsonl');
    const b = path.join(dir, 'job.rank1.losslens.jsonl');
    fs.copyFileSync(fixturePath('runs', 'ranks.0.jsonl'), a);
    fs.copyFileSync(fixturePath('runs', 'ranks.1.jsonl'), b);
    registry.add(a);
    registry.add(b);
    const session = registry.sessionForFile(a);
    await session.load();
    assert.equal(session.name, 'job');
    assert.equal(session.files.length, 2);
    assert.equal(session.steps[0].n, 9);
  });

  it('opens a log with "Open With… > Loss Lens Inspector" (the custom editor)', async () => {
    const file = path.join(dir, 'editor.losslens.jsonl');
    fs.copyFileSync(fixturePath('runs', 'soft-targets.jsonl'), file);
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'lossLens.inspector');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom, `active tab is ${tab?.label}`);
    assert.equal((tab.input as vscode.TabInputCustom).viewType, 'lossLens.inspector');
  });

  it('finds run files that appear in the workspace without being asked', async () => {
    const { registry } = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has a workspace folder');
    const file = path.join(folder.uri.fsPath, `found-${Date.now()}.losslens.jsonl`);
    const found = nextEvent<void>((l) => registry.onDidChangeRuns(l), () => registry.runs.some((run) => run.files.includes(file)), 10_000);
    fs.copyFileSync(fixturePath('runs', 'weighted-smoothed.jsonl'), file);
    await found;
    fs.rmSync(file);
  });

  it('starts a demo run that writes a live multiclass and multilabel log', async () => {
    await api();
    const demo = (await vscode.commands.executeCommand('lossLens.startDemoRun', { open: false, stepsPerSecond: 50 })) as { classifier: string; tagger: string };
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = fs.readFileSync(demo.classifier, 'utf8').trim().split('\n');
    assert.ok(lines.length > 5, `${lines.length} lines after 0.5 s`);
    assert.equal(JSON.parse(lines[0]).task, 'multiclass');
    assert.equal(JSON.parse(fs.readFileSync(demo.tagger, 'utf8').split('\n')[0]).task, 'multilabel');
  });
});

describe('comparing runs in one inspector', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-compare-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('overlays another run as series of its own and reads its steps back', async () => {
    const { inspectors, registry } = await api();
    const main = path.join(dir, 'baseline.losslens.jsonl');
    const other = path.join(dir, 'tuned.losslens.jsonl');
    fs.copyFileSync(fixturePath('runs', 'weighted-smoothed.jsonl'), main);
    fs.copyFileSync(fixturePath('runs', 'weighted-smoothed.jsonl'), other);
    const view = inspectors.open(main);
    const tuned = registry.sessionForFile(other);
    await view.compareWith([tuned]);
    assert.deepEqual(view.comparedSessions, [tuned]);
    // The overlaid run is followed live like the main one.
    const appended = nextEvent((l) => tuned.onDidChange(l), (e) => e.type === 'steps' && e.steps.some((s) => s.step === 50));
    fs.appendFileSync(other, JSON.stringify({ step: 50, logits: [[1, 2, 3, 4]], targets: [3] }) + '\n');
    await appended;
    await view.compareWith([]);
    assert.deepEqual(view.comparedSessions, []);
  });
});

describe('loading a large log', () => {
  it('reads it in slices on worker threads and reports its progress on the way', async () => {
    const { registry } = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-large-'));
    try {
      const file = path.join(dir, 'large.losslens.jsonl');
      const row = Array.from({ length: 100 }, (_, c) => Math.sin(c) * 3);
      const line = (step: number): string => JSON.stringify({ step, logits: Array.from({ length: 32 }, () => row), targets: Array.from({ length: 32 }, (_, n) => n % 100) }) + '\n';
      const out = fs.openSync(file, 'w');
      for (let step = 0; step < 900; step++) fs.writeSync(out, line(step)); // about 60 MB
      fs.closeSync(out);
      const session = registry.sessionForFile(file);
      const fractions: number[] = [];
      const subscription = session.onDidChange((event) => {
        if (event.type === 'progress') fractions.push(event.fraction);
      });
      await session.load();
      subscription.dispose();
      assert.equal(session.steps.length, 900);
      assert.ok(session.reader.bytesReadInSegments > 40e6, `read in segments: ${session.reader.bytesReadInSegments} bytes`);
      assert.ok(session.reader.segmentsReadByWorkers > 0, 'a worker thread read some of them');
      const first = session.steps[0];
      const logSumExp = Math.log(row.reduce((total, x) => total + Math.exp(x), 0));
      const expected = Array.from({ length: 32 }, (_, n) => logSumExp - row[n % 100]).reduce((a, b) => a + b, 0) / 32;
      assert.ok(Math.abs(first.loss - expected) < 1e-12, `step 0 loss ${first.loss}, expected ${expected}`);
      assert.ok(fractions.length >= 3, `progress events: ${fractions.join(', ')}`);
      assert.ok(fractions.every((f, i) => f > 0 && f <= 1 && (i === 0 || f >= fractions[i - 1])), `fractions rise to 1: ${fractions.join(', ')}`);
      assert.equal(fractions[fractions.length - 1], 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
