import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per page: only the script tags carrying it may run. */
export function nonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The inspector's page: a strict CSP (no inline styles or scripts, nothing remote), the bundled
 * script and the stylesheet from the extension, and an empty root the script fills. The run's
 * name and identity go through attributes, escaped; the script renders the name with textContent
 * and keeps the identity in its saved state, for the panel serializer.
 */
export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, runId: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'inspector.css'));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css'));
  const once = nonce();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${once}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons.toString()}">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app" data-run-name="${escapeHtml(title)}" data-run-id="${escapeHtml(runId)}"></div>
<script nonce="${once}" src="${script.toString()}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only the extension's media and dist folders may be loaded by the page. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}
