// Bundles every target with esbuild: the extension host, the CLI and the benchmark for node,
// the inspector webview for the browser. Type checking is separate (`npm run typecheck`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { renderFormulas } from './formulas.mjs';
import { assembleAll } from './wasm.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** @type {esbuild.BuildOptions} */
const browser = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const targets = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.js' },
  // The worker threads that read a large log's lines side by side (for the extension, CLI and bench).
  { ...node, entryPoints: ['src/run/ingestWorker.ts'], outfile: 'dist/ingestWorker.js' },
  // The loss calculator's browser code (it computes nothing: the host answers with the core).
  { ...browser, entryPoints: ['webview/calculator/main.ts'], outfile: 'dist/calculator.js' },
  // The inspector's browser code, Chart.js bundled in: the webview loads nothing remote.
  { ...browser, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js' },
];

// VS Code's icon font, for the webview's buttons (served from dist/, which the webview may load).
fs.mkdirSync('dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join('node_modules/@vscode/codicons/dist', file), path.join('dist/codicons', file));

// The WebAssembly text (src/core/*.wat, src/log/*.wat) into the TypeScript modules that the bundles import.
const assembled = await assembleAll();
if (assembled.length) console.log(`wasm: assembled ${assembled.join(', ')}`);

if (watch) {
  for (const options of targets) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}

// The hover's formulas as SVG, re-rendered only when src/explain/formulas.ts (or the renderer) changed.
const formulas = await renderFormulas();
if (formulas.rendered) console.log(`formulas: rendered ${formulas.count} in ${Math.round(formulas.ms)} ms`);
