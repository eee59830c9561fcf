/* global window */
// @ts-check
// End to end: Loss Lens in the editor, in a real VS Code (code-server) driven by Playwright in
// Chromium. Types logits and a target into `Loss Lens: Calculate Loss…` and checks the number
// against PyTorch's; types bad input and checks the error appears under the field with no number
// shown; selects numbers in a Python file and runs `Calculate Loss from Selection`; hovers a loss
// call and checks the hover shows its rendered formula; checks the warning on a double softmax and
// applies its quick fix; reloads the window; and starts the demo run in the inspector first. All in
// Restricted Mode, with the extension installed as a user has it. Fails on any console error. Screenshots go to test-results/editor/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCommand, runScenario, startVSCodeSession, waitFor, webviewFrame } from '../../scripts/vscode-host/index.mjs';

const RESULTS = path.resolve('test-results', 'editor');

/** Computed by PyTorch 1.13 in float64; the calculator agrees to 1e-12 absolute plus 1e-9 relative (as the unit tests). */
const TORCH = {
  // F.cross_entropy(tensor([[2, 1, 0.1]]), tensor([0]), label_smoothing=0.1)
  smoothed: 0.5136966829445002,
  // F.cross_entropy(tensor([[3.0, -1.0, 0.5]]), tensor([2]))
  fromSelection: 2.5956743294143823,
  // F.binary_cross_entropy_with_logits(tensor([[1.5, -0.3, 0.2]]), tensor([[1., 0, 1]]))
  multilabel: 0.4513024639442904,
};

function log(message) {
  console.log(`editor e2e: ${message}`);
}

