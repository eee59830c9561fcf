// @ts-check
// Runs the bundled mocha runner inside code-server's extension host, driven by headless Chromium:
// the page loads with `extensionTestsPath` in its URL, the host runs the tests and the page
// reports the outcome through `window.codeAutomationExit`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { extensionHostLogErrors } from './errors.mjs';
import { startVSCodeSession } from './session.mjs';

/** Marks the lines of the mocha report among everything else the page logs. */
const OUTPUT_TAG = '\u2063mocha\u2063';

/**
 * @typedef {object} HostRunResult
 * @property {number} exitCode 0 when the runner's promise resolved
 * @property {string[]} problems what else failed the run: a timeout, unexpected page errors
 */

/**
 * @param {object} options
 * @param {string} options.runnerPath the bundled runner (out/integration/index.js)
 * @param {import('./paths.mjs').RunDir} options.runDir
 * @param {number} options.timeoutMs for the whole in-host run, from the page load
 * @param {Record<string, string>} [options.env] for the extension host
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<HostRunResult>}
 */
export async function runInCodeServer({ runnerPath, runDir, timeoutMs, env = {}, log = console.log }) {
  const session = await startVSCodeSession({
    runDir,
    env: { ...env, LOSS_LENS_TEST_OUTPUT_TAG: OUTPUT_TAG },
    // The runner's rejection when a test failed; the report already says which.
    ignoreErrors: [/integration test\(s\) failed/],
    log,
  });
  const { page } = session;
  /** @type {string[]} */
  const problems = [];
  let exitCode = 1;
  try {
    const hostLog = fs.createWriteStream(path.join(runDir.root, 'extension-host.log'));
    // The workbench's log and the extension host's console arrive here, one call per line;
    // only the runner's report, tagged by it, goes to the terminal.
    await page.exposeFunction('codeAutomationLog', (/** @type {string} */ level, /** @type {unknown} */ args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (!hostLog.writableEnded) hostLog.write(`[${level}] ${text}\n`);
      if (text.startsWith(OUTPUT_TAG)) log(text.slice(OUTPUT_TAG.length));
    });
    /** @type {(code: number) => void} */
    let onExit = () => {};
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    /** @type {Promise<number>} */
    const outcome = new Promise((resolve, reject) => {
      onExit = resolve;
      page.once('close', () => reject(new Error('the page closed before the tests finished')));
      timer = setTimeout(() => reject(new Error(`the tests did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    outcome.catch(() => {}); // it may settle while page.goto is still pending; awaited below
    await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => onExit(code));

    try {
      await page.goto(session.workbenchUrl({ extensionTestsPath: runnerPath }));
      exitCode = await outcome;
    } catch (error) {
      problems.push(/** @type {Error} */ (error).message);
      await page.screenshot({ path: path.join(runDir.root, 'failure.png') }).catch(() => {});
    } finally {
      clearTimeout(timer);
      hostLog.end();
    }
    for (const error of session.errors.unexpected()) problems.push(`browser error: ${error}`);
  } finally {
    await session.close();
  }
  for (const error of extensionHostLogErrors(session.server.userDataDir)) problems.push(`extension host error: ${error}`);
  return { exitCode, problems };
}
