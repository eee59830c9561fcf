/* global document, HTMLIFrameElement */
// @ts-check
// Small UI moves on a VS Code workbench page, for Playwright tests that drive it like a person.

/**
 * Runs a command from the command palette by its full title (`Category: Title`). The workbench
 * shows before the extension host has registered every contribution, and focus changes can close
 * the palette, so the whole sequence is retried until the command shows up.
 * @param {import('playwright-core').Page} page
 * @param {string} title
 * @param {{ timeoutMs?: number }} [options]
 */
export async function runCommand(page, title, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    try {
      // Keys pressed while a webview has focus reach the workbench only through the webview's
      // forwarding, which can miss them (after a dialog closed back into the webview, say):
      // take focus out of the webview's frame first.
      await page.evaluate(() => {
        const active = document.activeElement;
        if (active instanceof HTMLIFrameElement || active?.closest('.webview')) /** @type {HTMLElement} */ (active).blur();
      });
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await input.waitFor({ timeout: 5000 });
      await input.fill(`>${title}`);
      await row.click({ timeout: 2000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`command "${title}" not found in the palette within ${timeoutMs} ms`, { cause: error });
      }
    }
  }
}

/**
 * The webview panel's content frame (the visible one), for locating elements inside it.
 * @param {import('playwright-core').Page} page
 */
export function webviewFrame(page) {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
}
