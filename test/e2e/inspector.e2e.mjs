/* global window */
// @ts-check
// End to end: the inspector in a real VS Code (code-server) driven by Playwright in Chromium.
// Opens a run through the command palette, appends records and checks the charts take them (read
// through Chart.getChart), measures append-to-chart latency, clicks a step and checks the step
// inspector, switches to a dark theme, and fails on any console error. Screenshots and the
// latency figures go to test-results/e2e/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCommand, runScenario, startVSCodeSession, waitFor, webviewFrame } from '../../scripts/vscode-host/index.mjs';

const RESULTS = path.resolve('test-results', 'e2e');
const CLASSES = ['cat', '<img src=x onerror=alert(1)>', 'bird', 'fish'];
const APPENDS = 12;

/** A deterministic record: a classifier getting better with the step. */
function record(step) {
  const logits = [];
  const targets = [];
  for (let n = 0; n < 8; n++) {
    const y = (step * 7 + n * 3) % CLASSES.length;
    logits.push(CLASSES.map((_, c) => Math.round((Math.sin(step * 13 + n * 5 + c) + (c === y ? step / 20 : 0)) * 1e6) / 1e6));
    targets.push(y);
  }
  return JSON.stringify({ step, split: 'train', time: 1_700_000_000 + step, logits, targets }) + '\n';
}

function log(message) {
  console.log(`e2e: ${message}`);
}

fs.mkdirSync(RESULTS, { recursive: true });
const source = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-e2e-'));
const header = JSON.stringify({ format: 'loss-lens', version: 1, task: 'multiclass', classes: CLASSES }) + '\n';
fs.writeFileSync(path.join(source, 'e2e.losslens.jsonl'), header + Array.from({ length: 40 }, (_, s) => record(s)).join(''));
// A second run, to overlay on the first.
fs.writeFileSync(path.join(source, 'other.losslens.jsonl'), header + Array.from({ length: 30 }, (_, s) => record(s + 3)).join(''));

