import * as vscode from 'vscode';
import { findMistakes, type Mistake } from '../lint/mistakes';
import { Disposable } from './disposable';

const SOURCE = 'Loss Lens';
/** Re-check a file this long after the last keystroke: typing mid-call is not a mistake yet. */
const SETTLE_MS = 300;

/**
 * Warnings on the classic loss mistakes in Python files (a softmax before a loss that takes
 * logits, BCELoss on a sigmoid, …), each with a quick fix. Files are checked when opened and a
 * moment after each edit; closing a file clears its warnings. `lossLens.lint.enabled` turns it off.
 */
export class LossLint extends Disposable implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('lossLens'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.check(document)));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.diagnostics.delete(document.uri);
        this.cancel(document.uri.toString());
      }),
    );
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('lossLens.lint.enabled')) this.checkAll();
      }),
    );
    this.register(vscode.languages.registerCodeActionsProvider({ language: 'python' }, this, { providedCodeActionKinds: LossLint.providedCodeActionKinds }));
    this.register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this.checkAll();
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === SOURCE);
    if (ours.length === 0) return [];
    const actions: vscode.CodeAction[] = [];
    for (const mistake of findMistakes(document.getText())) {
      if (!mistake.fix) continue;
      const diagnostic = ours.find((d) => d.range.isEqual(rangeOf(document, mistake)) && codeOf(d) === mistake.code);
      if (!diagnostic) continue;
      const action = new vscode.CodeAction(mistake.fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      for (const edit of mistake.fix.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text);
      actions.push(action);
    }
    return actions;
  }

  /** Checks a document now (the integration tests call it to skip the settle delay). */
  check(document: vscode.TextDocument): void {
    if (document.languageId !== 'python' || document.uri.scheme === 'output') return;
    if (!vscode.workspace.getConfiguration('lossLens', document).get<boolean>('lint.enabled', true)) {
      this.diagnostics.delete(document.uri);
      return;
    }
    this.diagnostics.set(document.uri, findMistakes(document.getText()).map((mistake) => diagnosticOf(document, mistake)));
  }

  private checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== 'python') return;
    const key = document.uri.toString();
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.check(document);
      }, SETTLE_MS),
    );
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }
}

function rangeOf(document: vscode.TextDocument, mistake: Mistake): vscode.Range {
  return new vscode.Range(document.positionAt(mistake.start), document.positionAt(mistake.end));
}

function diagnosticOf(document: vscode.TextDocument, mistake: Mistake): vscode.Diagnostic {
  const severity = mistake.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(rangeOf(document, mistake), mistake.message, severity);
  diagnostic.source = SOURCE;
  diagnostic.code = mistake.code;
  return diagnostic;
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'string' ? code : typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}
