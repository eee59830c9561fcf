// @ts-check
// Starts one code-server for one run, isolated in that run's folder, and stops it with every
// process it started (the extension host outlives a killed parent otherwise).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** User settings that keep a test window quiet and deterministic. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  // Run folders live inside this repository: keep git from offering to open it.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {string} origin `http://127.0.0.1:PORT`
 * @property {number} pid leader of the process group holding code-server and its extension host
 * @property {string} userDataDir
 * @property {string} logPath code-server's own stdout and stderr
 * @property {() => Promise<void>} stop terminates the whole process group; safe to call twice
 */

/**
 * @param {object} options
 * @param {string} options.entryPoint code-server's out/node/entry.js
 * @param {import('./paths.mjs').RunDir} options.runDir
 * @param {string} options.workspaceFolder the folder the server opens by default
 * @param {Record<string, unknown>} [options.settings] merged over DEFAULT_SETTINGS
 * @param {Record<string, string>} [options.env] extra environment, seen by the extension host too
 * @param {number} [options.startTimeoutMs]
 * @param {boolean} [options.workspaceTrust] ask for trust as a user's VS Code does (off by default)
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer({ entryPoint, runDir, workspaceFolder, settings = {}, env = {}, startTimeoutMs = 60_000, workspaceTrust = false }) {
  const userDataDir = path.join(runDir.root, 'ud');
  const extensionsDir = path.join(runDir.root, 'exts');
  const configPath = path.join(runDir.root, 'config.yaml');
  const logPath = path.join(runDir.root, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  fs.writeFileSync(configPath, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');

  const args = [
    entryPoint,
    '--config', configPath,
    '--bind-addr', '127.0.0.1:0', // port 0: the kernel picks a free port, read back from the log
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    workspaceFolder,
  ];
  const log = fs.openSync(logPath, 'w');
  // detached: a new session and process group, so one signal to -pid reaches every descendant.
  const child = spawn(process.execPath, args, {
    cwd: workspaceFolder,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...runDir.env, VSCODE_CLI: '1', ...env },
  });
  if (child.pid === undefined) throw new Error('code-server did not start');
  const pid = child.pid;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('close', () => fs.closeSync(log));
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.once('exit', killOnExit);
  exitOnSignals();

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    killGroup(pid, 'SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), delay(5000).then(() => true)]);
    // Whatever is left of the group (the extension host may ignore SIGTERM while busy).
    killGroup(pid, 'SIGKILL');
    if (timedOut) await exited;
  };

  try {
    const port = await new Promise((resolve, reject) => {
      /** @type {string | null} the output until the port shows up */
      let output = '';
      const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${startTimeoutMs} ms; see ${logPath}`)), startTimeoutMs);
      /** @param {Buffer} chunk */
      const onData = (chunk) => {
        fs.writeSync(log, chunk);
        if (output === null) return;
        output += chunk.toString();
        const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          output = null;
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${signal ?? code}) before listening; see ${logPath}`));
      });
    });
    const origin = `http://127.0.0.1:${port}`;
    await waitForHealth(origin, startTimeoutMs);
    return { port, origin, pid, userDataDir, logPath, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The server runs in its own process group, out of reach of the terminal's Ctrl+C: turn the
 * signals into a normal exit so that the 'exit' listeners above kill the groups.
 */
function exitOnSignals() {
  for (const [signal, number] of /** @type {const} */ ([['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]])) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(128 + number));
  }
}

/** @param {string} origin @param {number} timeoutMs */
async function waitForHealth(origin, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not accepting connections yet
    }
    if (Date.now() > deadline) throw new Error(`${origin}/healthz did not answer within ${timeoutMs} ms`);
    await delay(200);
  }
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** @param {number} ms */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
