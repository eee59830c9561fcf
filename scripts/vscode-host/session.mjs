// @ts-check
// "Start VS Code with this extension on this folder and give me a page": code-server plus
// headless Chromium, for the in-host mocha run and for Playwright tests that drive the UI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertChromiumInstalled, launchChromium } from './browser.mjs';
import { startCodeServer } from './code-server.mjs';
import { ensureCodeServer } from './install-code-server.mjs';
import { watchPageErrors } from './errors.mjs';
import { createRunDir, repoRoot } from './paths.mjs';

/**
 * @typedef {object} VSCodeSession
 * @property {import('./paths.mjs').RunDir} runDir holds every log of the run
 * @property {import('./code-server.mjs').CodeServer} server
 * @property {import('playwright-core').BrowserContext} context
 * @property {import('playwright-core').Page} page blank until `open` is called
 * @property {import('./errors.mjs').PageErrors} errors
 * @property {string} workspaceFolder
 * @property {(options?: { extensionTestsPath?: string }) => string} workbenchUrl
 * @property {(options?: { extensionTestsPath?: string }) => Promise<void>} open
 *   navigates to the workbench; resolves once the editor area is shown, which is before the
 *   extension host has registered every command (runCommand in workbench.mjs waits for that)
 * @property {() => Promise<void>} close closes the browser and stops code-server
 */

/**
 * @param {object} [options]
 * @param {string} [options.label] prefix of the run folder name
 * @param {import('./paths.mjs').RunDir} [options.runDir] a run folder made by createRunDir; a new
 *   one by default
 * @param {string} [options.extensionDevelopmentPath] the extension to load; the repository root by default
 * @param {string} [options.workspaceSource] a folder copied into the run as the workspace
 *   (tests may change their copy); an empty folder by default. Each run gets its own copy, as two
 *   windows on one folder race for its workspace-storage lock.
 * @param {Record<string, unknown>} [options.settings] user settings over the defaults
 * @param {Record<string, string>} [options.env] environment of code-server and the extension host
 * @param {RegExp[]} [options.ignoreErrors] page errors to tolerate beyond the known noise
 * @param {boolean} [options.restricted] install the extension (as a user would, not under
 *   development, which VS Code always trusts) and open the workspace untrusted: Restricted Mode
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<VSCodeSession>}
 */
export async function startVSCodeSession({
  label = 'session',
  runDir = createRunDir(label),
  extensionDevelopmentPath = repoRoot,
  workspaceSource,
  settings,
  env,
  ignoreErrors,
  restricted = false,
  log = console.log,
} = {}) {
  assertChromiumInstalled();
  const entryPoint = await ensureCodeServer({ log });
  const workspaceFolder = path.join(runDir.root, 'workspace');
  if (workspaceSource) fs.cpSync(workspaceSource, workspaceFolder, { recursive: true });
  else fs.mkdirSync(workspaceFolder, { recursive: true });

  if (restricted) installExtension(extensionDevelopmentPath, path.join(runDir.root, 'exts'));
  const trust = restricted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
  const server = await startCodeServer({ entryPoint, runDir, workspaceFolder, settings: { ...settings, ...trust }, env, workspaceTrust: restricted });
  /** @type {import('playwright-core').BrowserContext} */
  let context;
  try {
    context = await launchChromium(runDir);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = watchPageErrors(page, { logPath: path.join(runDir.root, 'browser-console.log'), ignore: ignoreErrors });

  /** @param {{ extensionTestsPath?: string }} [options] */
  const workbenchUrl = ({ extensionTestsPath } = {}) => {
    // VS Code for the Web reads development options from the page URL; code-server rejects them as flags.
    const remote = (/** @type {string} */ file) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(file)}`;
    const payload = restricted ? [] : [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
    if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
    const query = new URLSearchParams({ folder: workspaceFolder, payload: JSON.stringify(payload) });
    return `${server.origin}/?${query}`;
  };

  return {
    runDir,
    server,
    context,
    page,
    errors,
    workspaceFolder,
    workbenchUrl,
    async open(options) {
      await page.goto(workbenchUrl(options));
      await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
    },
    async close() {
      await context.close().catch(() => {});
      await server.stop();
    },
  };
}

/**
 * Installs the built extension into an extensions folder the way a VSIX would: what .vscodeignore
 * ships (the manifest, dist/ and media/), in `publisher.name-version`.
 * @param {string} root the extension's folder
 * @param {string} extensionsDir
 */
function installExtension(root, extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'media']) {
    if (fs.existsSync(path.join(root, entry))) fs.cpSync(path.join(root, entry), path.join(target, entry), { recursive: true });
  }
}
