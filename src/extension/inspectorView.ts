import * as path from 'node:path';
import * as vscode from 'vscode';
import { summaryWriter } from '../cli/summaryFormats';
import { formatPythonJson } from '../log/pythonJson';
import { isWebviewMessage, type HostMessage, type SnapshotMessage, type StepFigures, type WebviewMessage } from '../protocol';
import { alignClasses } from '../run/alignClasses';
import { readStepExamples } from '../run/stepReader';
import { Disposable } from './disposable';
import { inspectorHtml, webviewOptions } from './webviewHtml';
import type { RunEvent, RunSession } from './runSession';

/**
 * Shows one run in a webview panel (a panel of our own, or a custom editor's). Only a visible
 * panel receives updates: a hidden one is marked stale and gets a full snapshot when shown again,
 * so a dozen open inspectors of a fast run cost nothing while they are in the background.
 */
/** Asks the user which runs to overlay on `session`'s charts (those already shown preselected). */
export type PickRuns = (session: RunSession, current: readonly RunSession[]) => Promise<RunSession[] | undefined>;

/** Joins a compared run's name and its split into the split name the webview shows. */
const COMPARED = ' › ';

export class InspectorView extends Disposable {
  private stale = false;
  private ready = false;
  /** Runs overlaid on this one, by the prefix their splits carry. */
  private readonly compared = new Map<string, { session: RunSession; subscription: vscode.Disposable }>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly session: RunSession,
    extensionUri: vscode.Uri,
    private readonly pickRuns?: PickRuns,
  ) {
    super();
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = inspectorHtml(panel.webview, extensionUri, session.name, session.id);
    panel.title = `Loss Lens: ${session.name}`;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.register(panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.register(session.onDidChange((event) => this.forward(event)));
    this.register(
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.sendSnapshot();
      }),
    );
    this.register({ dispose: () => this.compared.forEach((entry) => entry.subscription.dispose()) });
  }

  /** The runs overlaid on this one. */
  get comparedSessions(): RunSession[] {
    return [...this.compared.values()].map((entry) => entry.session);
  }

  /** Overlays these runs (replacing the ones overlaid before) and redraws. */
  async compareWith(sessions: readonly RunSession[]): Promise<void> {
    for (const entry of this.compared.values()) entry.subscription.dispose();
    this.compared.clear();
    for (const session of sessions) {
      if (session === this.session) continue;
      let prefix = session.name;
      for (let n = 2; this.compared.has(prefix) || prefix === this.session.name; n++) prefix = `${session.name} (${n})`;
      const subscription = session.onDidChange((event) => this.forwardCompared(prefix, event));
      this.compared.set(prefix, { session, subscription });
      await session.load();
    }
    if (this.ready) this.sendSnapshot();
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private snapshot(): SnapshotMessage {
    const session = this.session;
    const steps = [...session.steps];
    for (const [prefix, entry] of this.compared) steps.push(...this.renamed(prefix, entry.session, entry.session.steps));
    return { type: 'snapshot', run: session.info, steps, problems: session.problems, problemCount: session.problemCount };
  }

  /** A compared run's news: its steps as renamed series; a restart of its log redraws all. */
  private forwardCompared(prefix: string, event: RunEvent): void {
    if (!this.ready || event.type === 'progress') return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    if (event.type === 'reset' || this.stale) return this.sendSnapshot();
    this.post({ type: 'steps', run: this.session.info, steps: this.renamed(prefix, this.compared.get(prefix)?.session, event.steps), problems: this.session.problems, problemCount: this.session.problemCount, readAt: event.readAt });
  }

  /** A compared run's steps as the webview draws them: splits named `run › split`, classes in the main run's order. */
  private renamed(prefix: string, session: RunSession | undefined, steps: readonly StepFigures[]): StepFigures[] {
    const aligned = session ? alignClasses(steps, session.info.classNames, this.session.info.classNames) : steps;
    return aligned.map((step) => ({ ...step, split: `${prefix}${COMPARED}${step.split}` }));
  }

  private sendSnapshot(): void {
    this.stale = false;
    this.post(this.snapshot());
  }

  private forward(event: RunEvent): void {
    if (!this.ready) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    if (this.stale) return this.sendSnapshot();
    switch (event.type) {
      case 'steps':
        this.post({ type: 'steps', run: this.session.info, steps: event.steps, problems: this.session.problems, problemCount: this.session.problemCount, readAt: event.readAt });
        return;
      case 'reset':
        this.post({ type: 'reset' });
        return;
      case 'progress':
        this.post({ type: 'progress', fraction: event.fraction });
        return;
    }
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) return; // anything else from the page is ignored
    void this.handle(message).catch((error: unknown) => {
      void vscode.window.showErrorMessage(`Loss Lens: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.session.load();
        this.sendSnapshot();
        return;
      case 'requestStep':
        try {
          const { session, split } = this.sourceOf(message.split);
          const examples = await readStepExamples(session.reader.run, split, message.step);
          this.post({ type: 'stepDetail', split: message.split, step: message.step, examples });
        } catch (error) {
          this.post({ type: 'stepDetail', split: message.split, step: message.step, examples: [], error: error instanceof Error ? error.message : String(error) });
        }
        return;
      case 'exportData':
        return this.exportData(message.format);
      case 'savePng':
        return this.savePng(message.name, message.dataUrl);
      case 'compareRuns': {
        const picked = await this.pickRuns?.(this.session, this.comparedSessions);
        if (picked) await this.compareWith(picked);
        return;
      }
      case 'notify':
        if (message.level === 'error') void vscode.window.showErrorMessage(`Loss Lens: ${message.text}`);
        else void vscode.window.showInformationMessage(`Loss Lens: ${message.text}`);
        return;
    }
  }

  /** The run and split a (possibly compared) split name of the webview stands for. */
  private sourceOf(split: string): { session: RunSession; split: string } {
    for (const [prefix, entry] of this.compared) {
      if (split.startsWith(prefix + COMPARED)) return { session: entry.session, split: split.slice(prefix.length + COMPARED.length) };
    }
    return { session: this.session, split };
  }

  /** Where a save dialog starts: beside the run's first log. */
  private suggest(name: string): vscode.Uri {
    return vscode.Uri.file(path.join(path.dirname(this.session.files[0]), name));
  }

  private async exportData(format: 'csv' | 'json'): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: this.suggest(`${this.session.name}.steps.${format === 'csv' ? 'csv' : 'jsonl'}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl', 'json'] },
    });
    if (!target) return;
    const run = this.session.reader.run;
    const steps = run.steps();
    let text: string;
    if (format === 'csv') {
      const writer = summaryWriter('csv', run.classNames, run.task === 'multilabel');
      text = [writer.header(), ...steps.map((step) => writer.row(step))].join('\n') + '\n';
    } else {
      text = steps.map((step) => formatPythonJson(step)).join('\n') + '\n';
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`Loss Lens: saved ${steps.length} steps to ${vscode.workspace.asRelativePath(target)}`);
  }

  private async savePng(name: string, dataUrl: string): Promise<void> {
    // The page names the image after the run and the chart (`run-chart.png`); it is untrusted text, so cleaned here.
    const safe = name.replace(/\.png$/i, '').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || `${this.session.name}-chart`;
    const target = await vscode.window.showSaveDialog({ defaultUri: this.suggest(`${safe}.png`), filters: { PNG: ['png'] } });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  }
}


