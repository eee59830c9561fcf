// @ts-check
// `npm start`: a real VS Code with Loss Lens loaded, on a demo training run written live.
// VS Code desktop when `code` is on the PATH (and a display is there), else code-server on
// 127.0.0.1, whose address is printed. Stops everything it started on Ctrl+C.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer } from './vscode-host/code-server.mjs';
import { ensureCodeServer, findOnPath } from './vscode-host/install-code-server.mjs';
import { cacheRoot, createRunDir, repoRoot } from './vscode-host/paths.mjs';

const workspace = path.join(cacheRoot, 'demo-workspace');
const runs = path.join(workspace, 'runs');
fs.rmSync(runs, { recursive: true, force: true });
fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
// Opening a log shows the inspector rather than the JSON text.
const associations = { '*.losslens.jsonl': 'lossLens.inspector' };
fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.editorAssociations': associations }, null, 2));

// The demo run: the CLI writes a simulated classifier and tagger, a step every 50 ms.
const demo = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'demo', runs, '--steps', '20000'], { stdio: 'ignore' });
const classifier = path.join(runs, 'classifier.losslens.jsonl');
/** @type {(() => Promise<void>) | undefined} */
let stopServer;

async function shutdown() {
  demo.kill();
  await stopServer?.();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

const code = findOnPath('code');
if (code && (process.env.DISPLAY || process.platform !== 'linux') && process.env.LOSS_LENS_VSCODE !== 'code-server') {
  const desktop = spawn(code, ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, workspace, classifier], { stdio: 'inherit' });
  desktop.on('exit', () => console.log('VS Code started; the demo keeps writing until Ctrl+C.'));
  console.log(`Loss Lens: opening VS Code on ${workspace}\nThe demo run is being written to ${runs}. Ctrl+C stops it.`);
} else {
  const entryPoint = await ensureCodeServer({ log: (line) => console.log(line) });
  const runDir = createRunDir('start');
  const server = await startCodeServer({ entryPoint, runDir, workspaceFolder: workspace, settings: { 'workbench.editorAssociations': associations } });
  stopServer = server.stop;
  const remote = (/** @type {string} */ file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const payload = [['extensionDevelopmentPath', remote(repoRoot)]];
  const url = `${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(
    `\nLoss Lens is running in code-server (VS Code 1.99) with a live demo run.\nOpen this address in a browser on this machine:\n\n  ${url}\n\n` +
      `Then click a log under runs/ in the Explorer (it opens in the inspector), or the loss in the status bar,\n` +
      `or run "Loss Lens: Open Inspector" (F1). The demo writes to ${runs}. Ctrl+C stops code-server and the demo.`,
  );
}
