// Mocha runner loaded by the VS Code extension host (`--extensionTestsPath`). The host calls
// `run()` and treats a rejected promise as a failed run. scripts/test-host.mjs bundles this file
// and every `*.test.ts` beside it into out/integration/, so a new suite needs no registration.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** What the harness reads back after the run; the host itself only reports pass or fail. */
interface RunReport {
  passes: number;
  failures: number;
  pending: number;
  failed: { title: string; message: string }[];
}

export async function run(): Promise<void> {
  tagReporterOutput(process.env.LOSS_LENS_TEST_OUTPUT_TAG ?? '');
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.LOSS_LENS_TEST_COLOR === '1',
    // The first test pays for activation and the first render of any panel it opens.
    timeout: 30_000,
    grep: process.env.LOSS_LENS_TEST_GREP || undefined,
  });
  const suites = findSuites(__dirname);
  if (suites.length === 0) throw new Error(`no *.test.js files in ${__dirname}`);
  for (const file of suites) mocha.addFile(file);

  const report: RunReport = { passes: 0, failures: 0, pending: 0, failed: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => report.passes++);
    runner.on('pending', () => report.pending++);
    runner.on('fail', (test, error: Error) => {
      report.failures++;
      report.failed.push({ title: test.fullTitle(), message: String(error?.message ?? error) });
    });
  });

  const reportPath = process.env.LOSS_LENS_TEST_REPORT;
  if (reportPath) fs.writeFileSync(reportPath, JSON.stringify(report, null, 2));
  if (report.failures > 0) throw new Error(`${report.failures} integration test(s) failed`);
  if (report.passes === 0) throw new Error('no integration test ran');
}

/**
 * Under code-server the host's console reaches the harness with `%s` specifiers unapplied and
 * mixed with the workbench's own log lines: format each reporter line here, and tag it so that
 * the harness can print the report alone. Elsewhere the tag is empty.
 */
function tagReporterOutput(tag: string): void {
  const log = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => log(tag + format(...data));
}

function findSuites(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort()
    .map((file) => path.join(dir, file));
}
