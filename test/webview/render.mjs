/* global window, document -- the functions given to page.evaluate run in the page */
// Renders the inspector webview in headless Chromium with a fake VS Code host (harness.html,
// fakeHost.js), feeds it real and synthetic runs, plays a live run, clicks a step, and saves
// screenshots to test-results/webview/ (light, dark and high contrast) for a person to look at. It
// also checks what it can see: no CSP violation or page error, every chart reachable through
// Chart.getChart, hostile names shown as text, live steps applied, zoom shared. Exit status 1 when
// a check fails.
//
//   node scripts/build.mjs && node test/webview/render.mjs [scenario…]
//   LOSS_LENS_CLI=/path/to/cli.js node test/webview/render.mjs   (summarise with another build)
import { check, chartsOf, checkCsp, clickChart, closeBrowser, failures, notes, open, send, settle, shoot, snapshot } from './browser.mjs';
import { demoRun, fixtureMulticlass, fixtureMultilabel, stepDetail, wideMulticlass, wideMultilabel, XSS_NAME } from './scenarios.mjs';

// ── scenarios ────────────────────────────────────────────────────────────────

const scenarios = {
  /** The demo trainer's run: snapshot, then the rest arriving live; zoom; a step clicked and inspected. */
  async demo() {
    const data = demoRun(2000);
    for (const theme of ['light', 'dark']) {
      const name = `demo-${theme}`;
      const page = await open(name, { theme, run: 'demo' });
      const cut = Math.floor(data.steps.length * 0.8);
      await snapshot(page, { run: data.run, steps: data.steps.slice(0, cut) });
      for (let i = cut; i < data.steps.length; i += 40) {
        const readAt = await page.evaluate(() => Date.now());
        await send(page, { type: 'steps', run: data.run, steps: data.steps.slice(i, i + 40), problems: [], problemCount: 0, readAt });
      }
      await page.waitForFunction(() => window.__lossLensLatency !== undefined);
      await settle(page);
      const latency = await page.evaluate(() => window.__lossLensLatency);
      check(latency.renderedAt >= latency.readAt, `${name}: latency record ${JSON.stringify(latency)}`);
      notes.push(`${name}: last append reached the screen ${latency.renderedAt - latency.readAt} ms after readAt`);
      const charts = await chartsOf(page);
      for (const key of ['decomposition', 'class-prob', 'entropy', 'accuracy']) {
        const chart = charts.find((c) => c.key === key);
        check(chart && chart.datasets > 0 && chart.points > 0, `${name}: chart ${key} has no data (${JSON.stringify(chart)})`);
      }
      const lastStep = data.steps[data.steps.length - 1].step;
      check(charts.every((c) => c.key === 'example' || c.xMax >= lastStep), `${name}: charts do not reach the last live step ${lastStep}`);
      await shoot(page, `${name}.png`);

      const request = await clickChart(page, 'decomposition', 0.35);
      check(request && request.split && Number.isInteger(request.step), `${name}: click posted ${JSON.stringify(request)}`);
      await send(page, stepDetail(request.split, request.step, 'multiclass', 4));
      await page.waitForSelector('table.terms tbody tr');
      await settle(page);
      await shoot(page, `${name}-inspector.png`, '#step-inspector');
      const exampleChart = (await chartsOf(page)).find((c) => c.key === 'example');
      check(exampleChart && exampleChart.datasets === 2, `${name}: example chart ${JSON.stringify(exampleChart)}`);

      // The keyboard on a focused chart moves the selection to the split's next step.
      const before = await page.evaluate(() => window.__harness.posted.length);
      await page.locator('canvas[data-chart="accuracy"]').focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((n) => window.__harness.posted.slice(n).some((m) => m.type === 'requestStep'), before);
      const next = await page.evaluate((n) => window.__harness.posted.slice(n).find((m) => m.type === 'requestStep'), before);
      const series = data.steps.filter((s) => s.split === request.split).map((s) => s.step);
      check(next.step === series[series.indexOf(request.step) + 1], `${name}: ArrowRight asked for ${JSON.stringify(next)} after ${request.step}`);
      await send(page, stepDetail(next.split, next.step, 'multiclass', 4));
      await page.getByRole('button', { name: 'Next example' }).click();
      await settle(page);
      const exampleLabel = await page.locator('.example-label').textContent();
      check(exampleLabel === '2 of 6', `${name}: after "Next example" the picker says ${exampleLabel}`);

      // Dragging across a plot zooms to the dragged range.
      const plot = await page.locator('canvas[data-chart="accuracy"]').boundingBox();
      await page.mouse.move(plot.x + plot.width * 0.3, plot.y + plot.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(plot.x + plot.width * 0.5, plot.y + plot.height * 0.5, { steps: 5 });
      await page.mouse.up();
      await settle(page);
      const dragged = await page.evaluate(() => window.__harness.state.zoom);
      check(dragged && dragged.max - dragged.min < lastStep * 0.3, `${name}: drag-select zoomed to ${JSON.stringify(dragged)}`);
      await page.getByRole('button', { name: 'Reset zoom' }).click();
      await settle(page);
      check((await page.evaluate(() => window.__harness.state.zoom)) === undefined, `${name}: Reset zoom left a zoom`);

      // Wheel zoom on one chart narrows every chart's x range alike.
      const box = await page.locator('canvas[data-chart="entropy"]').boundingBox();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
      await page.mouse.wheel(0, -400);
      await settle(page);
      const zoomed = await chartsOf(page);
      const ranges = new Set(zoomed.filter((c) => c.key !== 'example').map((c) => `${c.xMin}..${c.xMax}`));
      check(ranges.size === 1 && zoomed[0].xMax - zoomed[0].xMin < lastStep * 0.8, `${name}: wheel zoom not shared: ${[...ranges].join(' | ')}`);
      const state = await page.evaluate(() => window.__harness.state);
      check(state?.zoom && state.selected, `${name}: zoom/selection not saved with setState: ${JSON.stringify(state)}`);
      await shoot(page, `${name}-zoomed.png`);
      await checkCsp(page, name);
      await page.close();
    }
  },

  /** A restored state: zoomed, smoothed, log scale, a step selected. */
  async smoothed() {
    const data = demoRun(2000);
    const state = { zoom: { min: 200, max: 1400 }, ema: true, emaWeight: 0.9, logY: true, selected: { split: 'train', step: 700 }, example: 0 };
    const page = await open('smoothed', { theme: 'dark', run: 'demo', state });
    await snapshot(page, data);
    const request = await page.waitForFunction(() => window.__harness.posted.find((m) => m.type === 'requestStep'));
    check(!!(await request.jsonValue()), 'smoothed: the restored selection did not request its step');
    const charts = await chartsOf(page);
    check(charts[0].xMin === 200 && charts[0].xMax === 1400, `smoothed: restored zoom not applied (${charts[0].xMin}..${charts[0].xMax})`);
    await shoot(page, 'smoothed-log-dark.png');
    await page.close();
  },

  /** 120 classes, a class named like HTML, a diverged step, a logged-loss mismatch, unreadable lines. */
  async wide() {
    const data = wideMulticlass();
    data.run.name = XSS_NAME;
    const problems = [
      { file: 'runs/wide-classifier.losslens.jsonl', line: 812, field: 'targets', message: 'target 120 is out of range [0, 120)' },
      { file: 'runs/wide-classifier.losslens.jsonl', line: 4077, message: `not valid JSON: ${XSS_NAME}` },
    ];
    for (const theme of ['dark', 'light']) {
      const name = `wide-${theme}`;
      const page = await open(name, { theme, run: XSS_NAME });
      await snapshot(page, data, { problems, problemCount: 57 });
      const charts = await chartsOf(page);
      const classProb = charts.find((c) => c.key === 'class-prob');
      check(classProb.datasets <= 2 * 2 * (8 + 1), `${name}: class-prob draws ${classProb.datasets} datasets for 120 classes`);
      const labels = await page.evaluate(() => [...document.querySelectorAll('.points-label')].map((e) => e.textContent));
      check(labels.some((l) => / of /.test(l)), `${name}: no "N of M points" label shows downsampling: ${labels.join(' | ')}`);
      const title = await page.locator('h1').textContent();
      check(title === XSS_NAME, `${name}: run name shown as ${title}`);
      await page.locator('details.problems summary').click();
      await page.locator('[data-card="class-prob"] details.picker summary').click();
      await page.locator('[data-card="class-prob"] .picker-search').fill('img');
      await settle(page);
      const picked = await page.locator('[data-card="class-prob"] .picker-item span').allTextContents();
      check(picked.includes(XSS_NAME), `${name}: the hostile class name is not listed literally: ${picked.join(', ')}`);
      check((await page.locator('img').count()) === 0, `${name}: an <img> element was created from log text`);
      await page.locator('[data-card="class-prob"] .picker-item input').first().check();
      await settle(page);
      await shoot(page, `${name}.png`);
      await page.locator('.banner button').click();
      const request = await page.waitForFunction(() => window.__harness.posted.find((m) => m.type === 'requestStep'));
      const { split, step } = await request.jsonValue();
      check(step === 3100, `${name}: "Inspect" on the non-finite banner asked for step ${step}`);
      await send(page, { type: 'stepDetail', split, step, examples: [], error: 'the log changed since it was read (line 3101 is gone)' });
      await page.waitForSelector('.status[role="alert"]');
      await shoot(page, `${name}-inspector-error.png`, '#step-inspector');
      await checkCsp(page, name);
      await page.close();
    }
  },

  /** A narrow panel (beside an editor), wall-time axis, and export requests. */
  async narrow() {
    const data = wideMulticlass(3000, 30);
    const page = await open('narrow', { theme: 'dark', run: 'narrow', width: 720, height: 900 });
    await snapshot(page, data);
    await page.locator('label[for="x-time"]').click();
    await settle(page);
    const title = await page.evaluate(() => window.Chart.getChart(document.querySelector('canvas[data-chart="accuracy"]')).options.scales.x.title.text);
    check(title === 'wall time', `narrow: x axis title ${title}`);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('button', { name: 'Save Accuracy as PNG' }).click();
    const posted = await page.evaluate(() => window.__harness.posted.map((m) => ({ type: m.type, format: m.format, name: m.name, png: typeof m.dataUrl === 'string' && m.dataUrl.startsWith('data:image/png;base64,') })));
    check(posted.some((m) => m.type === 'exportData' && m.format === 'csv'), 'narrow: Export CSV posted nothing');
    check(posted.some((m) => m.type === 'savePng' && m.name === 'wide-classifier-accuracy.png' && m.png), `narrow: PNG export posted ${JSON.stringify(posted.filter((m) => m.type === 'savePng'))}`);
    await shoot(page, 'narrow-time-dark.png');
    // Wider plot, more points: the downsampling follows the width.
    const narrowPoints = (await chartsOf(page)).find((c) => c.key === 'entropy').points;
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.waitForTimeout(300);
    await settle(page);
    const widePoints = (await chartsOf(page)).find((c) => c.key === 'entropy').points;
    check(widePoints > narrowPoints, `narrow: after widening, entropy draws ${widePoints} points (was ${narrowPoints})`);
    await checkCsp(page, 'narrow');
    await page.close();
  },

  /** Multilabel: the small fixture, and a 40-neuron head with its heatmap. */
  async multilabel() {
    const small = fixtureMultilabel();
    const page = await open('multilabel-fixture', { theme: 'light', run: 'multilabel' });
    await snapshot(page, small);
    const keys = (await chartsOf(page)).map((c) => c.key);
    check(['total-bce', 'neuron-bce', 'sigmoid', 'accuracy'].every((k) => keys.includes(k)), `multilabel: charts ${keys.join(', ')}`);
    await shoot(page, 'multilabel-fixture-light.png');
    await page.close();

    const wide = wideMultilabel();
    for (const theme of ['dark', 'light']) {
      const name = `tagger-${theme}`;
      const p = await open(name, { theme, run: 'tagger' });
      await snapshot(p, wide);
      check((await p.locator('canvas[data-chart="neuron-heatmap"]').count()) === 1, `${name}: no heatmap for 40 neurons`);
      const request = await clickChart(p, 'total-bce', 0.7);
      await send(p, stepDetail(request.split, request.step, 'multilabel', 40));
      await p.waitForSelector('table.terms tbody tr');
      await settle(p);
      await shoot(p, `${name}.png`);
      await shoot(p, `${name}-heatmap.png`, '[data-card="neuron-bce"]');
      // The wheel over the heatmap zooms every chart (one shared x range); a double-click shows all.
      const xWidth = () => p.evaluate(() => {
        const scale = window.Chart.getChart(document.querySelector('canvas[data-chart="total-bce"]')).scales.x;
        return scale.max - scale.min;
      });
      const before = await xWidth();
      const heatmap = p.locator('canvas[data-chart="neuron-heatmap"]');
      const box = await heatmap.boundingBox();
      await p.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      await p.mouse.wheel(0, -400);
      await settle(p);
      const zoomed = await xWidth();
      check(zoomed < before * 0.9, `${name}: the wheel over the heatmap zooms the charts (x width ${before} → ${zoomed})`);
      await heatmap.dblclick({ position: { x: box.width * 0.6, y: box.height / 2 } });
      await settle(p);
      check((await xWidth()) === before, `${name}: a double-click on the heatmap shows every step again`);
      await checkCsp(p, name);
      await p.close();
    }
  },

  /** The weighted, label-smoothed fixture (loss ≠ H + KL), in high contrast and after a live theme switch. */
  async fixture() {
    const data = fixtureMulticlass();
    const page = await open('fixture-hc', { theme: 'high-contrast', run: 'weighted-smoothed' });
    await snapshot(page, data);
    await shoot(page, 'fixture-high-contrast.png');
    await page.evaluate(() => window.__harness.setTheme('light'));
    await settle(page);
    await settle(page);
    const background = await page.evaluate(() => {
      const canvas = document.querySelector('canvas[data-chart="decomposition"]');
      const pixel = canvas.getContext('2d').getImageData(2, 2, 1, 1).data;
      return [...pixel.slice(0, 3)];
    });
    check(background.every((v) => v > 240), `fixture: after switching to light the chart background is rgb(${background})`);
    await shoot(page, 'fixture-switched-light.png');
    await page.close();
  },

  /** Before the first record: loading, then the empty state. */
  async empty() {
    const page = await open('empty', { theme: 'light', run: 'fresh' });
    await send(page, { type: 'snapshot', run: { id: 'x', name: 'fresh', files: ['runs/fresh.losslens.jsonl'], task: undefined, classNames: [] }, steps: [], problems: [], problemCount: 0, loading: 0.35 });
    await settle(page);
    await shoot(page, 'empty-loading-light.png');
    await send(page, { type: 'progress', fraction: 1 });
    await settle(page);
    check(await page.locator('.empty').isVisible(), 'empty: no empty state');
    await shoot(page, 'empty-light.png');
    await page.close();
  },
};

const chosen = process.argv.slice(2);
for (const [name, run] of Object.entries(scenarios)) {
  if (chosen.length && !chosen.includes(name)) continue;
  try {
    await run();
  } catch (error) {
    failures.push(`${name}: ${error.stack ?? error}`);
  }
}
await closeBrowser();
for (const note of notes) console.log(note);
if (failures.length) {
  console.error(`\n${failures.length} check(s) failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nall checks passed');
