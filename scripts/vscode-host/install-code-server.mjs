// @ts-check
// Installs code-server (VS Code for the browser, served by Node) into .vscode-test/code-server/
// from the npm registry, the only place this machine can download from. See
// shared/REAL-VSCODE.md for why each setting below is needed.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, isAlive } from './paths.mjs';

/** The last code-server release that runs on Node 20 (it bundles VS Code 1.99.3). */
export const CODE_SERVER_VERSION = '4.99.4';

/** The @vscode/ripgrep version code-server 4.99.4 pins, and the rg release it downloads. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

const installDir = path.join(cacheRoot, 'code-server');
const lockDir = `${installDir}.lock`;
/** An install takes about 75 s; a lock older than this was left by a run that died. */
const STALE_LOCK_MS = 15 * 60 * 1000;
const markerPath = path.join(installDir, 'installed.json');
const entryPoint = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/**
 * Returns the path of code-server's Node entry point, installing it first unless a complete
 * install for this code-server version and this Node ABI is cached.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<string>}
 */
export async function ensureCodeServer({ log = console.log } = {}) {
  if (isInstalled()) return entryPoint;
  await withLock(log, async () => {
    if (isInstalled()) return; // another run installed it while we waited
    await install(log);
  });
  return entryPoint;
}

function expectedMarker() {
  return { codeServer: CODE_SERVER_VERSION, nodeAbi: process.versions.modules, arch: process.arch };
}

function isInstalled() {
  try {
    const marker = JSON.parse(fs.readFileSync(markerPath, 'utf8'));
    return JSON.stringify(marker) === JSON.stringify(expectedMarker()) && fs.existsSync(entryPoint);
  } catch {
    return false;
  }
}

/** @param {(line: string) => void} log */
async function install(log) {
  const started = Date.now();
  const logPath = path.join(cacheRoot, 'code-server-install.log');
  log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir} (about 75 s; log: ${logPath})`);

  fs.rmSync(installDir, { recursive: true, force: true });
  fs.mkdirSync(installDir, { recursive: true });
  // Its own package.json keeps npm from installing into the repository. Written by hand rather
  // than with `npm init -y`, which would name it after the folder, "code-server", and npm refuses
  // to install a package into a project of the same name.
  const manifest = { name: 'loss-lens-code-server-cache', private: true, description: 'Test-only cache.' };
  fs.writeFileSync(path.join(installDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const tmp = path.join(installDir, 'tmp');
  seedRipgrepCache(tmp);

  const args = ['install', '--no-audit', '--no-fund', '--no-update-notifier', `code-server@${CODE_SERVER_VERSION}`];
  const code = await runLogged('npm', args, { cwd: installDir, env: installEnv(tmp), logPath });
  if (code !== 0) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} exited with ${code}; see ${logPath}\n${tail(logPath)}`);
  }
  verifyInstall(logPath);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(markerPath, `${JSON.stringify(expectedMarker())}\n`);
  log(`installed code-server in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** @param {string} tmp */
function installEnv(tmp) {
  /** @type {Record<string, string | undefined>} */
  const env = {
    ...process.env,
    TMPDIR: tmp,
    // npm 11 runs no dependency install scripts unless approved. code-server's postinstall runs
    // nested `npm install`s in its own lib/vscode folders, whose package.json we cannot add an
    // `allowScripts` list to beforehand, and an `--allow-scripts` list is refused for project
    // installs, so approve them all for this pinned, isolated install. Older npm ignores it.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root without it
    npm_config_update_notifier: 'false',
  };
  // Build native modules against this Node's own headers: node-gyp cannot download them here.
  const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;
  return env;
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache in $TMPDIR already holds
 * the release tarball; a tarball of the system's rg satisfies it.
 * @param {string} tmp
 */
function seedRipgrepCache(tmp) {
  const target = RIPGREP_TARGETS[/** @type {'x64' | 'arm64'} */ (process.arch)];
  const rg = findOnPath('rg');
  if (!target || !rg) {
    throw new Error('ripgrep is needed to install code-server offline: apt-get install -y ripgrep');
  }
  const staging = path.join(tmp, 'rg-staging');
  const cache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  fs.mkdirSync(staging, { recursive: true });
  fs.mkdirSync(cache, { recursive: true });
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  const tarball = path.join(cache, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  const tar = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error(`tar exited with ${tar.status} while packing ${rg}`);
}

/** The pieces that a skipped install script would leave missing. @param {string} logPath */
function verifyInstall(logPath) {
  const vscode = path.join(installDir, 'node_modules', 'code-server', 'lib', 'vscode');
  const expected = [
    entryPoint,
    path.join(vscode, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
    path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    path.join(vscode, 'node_modules.asar'),
  ];
  const missing = expected.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`code-server install is incomplete (install scripts skipped?); missing:\n  ${missing.join('\n  ')}\nsee ${logPath}`);
  }
}

/**
 * Serialises installs between concurrent runs with an atomic mkdir; a lock left by a process
 * that no longer exists is taken over.
 * @param {(line: string) => void} log
 * @param {() => Promise<void>} body
 */
async function withLock(log, body) {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const ownerFile = path.join(lockDir, 'pid');
  for (let waited = 0; ; waited++) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(ownerFile, String(process.pid));
      break;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      const owner = Number(readOrEmpty(ownerFile));
      if ((owner && !isAlive(owner)) || Date.now() - mtimeMs(lockDir) > STALE_LOCK_MS) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (waited === 0) log(`waiting for another run (pid ${owner || '?'}) to finish installing code-server`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    await body();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Runs a command with its output appended to a log file.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: Record<string, string | undefined>, logPath: string }} options
 * @returns {Promise<number>}
 */
function runLogged(command, args, { cwd, env, logPath }) {
  const out = fs.openSync(logPath, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('close', (code) => {
      fs.closeSync(out);
      resolve(code ?? 1);
    });
  });
}

/** @param {string} name */
export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** @param {string} file */
function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** @param {string} file */
function readOrEmpty(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** @param {string} file */
function tail(file, lines = 30) {
  return readOrEmpty(file).trimEnd().split('\n').slice(-lines).join('\n');
}
