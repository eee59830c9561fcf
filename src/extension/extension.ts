import * as vscode from 'vscode';
import { registerShowVersion } from './showVersion';

/** Wires the extension's parts together; each part registers its own disposables. */
export function activate(context: vscode.ExtensionContext): void {
  registerShowVersion(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
