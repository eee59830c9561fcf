import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CalculatorPanels } from './calculatorPanel';
import { registerDemoRun } from './demoRun';
import { FormulaImages } from './formulaImages';
import { Inspectors } from './inspectors';
import { LossHoverProvider } from './lossHover';
import { LossLint } from './lossLint';
import { RunRegistry } from './runRegistry';
import { registerShowVersion } from './showVersion';
import { LossStatusBar } from './statusBar';

/** What other extensions and the integration tests can reach. */
export interface LossLensApi {
  readonly registry: RunRegistry;
  readonly inspectors: Inspectors;
  readonly calculator: CalculatorPanels;
  readonly lint: LossLint;
}

/** Wires the extension's parts together; each part registers its own disposables. */
export function activate(context: vscode.ExtensionContext): LossLensApi {
  registerShowVersion(context);
  const registry = new RunRegistry();
  const inspectors = new Inspectors(registry, context.extensionUri);
  const statusBar = new LossStatusBar();
  const calculator = new CalculatorPanels(context.extensionUri);
  context.subscriptions.push(registry, inspectors, statusBar, calculator);
  registerDemoRun(context, inspectors);

  // Python files: hovers that explain loss calls, and warnings on the classic loss mistakes.
  const lint = new LossLint();
  const hovers = new LossHoverProvider(new FormulaImages(context.extensionUri), () => statusBar.latest);
  context.subscriptions.push(
    lint,
    vscode.languages.registerHoverProvider({ language: 'python' }, {
      provideHover: (document, position) => (vscode.workspace.getConfiguration('lossLens', document).get<boolean>('hovers.enabled', true) ? hovers.provideHover(document, position) : undefined),
    }),
  );

  // The status bar follows the newest run found in the workspace, and every run opened.
  context.subscriptions.push(
    registry.onDidChangeRuns(() => {
      const newest = newestRun(registry);
      if (newest) statusBar.watch(registry.session(newest));
      for (const session of registry.activeSessions) statusBar.watch(session);
    }),
  );
  void registry.refresh();
  return { registry, inspectors, calculator, lint };
}

function newestRun(registry: RunRegistry): string | undefined {
  let best: { key: string; time: number } | undefined;
  for (const run of registry.runs) {
    for (const file of run.files) {
      const time = modifiedAt(file);
      if (!best || time > best.time) best = { key: run.key, time };
    }
  }
  return best?.key;
}

function modifiedAt(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
