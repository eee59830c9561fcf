import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random } from '../../src/core';
import type { PoolOptions } from '../../src/run/ingestPool';
import { RunReader, type RunReaderOptions } from '../../src/run/runReader';
import { readSegment } from '../../src/run/segmentLines';

/** The worker from its TypeScript source, loaded with tsx as mocha loads the tests. */
const WORKER: PoolOptions = { workerFile: path.join(__dirname, '..', '..', 'src', 'run', 'ingestWorker.ts'), execArgv: ['--require', 'tsx/cjs'], workers: 3 };
/** Tiny segments, so that a small log is cut into many and the workers' results interleave. */
const PARALLEL: RunReaderOptions = { parallel: WORKER, parallelMinBytes: 1, segmentBytes: 700 };

const BAD_LINES = [
  '{"step": 3, "logits": [[1, 2, 3]], "targets": [9]}', // target out of range
  '{"step": ',
  '{"format": "loss-lens", "version": 1}', // a header after the first line
  '[1, 2]',
  '{"step": 4, "probs": [[0.5, 1.7, 0.1]], "targets": [0]}', // a probability above 1
  '{"step": 5, "logits": [[1, 2]], "targets": [0]}', // two classes in a three-class run
  'é😀',
];

/** A three-class log with a header, valid records, bad lines, blank lines and CRLF ends. */
function makeLog(seed: number, records: number): Buffer {
  const random = new Random(seed);
  const header = { format: 'loss-lens', version: 1, task: 'multiclass', classes: ['cat', 'dog', 'fox'], loss: { weight: [1, 2, 0.5], label_smoothing: 0.1, ignore_index: -1 } };
  const lines = [JSON.stringify(header)];
  for (let step = 0; step < records; step++) {
    if (random.uniform() < 0.1) lines.push(BAD_LINES[random.integer(BAD_LINES.length)]);
    if (random.uniform() < 0.05) lines.push('');
    const rows = 1 + random.integer(4);
    const logits = Array.from({ length: rows }, () => Array.from({ length: 3 }, () => Math.fround(random.gaussian() * 3)));
    const targets = Array.from({ length: rows }, () => (random.uniform() < 0.1 ? -1 : random.integer(3)));
    const split = random.uniform() < 0.2 ? 'val' : 'train';
    lines.push(JSON.stringify({ step: Math.floor(step / 2), split, logits, targets, loss: 1.5 }) + (random.uniform() < 0.2 ? '\r' : ''));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** Everything a run shows: its steps (NaN as text), its problems and where each step's records are. */
function snapshot(reader: RunReader): string {
  const run = reader.run;
  const steps = run.steps();
  const locations = steps.map((step) => run.locate(step.split, step.step));
  return JSON.stringify({ steps, problems: run.problems, count: run.problemCount, locations }, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value,
  );
}

async function readAll(files: string[], options: RunReaderOptions = {}, firstBytes = Infinity): Promise<RunReader> {
  const reader = new RunReader(files, options);
  await reader.poll(false, firstBytes);
  const result = await reader.poll(true);
  await reader.close();
  assert.deepEqual(result.warnings, []);
  return reader;
}

describe('reading a log on worker threads', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-parallel-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const seed of [1, 2, 3]) {
    it(`gives the very run one thread gives: steps, problems with their lines, record locations (seed ${seed})`, async () => {
      const file = path.join(dir, `run-${seed}.jsonl`);
      fs.writeFileSync(file, makeLog(seed, 400));
      const one = await readAll([file]);
      assert.ok(one.run.problemCount > 10, 'the log has bad lines to report');
      // The first poll reads the header (the workers need it), the second the rest on workers.
      const many = await readAll([file], PARALLEL, 300);
      assert.ok(many.bytesReadInSegments > 0.9 * fs.statSync(file).size);
      assert.ok(many.segmentsReadByWorkers > 0);
      assert.equal(snapshot(many), snapshot(one));
    });
  }

  it('takes a large backlog on workers without being told where to start (more than one chunk)', async () => {
    const file = path.join(dir, 'large.jsonl');
    fs.writeFileSync(file, makeLog(9, 12_000));
    assert.ok(fs.statSync(file).size > 1.5e6);
    const one = await readAll([file]);
    const many = await readAll([file], { parallel: WORKER, parallelMinBytes: 1, segmentBytes: 64 * 1024 });
    assert.equal(snapshot(many), snapshot(one));

    // In slices, as the extension loads a log: the workers stay between slices, and end when done.
    const sliced = new RunReader([file], { parallel: WORKER, parallelMinBytes: 1, segmentBytes: 64 * 1024 });
    await sliced.poll(false, 600 * 1024); // the header and the first lines, in this thread
    const second = await sliced.poll(false, 600 * 1024);
    assert.ok(second.remaining > 0 && sliced.workersRunning > 0, 'a slice with more to come keeps the workers');
    while ((await sliced.poll(false, 600 * 1024)).remaining > 0);
    assert.equal(sliced.workersRunning, 0);
    assert.equal(snapshot(sliced), snapshot(one));
  });

  it('cuts segments at line starts around a line longer than many segments', async () => {
    const file = path.join(dir, 'long-line.jsonl');
    const rows = 40_000; // one record of about 3 MB among small ones
    const long = JSON.stringify({ step: 1000, logits: Array.from({ length: rows }, (_, n) => [n % 7, -1.5, 2.25]), targets: Array.from({ length: rows }, (_, n) => n % 3) });
    const log = makeLog(7, 600).toString('utf8').split('\n');
    log.splice(300, 0, long, 'é😀 not json', long.slice(0, 1000));
    fs.writeFileSync(file, log.join('\n'));
    const one = await readAll([file]);
    const many = await readAll([file], { parallel: WORKER, parallelMinBytes: 1, segmentBytes: 64 * 1024 }, 300);
    assert.ok(many.segmentsReadByWorkers > 0);
    assert.equal(snapshot(many), snapshot(one));
    assert.ok(one.run.steps().some((step) => step.step === 1000 && step.n === rows));
  });

  it('reads a line longer than its read buffers whole, however the buffers are reused', () => {
    const file = path.join(dir, 'buffers.jsonl');
    const rows = 100_000; // a 1.6 MB record, over two 1 MiB reads, between two small ones, twice
    const long = (step: number): string =>
      JSON.stringify({ step, logits: Array.from({ length: rows }, (_, n) => [(n * step) % 7, -1.5, 2.25]), targets: Array.from({ length: rows }, (_, n) => n % 3) });
    const small = (step: number): string => JSON.stringify({ step, logits: [[1, 2, 3]], targets: [0] });
    fs.writeFileSync(file, [small(1), long(1000), small(2), long(1001), small(3)].join('\n') + '\n');
    const header = { task: 'multiclass' as const, loss: { ignore_index: -100, label_smoothing: 0 } };
    const { entries } = readSegment({ file, start: 0, end: fs.statSync(file).size, header, classes: 3 });
    assert.deepEqual(entries.map((entry) => ('step' in entry ? entry.step : entry.message)), [1, 1000, 2, 1001, 3]);
  });

  it('merges ranks and follows appends after a parallel read, a partial last line included', async () => {
    const bytes = [makeLog(4, 300), makeLog(5, 300)];
    const cut = (rank: number): number => Math.floor(bytes[rank].length * 0.6) + 7; // inside a line
    /** Both ranks written in part, read, then the rest appended and read: once per way of reading. */
    const follow = async (name: string, options: RunReaderOptions): Promise<RunReader> => {
      const files = bytes.map((part, rank) => {
        const file = path.join(dir, `${name}.${rank}.jsonl`);
        fs.writeFileSync(file, part.subarray(0, cut(rank)));
        return file;
      });
      const reader = new RunReader(files, options);
      await reader.poll(false, 300);
      await reader.poll();
      if (options.parallel) assert.ok(reader.bytesReadInSegments > 0 && reader.segmentsReadByWorkers > 0);
      assert.equal(reader.workersRunning, 0, 'caught up: the workers have ended');
      files.forEach((file, rank) => fs.appendFileSync(file, bytes[rank].subarray(cut(rank))));
      await reader.poll(true);
      await reader.close();
      return reader;
    };
    const one = await follow('one', {});
    const many = await follow('many', PARALLEL);
    assert.equal(snapshot(many).replaceAll('many.', 'one.'), snapshot(one));
    const merged = one.run.steps().filter((step) => new Set(one.run.locate(step.split, step.step).map((at) => at.file)).size === 2);
    assert.ok(merged.length > 50, 'steps of both ranks merge');
  });

  it('reads on in one thread, losing nothing, when the workers cannot run', async () => {
    const file = path.join(dir, 'fallback.jsonl');
    fs.writeFileSync(file, makeLog(6, 300));
    const one = await readAll([file]);
    const reader = new RunReader([file], { ...PARALLEL, parallel: { workerFile: path.join(dir, 'no-such-worker.js') } });
    await reader.poll(false, 300);
    const result = await reader.poll(true);
    await reader.close();
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0], /fallback\.jsonl: reading on worker threads failed, read on in one thread/);
    assert.equal(snapshot(reader), snapshot(one));
  });
});
