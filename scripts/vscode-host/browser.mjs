// @ts-check
// Debian's Chromium driven by playwright-core: Playwright's own browser builds cannot be
// downloaded on these machines, and Debian's package can.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LOSS_LENS_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in CI, where Chromium's sandbox refuses to start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Thrown when the browser is not installed, with the command that installs it. */
export class MissingChromiumError extends Error {
  constructor() {
    super(
      `Chromium not found at ${CHROMIUM_PATH}. The extension-host tests open VS Code (code-server) in it.\n` +
        '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
        '  elsewhere: install Chromium or Chrome and set LOSS_LENS_CHROMIUM=/path/to/the/binary',
    );
    this.name = 'MissingChromiumError';
  }
}

/** Throws MissingChromiumError unless the browser is installed. */
export function assertChromiumInstalled() {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new MissingChromiumError();
}

/**
 * Launches headless Chromium with its profile in the run folder.
 * @param {import('./paths.mjs').RunDir} runDir
 * @param {{ headless?: boolean }} [options] `headless: false` needs a display
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchChromium(runDir, { headless = true } = {}) {
  assertChromiumInstalled();
  return chromium.launchPersistentContext(path.join(runDir.root, 'chromium'), {
    executablePath: CHROMIUM_PATH,
    headless,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...runDir.env },
    viewport: { width: 1400, height: 900 },
  });
}
