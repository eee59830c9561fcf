// @ts-check
// Collects what goes wrong in a VS Code window: console errors in the page (the extension host's
// console.error, webview errors and CSP violations are all forwarded there), uncaught page errors,
// failed HTTP responses, and `[error]` lines of the extension host's own log (a failed activation
// is reported only there). What is not known noise fails the run.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Errors a clean, offline code-server run produces that say nothing about the extension. */
export const KNOWN_NOISE = [
  /\/vsda\//, // the signing module for the Microsoft marketplace, absent from code-server
  /open-vsx\.org/, // extension gallery lookups with no internet
  /read ECONNRESET/, // the server closing sockets at teardown
];

/**
 * @typedef {object} PageErrors
 * @property {() => string[]} unexpected errors not matching known noise, in arrival order
 * @property {(work: () => Promise<void>) => Promise<void>} duringReload runs `work` (a window
 *   reload and the wait for it) tolerating the cancellations a reload causes
 */

/**
 * @param {import('playwright-core').Page} page
 * @param {object} options
 * @param {string} options.logPath every console message and failed response, one a line
 * @param {RegExp[]} [options.ignore] more noise to tolerate, beyond KNOWN_NOISE
 * @returns {PageErrors}
 */
export function watchPageErrors(page, { logPath, ignore = [] }) {
  const noise = [...KNOWN_NOISE, ...ignore];
  /** @type {string[]} */
  const unexpected = [];
  let reloading = false;
  const log = fs.createWriteStream(logPath, { flags: 'a' });
  /** @param {string} line @param {boolean} isError */
  const record = (line, isError) => {
    if (!log.writableEnded) log.write(`${new Date().toISOString()} ${line}\n`);
    if (isError && !noise.some((pattern) => pattern.test(line)) && !(reloading && RELOAD_NOISE.some((pattern) => pattern.test(line)))) unexpected.push(line);
  };
  page.on('console', (message) => {
    const where = message.location().url ? ` (${message.location().url})` : '';
    // The workbench styles its log lines (`%c  ERR color: #f33 ...`); keep the words.
    const text = message.text().replace(/^%c\s*(\w+)\s+color: #[0-9a-f]+\s*/i, '$1 ');
    record(`[console.${message.type()}] ${text}${where}`, message.type() === 'error');
  });
  page.on('pageerror', (error) => record(`[pageerror] ${error.stack ?? error.message}`, true));
  page.on('response', (response) => {
    if (response.status() >= 400) record(`[http ${response.status()}] ${response.url()}`, true);
  });
  page.on('close', () => log.end());
  return {
    unexpected: () => [...unexpected],
    async duringReload(work) {
      reloading = true;
      try {
        await work();
      } finally {
        reloading = false;
      }
    },
  };
}

/**
 * What a window reload makes the workbench log about itself: file reads and writes in flight are
 * cancelled, its own log finds its storage closed, and parts that would like to finish first are
 * told a web page cannot wait for them.
 */
const RELOAD_NOISE = [/\(Canceled: Canceled\)/, /\[lifecycle\] Long running operations during shutdown are unsupported in the web/, /IndexedDB database '[\w-]+' is closed/];

/**
 * The `[error]` lines of every remoteexthost.log under a code-server user-data dir, less noise.
 * @param {string} userDataDir
 * @param {RegExp[]} [ignore]
 * @returns {string[]}
 */
export function extensionHostLogErrors(userDataDir, ignore = []) {
  const noise = [...KNOWN_NOISE, ...ignore];
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return [];
  return fs
    .readdirSync(logsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'remoteexthost.log')
    .flatMap((file) => fs.readFileSync(path.join(logsDir, file), 'utf8').split('\n'))
    .filter((line) => line.includes('[error]') && !noise.some((pattern) => pattern.test(line)));
}
