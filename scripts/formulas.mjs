// Renders the formulas of src/explain/formulas.ts to SVG with MathJax, at build time: a VS Code
// hover is markdown without KaTeX or MathJax, so a formula can only reach it as an image.
//
// Per formula and theme kind, dist/formulas/<id>.<variant>.svg, plus dist/formulas/index.json
// ({ [id]: { width, height } } in px) so that the hover can size the <img> before it loads.
// Run on its own: node scripts/formulas.mjs [--force] [--out <dir>]
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'src/explain/formulas.ts');
const THIS_SCRIPT = fileURLToPath(import.meta.url);

/**
 * Pixels per ex. MathJax sizes its output in ex of the surrounding text; an <img> has no
 * surrounding text, so the size is fixed here: 8 px per ex reads like 18 px type, a little larger
 * than a hover's 13 px so that sub- and superscripts stay legible.
 */
export const PX_PER_EX = 8;

/** Blank space around the formula, in px, so antialiased edges are not cut off. */
const PADDING_PX = 2;

/**
 * Text colour per variant. An <img> does not inherit the editor's colour, so `currentColor`
 * would be black everywhere; each theme kind gets its own file. The light and dark greys are
 * VS Code's default editor foregrounds; high contrast themes get pure white or pure black.
 */
export const VARIANT_COLOURS = {
  light: '#1f1f1f',
  dark: '#d4d4d4',
  hc: '#ffffff',
  hclight: '#000000',
};

/**
 * Renders every formula unless the outputs are newer than both the TeX and this script.
 * Returns what it did, for the build's log and the tests.
 * @param {{ outDir?: string, force?: boolean }} [options]
 * @returns {Promise<{ rendered: boolean, count: number, ms: number, outDir: string }>}
 */
export async function renderFormulas(options = {}) {
  const started = performance.now();
  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'dist/formulas'));
  const current = options.force ? undefined : upToDate(outDir);
  if (current) return { rendered: false, count: current, ms: performance.now() - started, outDir };
  const { FORMULAS, FORMULA_TEXT, FORMULA_VARIANTS } = await loadFormulaModule();
  const ids = Object.keys(FORMULAS);
  if (FORMULA_VARIANTS.some((variant) => !(variant in VARIANT_COLOURS))) {
    throw new Error(`scripts/formulas.mjs has no colour for every variant of ${FORMULA_VARIANTS.join(', ')}`);
  }
  const toSvg = createTexToSvg();
  fs.mkdirSync(outDir, { recursive: true });
  /** @type {Record<string, { width: number, height: number }>} */
  const index = {};
  for (const id of ids) {
    const title = FORMULA_TEXT[id];
    if (typeof title !== 'string' || title === '') throw new Error(`src/explain/formulas.ts: FORMULA_TEXT has no reading for '${id}'`);
    const { svg, width, height } = sizedSvg(toSvg(FORMULAS[id], id));
    index[id] = { width, height };
    for (const variant of FORMULA_VARIANTS) {
      fs.writeFileSync(path.join(outDir, `${id}.${variant}.svg`), finishSvg(svg, VARIANT_COLOURS[variant], title));
    }
  }
  // Written last: its date is what marks the set as complete and current.
  fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return { rendered: true, count: ids.length, ms: performance.now() - started, outDir };
}

/**
 * Imports src/explain/formulas.ts by bundling it in memory with esbuild: the TeX is read by the
 * same compiler that builds the extension, never by a regular expression over its text.
 */
