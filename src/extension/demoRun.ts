import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startDemoRun } from '../run/demoRun';
import type { Inspectors } from './inspectors';

export const START_DEMO_COMMAND = 'lossLens.startDemoRun';

/**
 * `Loss Lens: Start Demo Run`: writes a simulated classifier and a multilabel tagger into a new
 * temporary folder, a step every 50 ms as a real run would, and opens an inspector on each.
 * Returns the folder and the two log files. Writing stops after 2000 steps or on deactivation.
 */
export function registerDemoRun(context: vscode.ExtensionContext, inspectors: Inspectors): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(START_DEMO_COMMAND, (options?: { open?: boolean; stepsPerSecond?: number }) => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-demo-'));
      const demo = startDemoRun(folder, { stepsPerSecond: options?.stepsPerSecond });
      context.subscriptions.push({ dispose: () => demo.stop() });
      if (options?.open !== false) {
        inspectors.open(demo.classifier, vscode.ViewColumn.Active);
        inspectors.open(demo.tagger, vscode.ViewColumn.Beside);
      }
      return { folder, classifier: demo.classifier, tagger: demo.tagger };
    }),
  );
}
