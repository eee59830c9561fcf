import * as vscode from 'vscode';
import { calculate } from '../calculator/calculate';
import { fieldsFromSelection } from '../calculator/selection';
import { DEFAULT_FIELDS, isCalculatorFields, isCalculatorWebviewMessage, type CalculatorFields, type CalculatorHostMessage } from '../calculatorProtocol';
import { LossLensError } from '../core';
import { Disposable } from './disposable';
import { pageHtml, webviewOptions } from './webviewHtml';

export const CALCULATOR_VIEW_TYPE = 'lossLens.calculator';
export const CALCULATE_COMMAND = 'lossLens.calculate';
export const CALCULATE_SELECTION_COMMAND = 'lossLens.calculateFromSelection';

/**
 * `Loss Lens: Calculate Loss…` and `… from Selection`: one calculator panel, revealed when it is
 * open already and refilled when the command brings numbers (from a selection or a hover link).
 * The webview sends the form as typed; the numbers are computed here, with the math core.
 */
export class CalculatorPanels extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** What the page should show once it says it is ready. */
  private pendingFill: CalculatorFields | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this.register(vscode.commands.registerCommand(CALCULATE_COMMAND, (fields?: Partial<CalculatorFields>) => this.open(fields ? { ...DEFAULT_FIELDS, ...fields } : undefined)));
    this.register(vscode.commands.registerCommand(CALCULATE_SELECTION_COMMAND, () => this.openFromSelection()));
    this.register(
      vscode.window.registerWebviewPanelSerializer(CALCULATOR_VIEW_TYPE, {
        // The form comes back from the webview's own saved state; the panel only needs wiring.
        deserializeWebviewPanel: async (panel) => {
          this.attach(panel);
        },
      }),
    );
    this.register({ dispose: () => this.panel?.dispose() });
  }

  /** Opens (or reveals) the calculator, filled with `fields` when given. Returns its panel. */
  open(fields?: CalculatorFields): vscode.WebviewPanel {
    if (this.panel) {
      // A hidden panel's page is gone (no retained context) and reloads on reveal: fill it once ready.
      if (fields && this.panel.visible) void this.post(this.panel, { type: 'fill', fields });
      else this.pendingFill = fields;
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(CALCULATOR_VIEW_TYPE, 'Loss Calculator', vscode.ViewColumn.Active, { retainContextWhenHidden: false });
    return this.attach(panel, fields);
  }

  private openFromSelection(): vscode.WebviewPanel | undefined {
    const editor = vscode.window.activeTextEditor;
    const text = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
    if (!text.trim()) {
      void vscode.window.showWarningMessage('Loss Lens: select numbers first (for example [2.0, 1.0, 0.1] or a torch.tensor(...)).');
      return undefined;
    }
    try {
      return this.open(fieldsFromSelection(text));
    } catch (error) {
      if (!(error instanceof LossLensError)) throw error;
      void vscode.window.showErrorMessage(`Loss Lens: the selection is not a list of numbers: ${error.message}`);
      return undefined;
    }
  }

  private attach(panel: vscode.WebviewPanel, fields?: CalculatorFields): vscode.WebviewPanel {
    this.panel = panel;
    this.pendingFill = fields;
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.html = pageHtml(panel.webview, this.extensionUri, { title: 'Loss Calculator', script: 'calculator.js', styles: ['inspector.css', 'calculator.css'], data: {} });
    const subscription = panel.webview.onDidReceiveMessage((message: unknown) => {
      if (!isCalculatorWebviewMessage(message)) return;
      switch (message.type) {
        case 'ready':
          if (this.pendingFill) void this.post(panel, { type: 'fill', fields: this.pendingFill });
          this.pendingFill = undefined;
          return;
        case 'calculate': {
          const { result, errors } = calculate(message.fields);
          void this.post(panel, { type: 'calculated', sequence: message.sequence, result, errors });
          return;
        }
        case 'copySnippet':
          return void this.copySnippet(message.fields);
      }
    });
    panel.onDidDispose(() => {
      subscription.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
    return panel;
  }

  private async copySnippet(fields: CalculatorFields): Promise<void> {
    if (!isCalculatorFields(fields)) return;
    const { result } = calculate(fields);
    if (!result) return;
    await vscode.env.clipboard.writeText(result.snippet);
    void vscode.window.showInformationMessage('Loss Lens: copied PyTorch that reproduces the number.');
  }

  private post(panel: vscode.WebviewPanel, message: CalculatorHostMessage): Thenable<boolean> {
    return panel.webview.postMessage(message);
  }
}
