import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readSegment, type Segment, type SegmentResult } from './segmentLines';

/** Where the parallel reader's worker script is, and how many workers it may run. */
export interface PoolOptions {
  /** dist/ingestWorker.js (or, in tests, src/run/ingestWorker.ts with `execArgv` loading tsx). */
  readonly workerFile: string;
  readonly execArgv?: readonly string[];
  /** Worker threads at most, besides this thread, which reads segments too; default one per other core, at most 8. */
  readonly workers?: number;
}

/** The bundled worker beside the running bundle (dist/ingestWorker.js), or undefined where there is none (unbundled code). */
export function bundledWorker(): PoolOptions | undefined {
  const file = path.join(__dirname, 'ingestWorker.js');
  return fs.existsSync(file) ? { workerFile: file } : undefined;
}

type Reply = { result: SegmentResult } | { error: string };

/**
 * Worker threads that read log segments (`readSegment`) side by side with this thread. Workers
 * start on first use and stay for the next batch (a large log is read in slices); idle, they do
 * not keep the process alive, and `close` ends them. This thread takes segments too, one at a
 * time with the event loop served between them: it is warm when a new worker's code is still
 * being compiled, which on a machine of few cores is most of a few hundred megabytes.
 */
export class IngestPool {
  private workers: SegmentReader[] = [];
  private byWorkers = 0;

  constructor(private readonly options: PoolOptions) {}

  /** Workers started and not ended. */
  get running(): number {
    return this.workers.length;
  }

  /** Segments that worker threads have read (the rest were read in this thread). */
  get segmentsReadByWorkers(): number {
    return this.byWorkers;
  }

  /** How many worker threads a batch may use. */
  get capacity(): number {
    return Math.max(1, Math.min(this.options.workers ?? os.availableParallelism() - 1, 8));
  }

  /**
   * Reads every segment on the workers and hands the results to `onResult` in segment order, each
   * as soon as it and all before it are done. Rejects on the first failure (after handing out the
   * results before the failed segment), and the pool's workers are then ended.
   */
  async run(segments: readonly Segment[], onResult: (result: SegmentResult, index: number) => void): Promise<void> {
    const results: (SegmentResult | undefined)[] = new Array(segments.length);
    let next = 0;
    let handed = 0;
    let failed = false;
    const take = (): number | undefined => (failed || next >= segments.length ? undefined : next++);
    const runOn = async (read: (segment: Segment) => Promise<SegmentResult>): Promise<void> => {
      for (let index = take(); index !== undefined; index = take()) {
        results[index] = await read(segments[index]);
        for (let ready = results[handed]; ready && !failed; ready = results[handed]) {
          results[handed] = undefined;
          onResult(ready, handed++);
        }
      }
    };
    const count = Math.min(this.capacity, segments.length - 1);
    while (this.workers.length < count) this.workers.push(new SegmentReader(new Worker(this.options.workerFile, { execArgv: [...(this.options.execArgv ?? [])] })));
    const onWorker = (worker: SegmentReader) => async (segment: Segment) => {
      const result = await worker.read(segment);
      this.byWorkers++;
      return result;
    };
    // Two segments in hand for each worker: the next is already there when it replies, and it
    // does not wait idle for this thread (busy with a segment of its own) to take the reply.
    const workers = this.workers.slice(0, Math.max(0, count));
    const readers = [...workers.map(onWorker), ...workers.map(onWorker), inThisThread];
    try {
      await Promise.all(
        readers.map((read) =>
          runOn(read).catch((error: unknown) => {
            failed = true;
            throw error;
          }),
        ),
      );
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Ends the workers (a later `run` starts new ones). */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((reader) => reader.worker.terminate()));
  }
}

/** Reads a segment in this thread, after letting the event loop run (so a batch never blocks it for long). */
async function inThisThread(segment: Segment): Promise<SegmentResult> {
  await new Promise((resolve) => setImmediate(resolve));
  return readSegment(segment);
}

/**
 * A worker thread and the segments sent to it and not yet answered: it reads them in order, so
 * its replies answer them in order. It holds the process only while some are.
 */
class SegmentReader {
  private readonly waiting: { resolve: (result: SegmentResult) => void; reject: (error: Error) => void }[] = [];

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const asked = this.waiting.shift();
      this.release();
      if (!asked) return;
      if ('result' in reply) asked.resolve(reply.result);
      else asked.reject(new Error(`the log reader's worker failed: ${reply.error}`));
    });
    worker.on('error', (error: Error) => this.failAll(error));
    worker.on('exit', (code: number) => this.failAll(new Error(`the log reader's worker stopped (exit code ${code})`)));
    worker.unref();
  }

  read(segment: Segment): Promise<SegmentResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.ref();
      this.worker.postMessage(segment);
    });
  }

  private release(): void {
    if (this.waiting.length === 0) this.worker.unref();
  }

  private failAll(error: Error): void {
    for (const asked of this.waiting.splice(0)) asked.reject(error);
    this.release();
  }
}
