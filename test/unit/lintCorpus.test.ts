import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findMistakes, type Mistake, type TextEdit } from '../../src/lint/mistakes';
import { applyEdits } from '../../src/lint/textEdits';
import { analyzePython } from '../../src/python/pythonModule';

/**
 * The corpus: `correct/*.py` must give no finding at all; each `mistakes/*.py` lists its findings
 * in its header (`# expect: CODE at LINE:COLUMN \`underlined text\``, with `(no fix)` when none
 * is offered) and the calls that must be found after every fix is applied
 * (`# after fix: LINE:COLUMN canonical.name`); `fixed/<same name>.py` is the exact text after
 * applying every fix.
 */
const CORPUS = path.join(__dirname, '..', 'fixtures', 'python');

function pythonFiles(folder: string): string[] {
  return fs.readdirSync(path.join(CORPUS, folder)).filter((name) => name.endsWith('.py')).sort();
}

function read(folder: string, name: string): string {
  return fs.readFileSync(path.join(CORPUS, folder, name), 'utf8');
}

/** 1-based `line:column` of an offset. */
function position(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `${lines.length}:${lines[lines.length - 1].length + 1}`;
}

function offsetOf(text: string, lineColumn: string): number {
  const [line, column] = lineColumn.split(':').map(Number);
  const lines = text.split('\n');
  return lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
}

function described(text: string, mistake: Mistake): string {
  return `${mistake.code} at ${position(text, mistake.start)} \`${text.slice(mistake.start, mistake.end)}\`${mistake.fix === undefined ? ' (no fix)' : ''}`;
}

function allEdits(mistakes: Mistake[]): TextEdit[] {
  return mistakes.flatMap((mistake) => mistake.fix?.edits ?? []);
}

describe('loss mistakes over the corpus', () => {
  const correct = pythonFiles('correct');
  const mistakes = pythonFiles('mistakes');

  it('holds at least 25 correct snippets and a mistake snippet for every code', () => {
    assert.ok(correct.length >= 25, `${correct.length} correct snippets`);
    const codes = new Set(mistakes.flatMap((name) => [...read('mistakes', name).matchAll(/^# expect: (\S+)/gm)].map((m) => m[1])));
    assert.deepEqual([...codes].sort(), [
      'bce-on-sigmoid', 'from-logits-contradicts-activation', 'kl-div-input-probabilities', 'nll-on-probabilities', 'sigmoid-before-logits-loss', 'softmax-before-logits-loss',
    ]);
  });

  describe('correct code gives no finding', () => {
    for (const name of correct) {
      it(name, () => {
        const text = read('correct', name);
        assert.deepEqual(findMistakes(text).map((m) => described(text, m)), []);
      });
    }
  });

  describe('each mistake is found where expected, and its fix gives correct code', () => {
    for (const name of mistakes) {
      it(name, () => {
        const text = read('mistakes', name);
        const expected = [...text.matchAll(/^# expect: (.*)$/gm)].map((m) => m[1]);
        const found = findMistakes(text);
        assert.deepEqual(found.map((m) => described(text, m)), expected);
        for (const mistake of found) {
          assert.ok(mistake.message.length > 20 && mistake.message.length < 400, mistake.message);
          assert.equal(mistake.severity, mistake.code === 'bce-on-sigmoid' ? 'information' : 'warning');
        }

        const edits = allEdits(found);
        if (edits.length === 0) {
          assert.ok(!fs.existsSync(path.join(CORPUS, 'fixed', name)), 'a fixed text for a file without fixes');
          return;
        }
        const fixed = applyEdits(text, edits);
        assert.equal(fixed, read('fixed', name));
        const remaining = findMistakes(fixed).map((m) => m.code);
        assert.deepEqual(remaining, found.filter((m) => m.fix === undefined).map((m) => m.code), 'only the findings without a fix remain');

        const module = analyzePython(fixed);
        const afterFix = [...text.matchAll(/^# after fix: (\d+:\d+) (\S+)$/gm)];
        assert.ok(afterFix.length > 0, 'no `# after fix:` line');
        for (const [, at, canonical] of afterFix) assert.equal(module.callAt(offsetOf(fixed, at))?.canonical, canonical, `after fix at ${at}`);
      });
    }
  });

  it('applies each fix alone too, removing exactly its own finding', () => {
    for (const name of mistakes) {
      const text = read('mistakes', name);
      const found = findMistakes(text);
      for (const mistake of found.filter((m) => m.fix !== undefined)) {
        const after = findMistakes(applyEdits(text, mistake.fix!.edits));
        assert.equal(after.length, found.length - 1, `${name}: ${mistake.fix!.title}`);
      }
    }
  });
});
