import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', 'src');

function sources(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(['"]([^'"]+)['"]\)|import\(['"]([^'"]+)['"]\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

/** Which top-level folders of src/ each folder may import (see STYLE.md: data flows one way). */
const ALLOWED: Record<string, string[]> = {
  core: ['core'],
  log: ['core', 'log', 'protocol'],
  run: ['core', 'log', 'run', 'protocol'],
  cli: ['core', 'log', 'run', 'cli', 'protocol'],
  python: ['python'],
  lint: ['python', 'lint'],
  explain: ['explain'],
  calculator: ['core', 'calculator', 'calculatorProtocol'],
};

describe('architecture', () => {
  for (const [folder, allowed] of Object.entries(ALLOWED)) {
    it(`src/${folder} imports only ${allowed.join(', ')}${folder === 'core' ? ' (no vscode, no node, no DOM)' : ''}`, () => {
      const dir = path.join(SRC, folder);
      if (!fs.existsSync(dir)) return;
      for (const file of sources(dir)) {
        for (const specifier of imports(file)) {
          const where = path.relative(SRC, file);
          if (!specifier.startsWith('.')) {
            assert.ok(folder !== 'core' && specifier !== 'vscode', `${where} imports '${specifier}'`);
            continue;
          }
          if (folder !== 'core' && specifier.endsWith('/package.json')) continue; // the version, inlined by esbuild
          const target = path.relative(SRC, path.resolve(path.dirname(file), specifier)).split(path.sep)[0];
          assert.ok(allowed.includes(target), `${where} imports '${specifier}' from src/${target}`);
        }
      }
    });
  }

  it('src/core uses no DOM or node globals', () => {
    for (const file of sources(path.join(SRC, 'core'))) {
      const text = fs.readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /\b(process|require|window|document|Buffer)\s*[.(]/, path.relative(SRC, file));
    }
  });
});
