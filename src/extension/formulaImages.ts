import * as fs from 'node:fs';
import * as vscode from 'vscode';

/**
 * The formulas rendered to SVG at build time (scripts/formulas.mjs), as Markdown images for
 * hovers. A hover can't run KaTeX and an `<img>` doesn't inherit the text colour, so there is one
 * file per theme kind; the image is inlined as a data URI, which hovers display in desktop VS Code
 * and in VS Code for the Web alike (no file access from the renderer needed).
 */
export class FormulaImages {
  private readonly cache = new Map<string, string>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** `![alt](data:…)` for the current theme, or undefined when the formula was not built. */
  markdown(id: string, alt: string): string | undefined {
    const variant = themeVariant(vscode.window.activeColorTheme.kind);
    const key = `${id}.${variant}`;
    let data = this.cache.get(key);
    if (data === undefined) {
      const file = vscode.Uri.joinPath(this.extensionUri, 'dist', 'formulas', `${key}.svg`).fsPath;
      try {
        data = `data:image/svg+xml;base64,${fs.readFileSync(file).toString('base64')}`;
      } catch {
        return undefined;
      }
      this.cache.set(key, data);
    }
    return `![${alt.replace(/[[\]\\]/g, '')}](${data})`;
  }
}

function themeVariant(kind: vscode.ColorThemeKind): 'light' | 'dark' | 'hc' | 'hclight' {
  switch (kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'hc';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'hclight';
    default:
      return 'dark';
  }
}
