import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per page: only the script tags carrying it may run. */
export function nonce(): string {
  return randomBytes(16).toString('base64');
}

/** What differs between the extension's pages: the bundle, the stylesheets and #app's data. */
export interface PageParts {
  title: string;
  /** A bundle in dist/, e.g. `webview.js`. */
  script: string;
  /** Stylesheets in media/, loaded in order. */
  styles: string[];
  /** `data-*` attributes of #app (escaped here; the script reads them as text). */
  data: Record<string, string>;
}

/**
 * A page of the extension: a strict CSP (no inline styles or scripts, nothing remote), the bundled
 * script and the stylesheets from the extension, and an empty root the script fills.
 */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, parts: PageParts): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', parts.script));
  const styles = parts.styles.map((name) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', name)));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css'));
  const once = nonce();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${once}'`,
  ].join('; ');
  const data = Object.entries(parts.data)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons.toString()}">
${styles.map((href) => `<link rel="stylesheet" href="${href.toString()}">`).join('\n')}
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
<div id="app"${data}></div>
<script nonce="${once}" src="${script.toString()}"></script>
</body>
</html>`;
}

/**
 * The inspector's page. The run's name and identity go through attributes; the script renders the
 * name with textContent and keeps the identity in its saved state, for the panel serializer.
 */
export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, runId: string): string {
  return pageHtml(webview, extensionUri, { title, script: 'webview.js', styles: ['inspector.css'], data: { 'run-name': title, 'run-id': runId } });
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