const session = await startVSCodeSession({
  label: 'e2e',
  workspaceSource: source,
  settings: { 'workbench.colorTheme': 'Default Light Modern' },
  log,
});
fs.rmSync(source, { recursive: true, force: true });
const page = session.page;
const dialogs = [];
page.on('dialog', (dialog) => {
  dialogs.push(dialog.message());
  void dialog.dismiss();
});
await page.setViewportSize({ width: 1500, height: 1000 });
await runScenario(session, { results: RESULTS, log }, async () => {
  const logFile = path.join(session.workspaceFolder, 'e2e.losslens.jsonl');
  await session.open();
  log('workbench is up');

  await runCommand(page, 'Loss Lens: Open Inspector');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'e2e.losslens.jsonl' }).first().click();
  const frame = webviewFrame(page);
  const decomposition = frame.locator('canvas[data-chart="decomposition"]');
  await decomposition.waitFor({ timeout: 30_000 });
  /** The largest step any dataset of a chart holds. */
  const lastStep = (canvas) =>
    canvas.evaluate((el) => {
      const chart = window.Chart.getChart(el);
      let last = -1;
      for (const dataset of chart.data.datasets) for (const point of dataset.data) if (point && typeof point.x === 'number' && point.y !== null) last = Math.max(last, point.x);
      return last;
    });
  await waitFor(async () => (await lastStep(decomposition)) === 39, 'the 40 logged steps on the chart');
  log('inspector shows the run');
  await page.screenshot({ path: path.join(RESULTS, 'inspector-light.png') });

  // Log-derived strings are text, never markup: the class named like an <img> tag is a label.
  const labels = await frame.locator('canvas[data-chart="class-prob"]').evaluate((el) => window.Chart.getChart(el).data.datasets.map((d) => String(d.label)));
  assert.ok(labels.includes(CLASSES[1]), `class-prob labels: ${labels.join(', ')}`);
  assert.equal(await frame.locator('img').count(), 0, 'a class name became an <img>');

  // Live: each appended record reaches the charts; latency from the append to the render.
  const latencies = [];
  for (let i = 0; i < APPENDS; i++) {
    const step = 40 + i;
    const appendedAt = Date.now();
    fs.appendFileSync(logFile, record(step));
    await waitFor(async () => (await lastStep(decomposition)) === step, `step ${step} on the chart`);
    const rendered = await decomposition.evaluate(() => window.__lossLensLatency);
    assert.ok(rendered && rendered.renderedAt >= appendedAt, 'the webview reports when it rendered');
    latencies.push(rendered.renderedAt - appendedAt);
    await page.waitForTimeout(150);
  }
  latencies.sort((a, b) => a - b);
  const figures = { appends: APPENDS, medianMs: latencies[latencies.length >> 1], maxMs: latencies[latencies.length - 1], allMs: latencies };
  fs.writeFileSync(path.join(RESULTS, 'latency.json'), JSON.stringify(figures, null, 2));
  log(`append-to-chart latency: median ${figures.medianMs} ms, max ${figures.maxMs} ms over ${APPENDS} appends (goal 100 ms, limit 250 ms)`);
  for (const chart of ['class-prob', 'entropy', 'accuracy']) {
    assert.equal(await lastStep(frame.locator(`canvas[data-chart="${chart}"]`)), 40 + APPENDS - 1, `${chart} has the appended steps`);
  }

  // The step inspector: click a point of the loss line and read that step's examples back.
  const target = await decomposition.evaluate((el) => {
    const chart = window.Chart.getChart(el);
    const index = chart.data.datasets.findIndex((d) => /loss/i.test(String(d.label)) && !/logged/i.test(String(d.label)) && d.data.length > 20);
    const meta = chart.getDatasetMeta(index);
    const element = meta.data[20];
    return { x: element.x, y: element.y, step: chart.data.datasets[index].data[20].x };
  });
  await decomposition.click({ position: { x: target.x, y: target.y } });
  const example = frame.locator('canvas[data-chart="example"]');
  await example.waitFor({ state: 'visible', timeout: 10_000 });
  await waitFor(async () => example.evaluate((el) => {
    const chart = window.Chart.getChart(el);
    return !!chart && chart.data.datasets.some((d) => d.data.length === 4);
  }), 'the example chart with a bar per class');
  await frame.getByText(new RegExp(`step ${target.step}\\b`)).first().waitFor({ timeout: 5000 });
  log(`step inspector shows step ${target.step}`);
  await page.screenshot({ path: path.join(RESULTS, 'step-inspector-light.png') });

  // The keyboard reaches the canvas legend: key 1 hides the first entry's series, again shows it.
  const visible = () => decomposition.evaluate((el) => window.Chart.getChart(el).data.datasets.filter((d) => !d.hidden && d.data.length > 0).length);
  const before = await visible();
  await decomposition.focus();
  await decomposition.press('1');
  await waitFor(async () => (await visible()) < before, 'key 1 hiding a legend entry');
  await decomposition.press('1');
  await waitFor(async () => (await visible()) === before, 'key 1 showing it again');
  log('legend entries toggle from the keyboard');

  // A dark theme: the webview follows it.
  const lightColour = await gridColour(decomposition);
  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
  await waitFor(async () => (await frame.locator('body').getAttribute('class'))?.includes('vscode-dark') ?? false, 'the webview in the dark theme');
  await waitFor(async () => (await gridColour(decomposition)) !== lightColour, 'the charts re-coloured for the dark theme');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(RESULTS, 'inspector-dark.png') });
  log('dark theme applied');

  // Compare: overlay the other run; its splits join the charts as series of their own.
  await frame.getByRole('button', { name: 'Compare…' }).click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'other' }).first().click();
  await page.locator('.quick-input-widget .quick-input-action a, .quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
  await frame.getByText(/other › train/).first().waitFor({ timeout: 10_000 });
  log('another run overlaid');
  await page.screenshot({ path: path.join(RESULTS, 'compare-dark.png') });

  // Export: the CSV of every step lands beside the log (VS Code's save dialog, accepted as offered).
  await frame.getByRole('button', { name: 'Export CSV' }).click();
  const saveInput = page.locator('.quick-input-widget input.input');
  // The dialog is ready once it offers the suggested name; then accept it in its own input.
  await waitFor(async () => (await saveInput.isVisible()) && (await saveInput.inputValue()).endsWith('e2e.steps.csv'), 'the save dialog offering e2e.steps.csv');
  await saveInput.press('Enter');
  const csv = path.join(session.workspaceFolder, 'e2e.steps.csv');
  // The file may appear before all of it is written: wait for the extension's "saved" message first.
  await page.locator('.notifications-toasts', { hasText: 'saved' }).first().waitFor({ timeout: 10_000 });
  await waitFor(async () => fs.readFileSync(csv, 'utf8').endsWith('\n'), 'the exported CSV');
  const rows = fs.readFileSync(csv, 'utf8').trim().split('\n');
  assert.match(rows[0], /^step,split,n,loss,/);
  assert.equal(rows.length, 1 + 40 + APPENDS, 'a header and a row per step');
  log('exported the steps as CSV');

  // The same as JSON Lines, one object per step.
  await frame.getByRole('button', { name: 'Export JSON' }).click();
  await waitFor(async () => (await saveInput.isVisible()) && (await saveInput.inputValue()).endsWith('e2e.steps.jsonl'), 'the save dialog offering e2e.steps.jsonl');
  await saveInput.press('Enter');
  await page.locator('.notifications-toasts', { hasText: 'e2e.steps.jsonl' }).first().waitFor({ timeout: 10_000 });
  const jsonl = fs.readFileSync(path.join(session.workspaceFolder, 'e2e.steps.jsonl'), 'utf8').trim().split('\n');
  assert.equal(jsonl.length, 40 + APPENDS, 'a line per step');
  assert.equal(JSON.parse(jsonl[0].replace(/\bNaN\b/g, 'null')).step, 0);
  log('exported the steps as JSON Lines');

  // A chart as PNG: the image the webview drew, saved through the host.
  await frame.locator('button[aria-label$="as PNG"]').first().click();
  await waitFor(async () => (await saveInput.isVisible()) && /\/e2e-decomposition\.png$/.test(await saveInput.inputValue()), 'the save dialog offering e2e-decomposition.png');
  const pngName = path.basename(await saveInput.inputValue());
  await saveInput.press('Enter');
  const png = path.join(session.workspaceFolder, pngName);
  // Whole once its last chunk (IEND) is written.
  await waitFor(async () => fs.readFileSync(png).subarray(-8, -4).toString('latin1') === 'IEND', `${pngName} written`);
  assert.deepEqual([...fs.readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  log(`saved a chart as ${pngName} (${fs.statSync(png).size} bytes)`);

  // A window reload brings the panel back on the same run (the panel serializer, keyed by the run's file).
  await session.errors.duringReload(async () => {
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.tab', { hasText: 'e2e' }).first().click({ timeout: 60_000 });
  });
  const restored = frame.locator('canvas[data-chart="decomposition"]');
  await restored.waitFor({ timeout: 30_000 });
  await waitFor(async () => (await lastStep(restored)) === 40 + APPENDS - 1, 'every step back on the chart after a reload', 30_000);
  log('the inspector survives a window reload');

  assert.deepEqual(dialogs, [], 'no dialog (alert) was opened');
});


function gridColour(canvas) {
  return canvas.evaluate((el) => String(window.Chart.getChart(el).options.scales.y.grid.color));
}
