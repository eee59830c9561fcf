// @ts-check
// Bundles test/integration/index.ts (the mocha runner) and every *.test.ts under
// test/integration/ into out/integration/, one file each, for the extension host to load.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths.mjs';

export const integrationSource = path.join(repoRoot, 'test', 'integration');
export const integrationOut = path.join(repoRoot, 'out', 'integration');

/**
 * @returns {Promise<{ runnerPath: string, suites: string[] }>} the bundled runner and the suite
 *   sources it will find
 */
export async function bundleIntegrationTests() {
  const suites = fs
    .readdirSync(integrationSource, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .sort();
  const result = await esbuild.build({
    entryPoints: ['index.ts', ...suites].map((file) => path.join(integrationSource, file)),
    outbase: integrationSource,
    outdir: integrationOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // vscode is provided by the extension host; mocha resolves from node_modules so that every
    // suite registers on the one instance the runner created.
    external: ['vscode', 'mocha'],
    metafile: true,
    absWorkingDir: repoRoot, // metafile paths are relative to it
    logLevel: 'warning',
  });
  // The runner runs every *.test.js it finds: remove bundles of suites that no longer exist. (Not
  // the whole folder first: a run started at the same time may be loading these files.)
  const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(repoRoot, file)));
  for (const file of fs.readdirSync(integrationOut, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(integrationOut, file);
    if (file.endsWith('.js') && !written.has(full)) fs.rmSync(full);
  }
  return { runnerPath: path.join(integrationOut, 'index.js'), suites };
}
