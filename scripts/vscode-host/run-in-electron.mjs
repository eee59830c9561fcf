// @ts-check
// Runs the same bundled mocha runner in desktop VS Code through @vscode/test-electron, on
// machines that have VS Code (or can download it) and a display.
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findOnPath } from './install-code-server.mjs';
import { cacheRoot, repoRoot } from './paths.mjs';

/**
 * The Electron binary behind the `code` command on PATH, if its install has the usual layout;
 * otherwise undefined, and test-electron downloads VS Code instead.
 * @returns {string | undefined}
 */
export function findDesktopVSCode() {
  if (process.env.LOSS_LENS_VSCODE_EXECUTABLE) return process.env.LOSS_LENS_VSCODE_EXECUTABLE;
  const cli = findOnPath(process.platform === 'win32' ? 'code.cmd' : 'code');
  if (!cli) return undefined;
  const bin = path.dirname(fs.realpathSync(cli));
  const candidates = {
    linux: [path.join(bin, '..', 'code')],
    darwin: [path.join(bin, '..', '..', '..', 'MacOS', 'Electron'), path.join(bin, '..', '..', '..', 'MacOS', 'Code')],
    win32: [path.join(bin, '..', 'Code.exe')],
  }[/** @type {'linux' | 'darwin' | 'win32'} */ (process.platform)] ?? [];
  return candidates.find((file) => fs.existsSync(file));
}

/** Whether `code` is on PATH and there is a screen to open it on. */
export function hasDesktopVSCode() {
  const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  return display && Boolean(findOnPath(process.platform === 'win32' ? 'code.cmd' : 'code'));
}

/**
 * @param {object} options
 * @param {string} options.runnerPath
 * @param {import('./paths.mjs').RunDir} options.runDir
 * @param {Record<string, string>} [options.env] for the extension host
 * @returns {Promise<number>} VS Code's exit code
 */
export async function runInElectron({ runnerPath, runDir, env = {} }) {
  const workspace = path.join(runDir.root, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const vscodeExecutablePath = findDesktopVSCode();
  try {
    return await runTests({
      vscodeExecutablePath,
      version: vscodeExecutablePath ? undefined : process.env.LOSS_LENS_VSCODE_VERSION,
      cachePath: cacheRoot,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: runnerPath,
      extensionTestsEnv: env,
      // Its own profile and extensions, so a VS Code already open on this machine is untouched.
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(runDir.root, 'ud')}`,
        `--extensions-dir=${path.join(runDir.root, 'exts')}`,
      ],
    });
  } catch (error) {
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    throw error;
  }
}
