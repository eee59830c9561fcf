// @ts-check
// `npm run test:host`: runs test/integration/*.test.ts inside a real VS Code extension host.
//
// Desktop VS Code through @vscode/test-electron when there is one (LOSS_LENS_VSCODE=electron, or
// `code` on PATH and a display); otherwise code-server in headless Chromium, installed from npm
// into .vscode-test/ on first use, which works on machines with no internet but the npm registry.
// Expects dist/extension.js to be built (`npm run build`).
//
// Environment:
//   LOSS_LENS_VSCODE=electron|code-server  force a backend
//   LOSS_LENS_TEST_GREP=pattern            run only the matching tests
//   LOSS_LENS_HOST_TIMEOUT=seconds         limit for the in-host run (default 300)
//   LOSS_LENS_CHROMIUM=/path/to/chromium   browser for code-server (default /usr/bin/chromium)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertChromiumInstalled, MissingChromiumError } from './vscode-host/browser.mjs';
import { bundleIntegrationTests } from './vscode-host/bundle-tests.mjs';
import { createRunDir, repoRoot } from './vscode-host/paths.mjs';
import { runInCodeServer } from './vscode-host/run-in-code-server.mjs';
import { hasDesktopVSCode, runInElectron } from './vscode-host/run-in-electron.mjs';

const log = (/** @type {string} */ line) => console.log(line);

async function main() {
  const backend = chooseBackend();
  if (backend === 'code-server') assertChromiumInstalled();
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  const { runnerPath, suites } = await bundleIntegrationTests();
  const runDir = createRunDir(backend === 'electron' ? 'electron' : 'host');
  const reportPath = path.join(runDir.root, 'report.json');
  const env = { LOSS_LENS_TEST_REPORT: reportPath, LOSS_LENS_TEST_COLOR: process.stdout.isTTY ? '1' : '0' };
  log(`host: ${suites.length} suite file(s), running in ${backend}`);

  const started = Date.now();
  /** @type {string[]} */
  let problems = [];
  let exitCode;
  if (backend === 'electron') {
    exitCode = await runInElectron({ runnerPath, runDir, env });
  } else {
    const timeoutMs = Number(process.env.LOSS_LENS_HOST_TIMEOUT || 300) * 1000;
    ({ exitCode, problems } = await runInCodeServer({ runnerPath, runDir, timeoutMs, env, log }));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  const report = readReport(reportPath);
  if (!report) problems.push('the test runner wrote no report (see extension-host.log)');
  if (exitCode !== 0 && problems.length === 0 && report?.failures === 0) {
    problems.push(`VS Code reported exit code ${exitCode}`);
  }
  const passed = exitCode === 0 && problems.length === 0 && report?.failures === 0;
  // The counts alone on a line, as CI reads them; on failure followed by what went wrong.
  log(`host: ran in ${seconds} s; logs in ${runDir.root}`);
  if (report) {
    log(`host: ${report.passes} passed, ${report.failures} failed${report.pending > 0 ? `, ${report.pending} skipped` : ''}`);
  }
  if (passed) return 0;
  for (const problem of problems) console.error(`host: ${problem}`);
  console.error('host: FAILED');
  return 1;
}

/** @returns {'electron' | 'code-server'} */
function chooseBackend() {
  const requested = process.env.LOSS_LENS_VSCODE;
  if (requested === 'electron' || requested === 'code-server') return requested;
  if (requested) throw new Error(`LOSS_LENS_VSCODE must be electron or code-server, not ${requested}`);
  return hasDesktopVSCode() ? 'electron' : 'code-server';
}

/**
 * @param {string} file
 * @returns {{ passes: number, failures: number, pending: number } | undefined}
 */
function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof MissingChromiumError) console.error(error.message);
  else console.error('host:', error);
  process.exitCode = 1;
}