fs.mkdirSync(RESULTS, { recursive: true });
const source = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-calc-e2e-'));
fs.writeFileSync(path.join(source, 'outputs.py'), '[3.0, -1.0, 0.5]\nprint("the logits above came from the model")\n');
fs.writeFileSync(
  path.join(source, 'train.py'),
  ['import torch', 'import torch.nn.functional as F', '', '', 'def step(model, x, y):', '    logits = model(x)', '    loss = F.cross_entropy(F.softmax(logits, dim=1), y, label_smoothing=0.1)', '    return loss', ''].join('\n'),
);
// Restricted Mode: the extension installed as a user would have it, in a workspace not trusted.
const session = await startVSCodeSession({ label: 'editor-e2e', workspaceSource: source, settings: { 'workbench.colorTheme': 'Default Light Modern' }, restricted: true, log });
fs.rmSync(source, { recursive: true, force: true });
const page = session.page;
await page.setViewportSize({ width: 1400, height: 1000 });
await runScenario(session, { results: RESULTS, log }, async () => {
  await session.open();
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  log('workbench is up, in Restricted Mode');

  // The inspector reads a run in Restricted Mode too: the demo run, live.
  await runCommand(page, 'Loss Lens: Start Demo Run');
  // Two inspectors side by side (classifier and tagger): look into the first.
  const demo = page.frameLocator('iframe.webview.ready >> visible=true').first().frameLocator('iframe#active-frame');
  await waitFor(
    () => demo.locator('canvas[data-chart="decomposition"]').evaluate((el) => (window.Chart.getChart(el)?.data.datasets ?? []).some((d) => d.data.length > 5)),
    'the demo run charted',
    30_000,
  );
  log('the inspector charts the demo run');
  await runCommand(page, 'View: Close All Editor Groups');

  await runCommand(page, 'Loss Lens: Calculate Loss…');
  const frame = webviewFrame(page);
  const headline = frame.locator('[data-headline] .headline-value');
  await headline.waitFor({ timeout: 30_000 });
  const shown = async () => Number(await headline.getAttribute('data-value'));
  const matches = async (/** @type {number} */ expected) => (await headline.count()) > 0 && Math.abs((await shown()) - expected) <= 1e-12 + 1e-9 * Math.abs(expected);

  // Multiclass: logits, a class index and label smoothing.
  await frame.locator('#field-outputs').fill('2, 1, 0.1');
  await frame.locator('#field-target').fill('0');
  await frame.locator('summary').click();
  await frame.locator('#field-label_smoothing').fill('0.1');
  await waitFor(() => matches(TORCH.smoothed), `the headline to read ${TORCH.smoothed}`);
  const identity = await frame.locator('[data-identity]').textContent();
  assert.match(identity ?? '', /H\(p\) 0\.29114 {2}\+ {2}KL\(p ‖ q\) 0\.222557 {2}= {2}H\(p, q\) 0\.513697 nats/);
  log(`label-smoothed cross-entropy shows ${await headline.textContent()} (PyTorch ${TORCH.smoothed})`);
  await page.screenshot({ path: path.join(RESULTS, 'calculator-light.png') });

  // Bad input: the error shows under the field, and no number is left on screen.
  await frame.locator('#field-target').fill('7');
  const targetError = frame.locator('[data-field-error="target"]');
  await targetError.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await targetError.textContent(), 'target: is class 7, out of range for 3 classes (0 to 2)');
  assert.equal(await frame.locator('[data-headline]').count(), 0, 'no number beside an error');
  await frame.locator('#field-outputs').fill('2, one, 0.1');
  await frame.locator('[data-field-error="outputs"]').getByText("outputs: 'one' is not a number").waitFor({ timeout: 10_000 });
  log('bad input is flagged where it was typed, with no number shown');
  await page.screenshot({ path: path.join(RESULTS, 'calculator-error.png') });

  // Multilabel: a sigmoid per neuron.
  await frame.locator('#field-task').selectOption('multilabel');
  await frame.locator('#field-outputs').fill('1.5, -0.3, 0.2');
  await frame.locator('#field-target').fill('1, 0, 1');
  await waitFor(() => matches(TORCH.multilabel), `the multilabel headline to read ${TORCH.multilabel}`);
  log(`multilabel BCE shows ${await headline.textContent()} (PyTorch ${TORCH.multilabel})`);

  // From a selection in the editor: the numbers fill the form; the target is asked for, not guessed.
  await openFile('outputs.py');
  const editor = page.locator('.monaco-editor[data-uri$="outputs.py"] .view-lines').first();
  await editor.click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  // Not runCommand: its Escape would clear the selection (VS Code's cancelSelection).
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').fill('>Loss Lens: Calculate Loss from Selection');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Calculate Loss from Selection' }).first().click();
  await waitFor(async () => (await frame.locator('#field-outputs').inputValue()) === '[3.0, -1.0, 0.5]', 'the selection in the form');
  assert.equal(await frame.locator('#field-task').inputValue(), 'multiclass');
  assert.equal(await frame.locator('#field-kind').inputValue(), 'logits');
  await frame.locator('[data-field-error="target"]').getByText('target: is empty').waitFor({ timeout: 10_000 });
  await frame.locator('#field-target').fill('2');
  await waitFor(() => matches(TORCH.fromSelection), `the headline to read ${TORCH.fromSelection}`);
  log(`from the selection: ${await headline.textContent()} (PyTorch ${TORCH.fromSelection})`);

  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
  await waitFor(async () => (await frame.locator('body').getAttribute('class'))?.includes('vscode-dark') ?? false, 'the dark theme');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(RESULTS, 'calculator-dark.png') });
  log('dark theme applied');

  // A hover on a loss call: the formula as an image that actually rendered, and the call's arguments explained.
  await openFile('train.py');
  const squiggle = page.locator('.monaco-editor[data-uri$="train.py"] .squiggly-warning');
  await squiggle.first().waitFor({ timeout: 15_000 });
  log('the double softmax is underlined');
  await goTo(7, 16); // inside `cross_entropy`
  await runCommand(page, 'Show or Focus Hover');
  const hover = page.locator('.monaco-hover .markdown-hover').filter({ hasText: 'label_smoothing' }).first();
  await hover.waitFor({ timeout: 15_000 });
  const formula = hover.locator('img[src^="data:image/svg+xml"]').first();
  await formula.waitFor({ timeout: 10_000 });
  await waitFor(() => formula.evaluate((img) => /** @type {HTMLImageElement} */ (img).complete && /** @type {HTMLImageElement} */ (img).naturalWidth > 100), 'the formula image to load');
  assert.match((await hover.textContent()) ?? '', /0\.9/);
  await page.screenshot({ path: path.join(RESULTS, 'hover-dark.png') });
  log('the hover shows the rendered formula and the smoothed target');

  // The quick fix removes the softmax.
  await page.keyboard.press('Escape');
  await goTo(7, 30); // inside `F.softmax(…)`
  await page.keyboard.press('Control+.');
  // The menu's first item is focused; a click would land on its pointer-blocking overlay.
  await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Remove' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor[data-uri$="train.py"] .view-line', { hasText: 'loss = F.cross_entropy(logits, y, label_smoothing=0.1)' }).waitFor({ timeout: 10_000 });
  await waitFor(async () => (await squiggle.count()) === 0, 'the warning to clear');
  log('the quick fix passes the logits straight to cross_entropy');

  // A reload brings the calculator back as it was left (VS Code's panel serializer and the page's saved state).
  await session.errors.duringReload(async () => {
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.tab', { hasText: 'Loss Calculator' }).first().click({ timeout: 60_000 });
  });
  await waitFor(async () => (await frame.locator('#field-outputs').inputValue()) === '[3.0, -1.0, 0.5]' && (await frame.locator('#field-target').inputValue()) === '2', 'the calculator restored after a reload', 30_000);
  await waitFor(() => matches(TORCH.fromSelection), 'the restored calculator to show its number again');
  log('the calculator survives a window reload');


});

async function openFile(/** @type {string} */ name) {
  await runCommand(page, 'Go to File...');
  await page.locator('.quick-input-widget input.input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator(`.monaco-editor[data-uri$="${name}"] .view-lines`).first().waitFor({ timeout: 10_000 });
}

/** Puts the cursor at a line and column (1-based) of the active editor. */
async function goTo(/** @type {number} */ line, /** @type {number} */ column) {
  await runCommand(page, 'Go to Line/Column...');
  await page.locator('.quick-input-widget input.input').fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
}

