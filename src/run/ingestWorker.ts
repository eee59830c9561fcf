/**
 * The parallel reader's worker (bundled as dist/ingestWorker.js): reads the segments it is sent
 * with `readSegment` and posts back each one's result, or the error that stopped it.
 */
import { parentPort } from 'node:worker_threads';
import { readSegment, type Segment } from './segmentLines';

parentPort?.on('message', (segment: Segment) => {
  try {
    parentPort?.postMessage({ result: readSegment(segment) });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
