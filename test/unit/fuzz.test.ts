import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random } from '../../src/core';
import { RunReader } from '../../src/run/runReader';
import type { StepSummary } from '../../src/run/summary';

/** Uniform numbers in [0, 1) from a seed, so that a failure can be replayed. */
function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.uniform();
}

const GARBAGE = ['{"step": ', 'NaN', '\u0000\u0001', '{}', '[1, 2', 'é😀', '"targets"', '\r', '{"step": 1, "logits": [[1, 2]], "targets": [7]}', '\ufeff'];

/** A log of valid records and garbage lines; returns its bytes and the steps that are valid. */
function makeLog(random: () => number, records: number): { bytes: Buffer; valid: number[] } {
  const lines: string[] = [];
  const valid: number[] = [];
  const classes = 3;
  for (let step = 0; step < records; step++) {
    if (random() < 0.3) {
      let garbage = '';
      const parts = 1 + Math.floor(random() * 4);
      for (let i = 0; i < parts; i++) garbage += random() < 0.5 ? GARBAGE[Math.floor(random() * GARBAGE.length)] : String.fromCharCode(Math.floor(random() * 0x3000));
      lines.push(garbage.replace(/\n/g, ''));
    }
    const rows = 1 + Math.floor(random() * 3);
    const logits = Array.from({ length: rows }, () => Array.from({ length: classes }, () => Math.round((random() * 8 - 4) * 1e6) / 1e6));
    const targets = Array.from({ length: rows }, () => Math.floor(random() * classes));
    lines.push(JSON.stringify({ step, split: random() < 0.2 ? 'val' : 'train', logits, targets }) + (random() < 0.2 ? '\r' : ''));
    valid.push(step);
  }
  return { bytes: Buffer.from(lines.join('\n') + '\n'), valid };
}

function comparable(steps: StepSummary[]): string {
  return JSON.stringify(steps, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

describe('fuzz: random garbage, random chunk sizes, random truncations', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-fuzz-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: never throws and never loses a valid record`, async () => {
      const random = prng(seed);
      const { bytes, valid } = makeLog(random, 5 + Math.floor(random() * 40));
      const file = path.join(dir, `run-${seed}.jsonl`);

      // The reference: the whole file read at once.
      fs.writeFileSync(file, bytes);
      const once = new RunReader([file]);
      await once.poll(true);
      const reference = once.run.steps();
      assert.deepEqual([...new Set(reference.map((s) => s.step))].sort((a, b) => a - b), valid);

      // The same bytes appended in random chunk sizes (splitting lines and characters anywhere),
      // polled after every append, sometimes truncated and written again from the start.
      fs.writeFileSync(file, '');
      const live = new RunReader([file]);
      let written = 0;
      while (written < bytes.length) {
        if (random() < 0.05 && written > 0) {
          fs.truncateSync(file, Math.floor(random() * written));
          await live.poll();
          fs.truncateSync(file, 0);
          written = 0;
        }
        const size = 1 + Math.floor(random() * (random() < 0.5 ? 16 : 400));
        fs.appendFileSync(file, bytes.subarray(written, written + size));
        written = Math.min(bytes.length, written + size);
        if (random() < 0.7) await live.poll();
      }
      await live.poll();
      assert.equal(comparable(live.run.steps()), comparable(reference));
      assert.equal(live.run.problemCount, once.run.problemCount);
    });
  }
});
