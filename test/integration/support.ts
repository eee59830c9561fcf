// Helpers shared by the integration suites. Not a suite itself: only `*.test.ts` files are run.
import * as path from 'node:path';
import * as vscode from 'vscode';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'loss-lens.loss-lens';

/**
 * The repository root. Suites are bundled into out/integration/, two levels below it, and the
 * extension under test is loaded from this folder (`--extensionDevelopmentPath`).
 */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Absolute path of a file under test/fixtures/. */
export function fixturePath(...segments: string[]): string {
  return path.join(repoRoot, 'test', 'fixtures', ...segments);
}

/** The Loss Lens extension, activated; fails the test if VS Code did not load it. */
export async function activateLossLens(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}
