import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const WEBVIEW = path.join(__dirname, '..', '..', 'webview');

function sources(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Modules with no DOM: they run (and are tested) in node. */
const PURE = ['series.ts', 'smoothing.ts', 'chartData.ts', 'zoom.ts', 'ranking.ts', 'format.ts', 'colors.ts', 'state.ts', 'heatmapData.ts', 'exampleData.ts', 'calculator/calculatorFormat.ts'];

describe('webview architecture', () => {
  it('imports only the protocol, the math core, Chart.js and itself', () => {
    for (const file of sources(WEBVIEW)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const where = path.relative(WEBVIEW, file);
        if (!specifier.startsWith('.')) {
          assert.ok(specifier === 'chart.js' || specifier === 'chart.js/helpers', `${where} imports '${specifier}'`);
          continue;
        }
        const target = path.resolve(path.dirname(file), specifier);
        const allowed = target.startsWith(WEBVIEW + path.sep) || target === path.resolve(WEBVIEW, '..', 'src', 'protocol') || target === path.resolve(WEBVIEW, '..', 'src', 'calculatorProtocol') || target.startsWith(path.resolve(WEBVIEW, '..', 'src', 'core') + path.sep);
        assert.ok(allowed, `${where} imports '${specifier}'`);
      }
    }
  });

  it('keeps the data shaping free of the DOM, and log text out of innerHTML', () => {
    for (const name of PURE) {
      const text = fs.readFileSync(path.join(WEBVIEW, name), 'utf8');
      assert.doesNotMatch(text, /\b(window|document|HTMLElement|requestAnimationFrame)\b/, name);
    }
    for (const file of sources(WEBVIEW)) assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, path.relative(WEBVIEW, file));
  });
});