async function loadFormulaModule() {
  const result = await esbuild.build({
    entryPoints: [SOURCE],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/**
 * The number of formulas when dist/formulas is complete and newer than the TeX and this script,
 * else 0. Decided from dates and index.json alone, without compiling formulas.ts: a build that
 * changed nothing here pays a few file stats.
 */
function upToDate(outDir) {
  const indexFile = path.join(outDir, 'index.json');
  if (!fs.existsSync(indexFile)) return 0;
  const built = fs.statSync(indexFile).mtimeMs;
  if (built < fs.statSync(SOURCE).mtimeMs || built < fs.statSync(THIS_SCRIPT).mtimeMs) return 0;
  const ids = Object.keys(JSON.parse(fs.readFileSync(indexFile, 'utf8')));
  const complete = ids.every((id) => Object.keys(VARIANT_COLOURS).every((variant) => fs.existsSync(path.join(outDir, `${id}.${variant}.svg`))));
  return complete ? ids.length : 0;
}

/** One MathJax document for all formulas: TeX with every package in, SVG out, glyphs kept in the file. */
function createTexToSvg() {
  // mathjax-full is CommonJS; its modules are loaded as such.
  const require = createRequire(import.meta.url);
  const { mathjax } = require('mathjax-full/js/mathjax.js');
  const { TeX } = require('mathjax-full/js/input/tex.js');
  const { SVG } = require('mathjax-full/js/output/svg.js');
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js');
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js');
  const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js');
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  // fontCache 'local': each glyph's path is defined once per file and reused, and nothing refers
  // outside the file (an <img> cannot reach a page-wide glyph cache).
  const document = mathjax.document('', {
    InputJax: new TeX({ packages: AllPackages, formatError: (_jax, error) => { throw error; } }),
    OutputJax: new SVG({ fontCache: 'local' }),
  });
  return (tex, id) => {
    const container = document.convert(tex, { display: true });
    const svg = adaptor.innerHTML(container);
    if (svg.includes('data-mjx-error') || svg.includes('merror')) throw new Error(`formula '${id}': TeX error in ${tex}`);
    return svg;
  };
}

/**
 * Replaces MathJax's ex-based size by whole pixels, padding the view box so that the picture keeps
 * its proportions exactly (a rounded size with the old view box would stretch it).
 */
function sizedSvg(svg) {
  const open = svg.match(/^<svg\b[^>]*>/)?.[0];
  const width = Number(open?.match(/\swidth="([\d.]+)ex"/)?.[1]);
  const height = Number(open?.match(/\sheight="([\d.]+)ex"/)?.[1]);
  const box = open?.match(/\sviewBox="([^"]+)"/)?.[1].split(/\s+/).map(Number);
  if (!open || !(width > 0) || !(height > 0) || box?.length !== 4) throw new Error(`unexpected MathJax output: ${svg.slice(0, 200)}`);
  const [x, y, w, h] = box;
  const unitsPerPx = w / (width * PX_PER_EX);
  const pxWidth = Math.ceil(width * PX_PER_EX + 2 * PADDING_PX);
  const pxHeight = Math.ceil(height * PX_PER_EX + 2 * PADDING_PX);
  const boxWidth = pxWidth * unitsPerPx;
  const boxHeight = pxHeight * unitsPerPx;
  const viewBox = [x - (boxWidth - w) / 2, y - (boxHeight - h) / 2, boxWidth, boxHeight].map((v) => +v.toFixed(1)).join(' ');
  const attributes = open
    .replace(/\sstyle="[^"]*"/, '')
    .replace(/\swidth="[^"]*"/, ` width="${pxWidth}px"`)
    .replace(/\sheight="[^"]*"/, ` height="${pxHeight}px"`)
    .replace(/\sviewBox="[^"]*"/, ` viewBox="${viewBox}"`);
  return { svg: attributes + svg.slice(open.length), width: pxWidth, height: pxHeight };
}

/** Fixes the colour, and gives the picture a title that a screen reader reads out. */
function finishSvg(svg, colour, title) {
  const open = svg.match(/^<svg\b[^>]*>/)[0];
  const body = svg.slice(open.length).replaceAll('currentColor', colour);
  return `${open}<title>${escapeXml(title)}</title>${body}\n`;
}

function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const out = args.indexOf('--out');
  const result = await renderFormulas({ force: args.includes('--force'), outDir: out >= 0 ? args[out + 1] : undefined });
  const where = path.relative(process.cwd(), result.outDir) || '.';
  console.log(result.rendered ? `formulas: rendered ${result.count} to ${where} in ${Math.round(result.ms)} ms` : `formulas: ${where} is up to date`);
}
