import * as vscode from 'vscode';

/** Command id of `Loss Lens: Show Version`. */
export const SHOW_VERSION_COMMAND = 'lossLens.showVersion';

/**
 * Registers `Loss Lens: Show Version`: shows the installed version in a message and returns it,
 * so tests and other extensions can read it through `executeCommand`.
 */
export function registerShowVersion(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_VERSION_COMMAND, () => {
      const version = String(context.extension.packageJSON.version ?? 'unknown');
      void vscode.window.showInformationMessage(`Loss Lens ${version}`);
      return version;
    }),
  );
}
