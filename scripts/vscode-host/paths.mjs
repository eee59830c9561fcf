// @ts-check
// Where the harness keeps its caches and per-run folders. Everything lives under the repository's
// .vscode-test/ (git-ignored), so a clean clone starts cold and `rm -rf .vscode-test` resets it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: two levels above this file. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const cacheRoot = path.join(repoRoot, '.vscode-test');

/** How many run folders to keep; older ones are deleted when a new run starts. */
const KEPT_RUNS = 5;

/**
 * @typedef {object} RunDir
 * @property {string} root the run folder itself
 * @property {string} home HOME of every process the run starts
 * @property {string} tmp TMPDIR of every process the run starts: a short link to the run's tmp/
 * @property {Record<string, string>} env HOME, XDG_* and TMPDIR pointing into the run folder
 */

/**
 * Creates `.vscode-test/runs/<label>-<timestamp>-<pid>/` with its own home, XDG folders and temp
 * folder, so that code-server, VS Code and Chromium write nothing into the real home or /tmp.
 * @param {string} label names the kind of run, e.g. `host` or `e2e`
 * @returns {RunDir}
 */
export function createRunDir(label) {
  const runsRoot = path.join(cacheRoot, 'runs');
  pruneOldRuns(runsRoot);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const root = path.join(runsRoot, `${label}-${stamp}-${process.pid}`);
  const home = path.join(root, 'home');
  const tmp = shortLink(path.join(root, 'tmp'));
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: tmp,
  };
  for (const dir of Object.values(env)) fs.mkdirSync(dir, { recursive: true });
  return { root, home, tmp, env };
}

/** Links left by runs that were killed before they could remove their own. */
function removeStaleLinks() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = /^loss-lens-(\d+)-/.exec(name)?.[1];
    const link = path.join(os.tmpdir(), name);
    if (pid && !isAlive(Number(pid)) && fs.lstatSync(link).isSymbolicLink()) fs.rmSync(link, { force: true });
  }
}

/** @param {number} pid */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * VS Code puts its IPC sockets in TMPDIR, and a socket path longer than 107 bytes is cut short, so
 * TMPDIR is a link in the system temp folder to the run's tmp/, removed when this process exits.
 * @param {string} target
 */
function shortLink(target) {
  fs.mkdirSync(target, { recursive: true });
  const link = path.join(os.tmpdir(), `loss-lens-${process.pid}-${Date.now().toString(36)}`);
  fs.symlinkSync(target, link);
  process.once('exit', () => fs.rmSync(link, { force: true }));
  return link;
}

/** @param {string} runsRoot */
function pruneOldRuns(runsRoot) {
  removeStaleLinks();
  if (!fs.existsSync(runsRoot)) return;
  const runs = fs
    .readdirSync(runsRoot)
    .map((name) => path.join(runsRoot, name))
    .sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
  for (const old of runs.slice(0, Math.max(0, runs.length - (KEPT_RUNS - 1)))) {
    fs.rmSync(old, { recursive: true, force: true });
  }
}
