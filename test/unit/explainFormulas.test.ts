import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FORMULAS, FORMULA_TEXT, FORMULA_VARIANTS, type FormulaId } from '../../src/explain/formulas';

const ROOT = path.join(__dirname, '..', '..');

/** The widest formula a hover shows without scrolling, in px. */
const MAX_WIDTH = 520;

/** The text colour each variant must be drawn in (an <img> cannot inherit one). */
const COLOURS: Record<string, string> = { light: '#1f1f1f', dark: '#d4d4d4', hc: '#ffffff', hclight: '#000000' };

/** Runs the renderer as the build does, into `outDir`. */
function render(outDir: string, force: boolean): string {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/formulas.mjs'), '--out', outDir, ...(force ? ['--force'] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe('explain: formulas rendered to SVG', function () {
  let outDir: string;
  let index: Record<string, { width: number; height: number }>;
  const ids = Object.keys(FORMULAS) as FormulaId[];

  before(function () {
    this.timeout(60_000);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-formulas-'));
    render(outDir, true);
    index = JSON.parse(fs.readFileSync(path.join(outDir, 'index.json'), 'utf8'));
  });

  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('gives every formula a plain-text reading', () => {
    for (const id of ids) assert.ok(FORMULA_TEXT[id]?.length > 10, id);
  });

  it('writes index.json with the size in px of every formula, each narrow enough for a hover', () => {
    assert.deepEqual(Object.keys(index).sort(), [...ids].sort());
    for (const id of ids) {
      const { width, height } = index[id];
      assert.ok(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0, `${id}: ${width}×${height}`);
      assert.ok(width <= MAX_WIDTH, `${id} is ${width} px wide, over ${MAX_WIDTH}`);
    }
  });

  it('writes a light, dark, hc and hclight SVG of every formula: fixed colour, px size, a title, self-contained', () => {
    assert.deepEqual([...FORMULA_VARIANTS], ['light', 'dark', 'hc', 'hclight']);
    for (const id of ids) {
      for (const variant of FORMULA_VARIANTS) {
        const where = `${id}.${variant}.svg`;
        const svg = fs.readFileSync(path.join(outDir, where), 'utf8');
        const open = svg.match(/^<svg\b[^>]*>/)?.[0];
        assert.ok(open && svg.trimEnd().endsWith('</svg>'), `${where}: one <svg> element`);
        assert.ok(open.includes(`width="${index[id].width}px"`) && open.includes(`height="${index[id].height}px"`), `${where}: ${open}`);
        assert.match(open, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        assert.doesNotMatch(svg, /currentColor/, where);
        assert.ok(svg.includes(`fill="${COLOURS[variant]}"`), `${where}: drawn in ${COLOURS[variant]}`);
        const title = svg.match(/<title>([^<]+)<\/title>/)?.[1];
        assert.ok(title && title.length > 10, `${where}: <title>`);
        // Every glyph it uses is defined in the file itself: an <img> can reach nothing else.
        const defined = new Set(Array.from(svg.matchAll(/\sid="([^"]+)"/g), (m) => m[1]));
        for (const [, ref] of svg.matchAll(/href="([^"]*)"/g)) {
          assert.ok(ref.startsWith('#') && defined.has(ref.slice(1)), `${where}: reference ${ref}`);
        }
        assert.doesNotMatch(svg, /merror|data-mjx-error/, `${where}: a TeX error`);
      }
    }
  });

  it('skips the rendering when the outputs are newer than the TeX and the renderer', function () {
    this.timeout(60_000);
    assert.match(render(outDir, false), /up to date/);
    fs.rmSync(path.join(outDir, `${ids[0]}.hc.svg`));
    assert.match(render(outDir, false), /rendered/);
    assert.ok(fs.existsSync(path.join(outDir, `${ids[0]}.hc.svg`)));
  });
});
