/* global window, document, requestAnimationFrame -- the functions given to page.evaluate run in the page */
// The webview harness's browser side: serves the repository on 127.0.0.1, opens
// test/webview/harness.html in Debian's Chromium (playwright-core), and the helpers the scenarios
// in render.mjs use to drive a page and record what went wrong.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT = path.join(ROOT, 'test-results', 'webview');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.png': 'image/png', '.ttf': 'font/ttf', '.woff2': 'font/woff2' };
/** Failed checks and saved files, reported by render.mjs at the end. */
export const failures = [];
export const notes = [];

export function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

/** Serves the repository read-only on 127.0.0.1 (an ephemeral port). */
function serve() {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const file = path.join(ROOT, decodeURIComponent(url.pathname));
    if (!file.startsWith(ROOT + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}/test/webview/harness.html`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
fs.mkdirSync(OUT, { recursive: true });

export async function closeBrowser() {
  await browser.close();
  server.close();
}

/** A fresh page on the harness, with errors and dialogs (an injected alert) recorded as failures. */
export async function open(name, { theme = 'dark', run = 'run', width = 1400, height = 1000, state } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => failures.push(`${name}: page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && failures.push(`${name}: console error: ${message.text()} ${message.location().url ?? ''}`));
  page.on('dialog', (dialog) => {
    failures.push(`${name}: a dialog opened (${dialog.message()}): log text reached HTML`);
    void dialog.dismiss();
  });
  const query = new URLSearchParams({ theme, run, ...(state ? { state: JSON.stringify(state) } : {}) });
  await page.goto(`${base}?${query}`);
  await page.waitForFunction(() => window.__harness.posted.some((m) => m.type === 'ready'));
  return page;
}

export const send = (page, message) => page.evaluate((m) => window.__harness.send(m), message);
export const settle = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

export async function snapshot(page, data, extra = {}) {
  await send(page, { type: 'snapshot', run: data.run, steps: data.steps, problems: [], problemCount: 0, ...extra });
  await settle(page);
}

/** What the charts hold, read the way the end-to-end test reads it: Chart.getChart(canvas). */
export function chartsOf(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
      const chart = window.Chart?.getChart(canvas);
      return {
        key: canvas.dataset.chart,
        label: canvas.getAttribute('aria-label'),
        datasets: chart ? chart.data.datasets.length : -1,
        points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1,
        xMin: chart?.scales.x?.min,
        xMax: chart?.scales.x?.max,
      };
    }),
  );
}

export async function shoot(page, file, selector) {
  // A full-page shot of a scrolled page draws the sticky toolbar mid-page: scroll home first.
  if (!selector) await page.evaluate(() => window.scrollTo(0, 0));
  const target = selector ? page.locator(selector).first() : page;
  await target.screenshot({ path: path.join(OUT, file), fullPage: selector ? undefined : true });
  notes.push(`saved ${path.relative(ROOT, path.join(OUT, file))}`);
}

export async function checkCsp(page, name) {
  const violations = await page.evaluate(() => window.__harness.cspViolations);
  check(violations.length === 0, `${name}: CSP violations: ${violations.join('; ')}`);
}

/** Clicks the plot of a chart at a share of its width; returns the requestStep it posted. */
export async function clickChart(page, key, share) {
  const box = await page.locator(`canvas[data-chart="${key}"]`).boundingBox();
  const area = await page.evaluate((k) => window.Chart.getChart(document.querySelector(`canvas[data-chart="${k}"]`)).chartArea, key);
  const before = await page.evaluate(() => window.__harness.posted.length);
  await page.mouse.click(box.x + area.left + (area.right - area.left) * share, box.y + (area.top + area.bottom) / 2);
  await page.waitForFunction((n) => window.__harness.posted.slice(n).some((m) => m.type === 'requestStep'), before, { timeout: 3000 });
  return page.evaluate((n) => window.__harness.posted.slice(n).filter((m) => m.type === 'requestStep').pop(), before);
}
