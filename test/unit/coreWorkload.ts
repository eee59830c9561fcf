/*
 * A process that uses every WebAssembly path of the core and reads a log with worker threads, for
 * detachingProtector.test.ts, which runs it under V8's --trace-protector-invalidation.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crossEntropy, klDiv, logSoftmax } from '../../src/core';
import { RunReader } from '../../src/run/runReader';

async function main(): Promise<void> {
  const x = Float64Array.from({ length: 400_000 }, (_, i) => 3 * Math.sin(i * 0.37));
  crossEntropy({ data: x, shape: [400, 1000] }, { data: new Float64Array(400).fill(3), shape: [400] });
  crossEntropy({ data: x, shape: [2, 200_000] }, { data: new Float64Array([0, 1]), shape: [2] }); // rows longer than the module's memory
  logSoftmax({ data: x.subarray(0, 7000), shape: [7, 1000] });
  const p = x.map((v) => Math.abs(v) / 1200);
  klDiv({ data: x.map((v) => -Math.abs(v)), shape: [400_000] }, { data: p, shape: [400_000] }, { reduction: 'none' });
  klDiv({ data: x.map((v) => -Math.abs(v)), shape: [400, 1000] }, { data: p, shape: [400, 1000] }, { reduction: 'batchmean' });
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-protector-')), 'run.jsonl');
  const logits = Array.from({ length: 8 }, (_, n) => Array.from({ length: 10 }, (_, c) => Math.sin(n + c)));
  fs.writeFileSync(log, Array.from({ length: 4000 }, (_, step) => JSON.stringify({ step, logits, targets: [0, 1, 2, 3, 4, 5, 6, 7] }) + '\n').join(''));
  const reader = new RunReader([log], {
    parallel: { workerFile: path.join(__dirname, '..', '..', 'src', 'run', 'ingestWorker.ts'), execArgv: ['--require', 'tsx/cjs'], workers: 2 },
    parallelMinBytes: 1,
    segmentBytes: 20_000,
  });
  await reader.poll(true);
  await reader.close();
  fs.rmSync(path.dirname(log), { recursive: true });
  console.log(`steps ${reader.run.steps().length}, read by workers ${reader.segmentsReadByWorkers}`);
}

void main();
