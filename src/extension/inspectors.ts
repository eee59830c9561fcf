import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { InspectorView } from './inspectorView';
import type { RunSession } from './runSession';
import type { RunRegistry } from './runRegistry';

export const INSPECTOR_VIEW_TYPE = 'lossLens.inspector';
export const OPEN_INSPECTOR_COMMAND = 'lossLens.openInspector';

/** What a panel remembers across a reload, beside the webview's own UI state: the run's URI. */
interface PanelState {
  runId?: string;
}

/**
 * The inspector panels: `Loss Lens: Open Inspector` (pick a run), `Open With… > Loss Lens
 * Inspector` on a log (a read-only custom editor), and panels restored after a reload.
 * One panel per run: opening a run again reveals its panel.
 */
export class Inspectors extends Disposable {
  private readonly views = new Map<string, InspectorView>();

  constructor(
    private readonly registry: RunRegistry,
    private readonly extensionUri: vscode.Uri,
  ) {
    super();
    this.register(vscode.commands.registerCommand(OPEN_INSPECTOR_COMMAND, (uri?: vscode.Uri) => this.openCommand(uri)));
    this.register(
      vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const runId = (state as PanelState | undefined)?.runId;
          if (typeof runId !== 'string') return panel.dispose();
          this.attach(panel, vscode.Uri.parse(runId).fsPath);
        },
      }),
    );
    this.register(
      vscode.window.registerCustomEditorProvider(
        INSPECTOR_VIEW_TYPE,
        {
          openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
          resolveCustomEditor: (document, panel) => {
            const view = new InspectorView(panel, this.registry.sessionForFile(document.uri.fsPath), this.extensionUri, this.pickRuns);
            panel.onDidDispose(() => view.dispose());
          },
        },
        { webviewOptions: { retainContextWhenHidden: false }, supportsMultipleEditorsPerDocument: true },
      ),
    );
    this.register({ dispose: () => this.views.forEach((view) => view.dispose()) });
  }

  /** Opens (or reveals) the inspector of the run a log file belongs to. */
  open(runFile: string, column = vscode.ViewColumn.Active): InspectorView {
    const key = this.registry.add(runFile);
    const existing = this.views.get(key);
    if (existing) {
      existing.panel.reveal(column);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(INSPECTOR_VIEW_TYPE, 'Loss Lens', column, { enableScripts: true });
    return this.attach(panel, runFile);
  }

  /** The views open now, by run. */
  get openViews(): InspectorView[] {
    return [...this.views.values()];
  }

  private attach(panel: vscode.WebviewPanel, runFile: string): InspectorView {
    const key = this.registry.add(runFile);
    const view = new InspectorView(panel, this.registry.session(key), this.extensionUri, this.pickRuns);
    this.views.set(key, view);
    panel.onDidDispose(() => {
      view.dispose();
      if (this.views.get(key) === view) this.views.delete(key);
    });
    return view;
  }

  /** The quick pick of `Compare…`: every other run of the workspace, those overlaid now ticked. */
  private readonly pickRuns = async (session: RunSession, current: readonly RunSession[]): Promise<RunSession[] | undefined> => {
    await this.registry.refresh();
    const items = this.registry.runs
      .filter((run) => !run.files.some((file) => session.files.includes(file)))
      .map((run) => ({
        label: run.name,
        detail: run.files.map((file) => vscode.workspace.asRelativePath(file)).join(', '),
        picked: current.some((other) => other.files.includes(run.files[0])),
        key: run.key,
      }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage('Loss Lens: there is no other run in the workspace to compare with.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { title: `Compare ${session.name} with…`, canPickMany: true, matchOnDetail: true });
    // Only the runs picked are read.
    return picked?.map((item) => this.registry.session(item.key));
  };

  private async openCommand(uri?: vscode.Uri): Promise<InspectorView | undefined> {
    if (uri instanceof vscode.Uri) return this.open(uri.fsPath);
    await this.registry.refresh();
    const runs = this.registry.runs;
    const browse = '$(folder-opened) Open a log file…';
    const items: (vscode.QuickPickItem & { file?: string })[] = runs.map((run) => ({
      label: `$(graph-line) ${run.name}`,
      description: run.files.length > 1 ? `${run.files.length} files` : undefined,
      detail: run.files.map((file) => vscode.workspace.asRelativePath(file)).join(', '),
      file: run.files[0],
    }));
    items.push({ label: browse, alwaysShow: true });
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Loss Lens: Open Inspector',
      placeHolder: runs.length > 0 ? 'Pick a training run' : 'No *.losslens.jsonl runs found in the workspace yet',
      matchOnDetail: true,
    });
    if (!picked) return undefined;
    if (picked.file) return this.open(picked.file);
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Loss Lens logs': ['jsonl'] }, openLabel: 'Inspect' });
    return chosen?.[0] ? this.open(chosen[0].fsPath) : undefined;
  }
}
