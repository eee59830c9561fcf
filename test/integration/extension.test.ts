import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateLossLens, repoRoot } from './support';

const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
};

describe('Loss Lens extension', () => {
  it('is installed from the repository under development', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among the loaded extensions`);
    assert.equal(path.resolve(extension.extensionPath), repoRoot);
  });

  it('activates', async () => {
    const extension = await activateLossLens();
    assert.equal(extension.isActive, true);
  });

  it('registers lossLens.showVersion', async () => {
    await activateLossLens();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('lossLens.showVersion'));
  });

  it('lossLens.showVersion returns the package.json version', async () => {
    const version = await vscode.commands.executeCommand<string>('lossLens.showVersion');
    assert.equal(version, packageJson.version);
  });
});
