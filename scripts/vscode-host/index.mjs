// @ts-check
// A real VS Code (code-server in headless Chromium) with this extension loaded, for tests.
// See README.md beside this file.
export { startVSCodeSession } from './session.mjs';
export { runCommand, webviewFrame } from './workbench.mjs';
export { runScenario, waitFor } from './scenario.mjs';
export { KNOWN_NOISE, extensionHostLogErrors } from './errors.mjs';
export { ensureCodeServer, CODE_SERVER_VERSION } from './install-code-server.mjs';
export { CHROMIUM_PATH, MissingChromiumError } from './browser.mjs';
