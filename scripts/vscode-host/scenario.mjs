// @ts-check
// The frame of an end-to-end scenario: run its steps, and on any failure keep a screenshot; then
// close the session, fail on console errors and extension-host errors, and set the exit code.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { extensionHostLogErrors } from './errors.mjs';

/**
 * @param {Awaited<ReturnType<typeof import('./session.mjs').startVSCodeSession>>} session
 * @param {{ results: string, log: (line: string) => void }} options where screenshots go, and the log
 * @param {() => Promise<void>} steps
 */
export async function runScenario(session, { results, log }, steps) {
  let failed = false;
  try {
    await steps();
    assert.deepEqual(session.errors.unexpected(), [], 'console errors, failed requests or CSP violations');
  } catch (error) {
    failed = true;
    await session.page.screenshot({ path: path.join(results, 'failure.png') }).catch(() => {});
    console.error(error);
  } finally {
    await session.close();
  }
  const hostErrors = extensionHostLogErrors(session.server.userDataDir);
  if (hostErrors.length > 0) {
    failed = true;
    console.error(`extension host errors:\n${hostErrors.join('\n')}`);
  }
  log(failed ? `FAILED; logs in ${session.runDir.root}` : `passed; screenshots in ${results}`);
  process.exitCode = failed ? 1 : 0;
}

/**
 * Polls `test` until it holds (a thrown error counts as not yet), or fails naming `what`.
 * @param {() => Promise<boolean>} test
 * @param {string} what
 */
export async function waitFor(test, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await test().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
