/**
 * The ingest benchmark: MB/s and peak RSS to summarize a generated Loss Lens log (64 × 100 logits
 * per step, float32 values written as Python writes them), measured in a child process of its own
 * so that its peak RSS is the reader's alone; beside, on the same file, Python's `json.loads` plus
 * PyTorch's `cross_entropy` per record (when a Python with torch is installed).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random } from '../src/core';
import { formatPythonJson } from '../src/log/pythonJson';
import { bundledWorker, IngestPool } from '../src/run/ingestPool';
import { RunReader } from '../src/run/runReader';
import { findPython } from './torch';

const ROWS = 64;
const CLASSES = 100;

/** Writes a log of at least `megabytes` MB; float32 logits, as `tensor.tolist()` gives them. */
export function writeIngestLog(file: string, megabytes: number): { bytes: number; steps: number } {
  const random = new Random(7);
  const out = fs.openSync(file, 'w');
  let bytes = 0;
  let step = 0;
  const write = (line: string): void => {
    bytes += fs.writeSync(out, line + '\n');
  };
  write(JSON.stringify({ format: 'loss-lens', version: 1, task: 'multiclass' }));
  while (bytes < megabytes * 1e6) {
    const logits = Array.from({ length: ROWS }, () => Array.from({ length: CLASSES }, () => Math.fround(random.gaussian() * 2)));
    const targets = Array.from({ length: ROWS }, () => random.integer(CLASSES));
    write(JSON.stringify({ step, logits, targets, loss: 2.3 }));
    step++;
  }
  fs.closeSync(out);
  return { bytes, steps: step };
}

interface ChildReport {
  seconds: number;
  steps: number;
  problems: number;
  output_chars: number;
  peak_rss_mb: number;
  workers: number;
}

/** Run in the child: summarize the file as `loss-lens summarize` does, print seconds and peak RSS. */
export async function ingestChild(file: string): Promise<void> {
  const start = process.hrtime.bigint();
  const parallel = process.argv.includes('--one-thread') ? undefined : bundledWorker();
  const reader = new RunReader([file], { parallel });
  await reader.poll(true);
  await reader.close();
  let characters = 0;
  for (const step of reader.run.steps()) characters += formatPythonJson(step).length + 1;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const workers = parallel ? new IngestPool(parallel).capacity : 0;
  const report: ChildReport = { seconds, steps: reader.run.steps().length, problems: reader.run.problemCount, output_chars: characters, peak_rss_mb: peakRssMb(), workers };
  process.stdout.write(JSON.stringify(report) + '\n');
}

/**
 * This process's peak resident memory: VmHWM from /proc (reset at exec), not getrusage's maxrss,
 * which Linux carries over from the parent at fork and would report the benchmark's own arrays.
 */
function peakRssMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

export interface IngestReport {
  log: { megabytes: number; steps: number; rows: number; classes: number };
  /** As `loss-lens summarize` reads: a large backlog on worker threads (`workers` of them). */
  loss_lens: { mb_per_s: number; seconds: number; peak_rss_mb: number; problems: number; workers: number };
  /** The same in one thread (`--one-thread`): what a machine without spare cores gets. */
  loss_lens_one_thread: { mb_per_s: number; seconds: number; peak_rss_mb: number; problems: number };
  python_torch: { mb_per_s: number; seconds: number; peak_rss_mb: number } | { unavailable: string };
  ratio_to_python: number | null;
  ratio_to_python_one_thread: number | null;
}

/** Generates the log (kept in the OS temp folder between runs of the same size), measures both. */
export function runIngest(megabytes: number): IngestReport {
  const file = path.join(os.tmpdir(), `loss-lens-bench-ingest-${megabytes}mb.jsonl`);
  if (!fs.existsSync(file)) {
    console.error(`bench: writing a ${megabytes} MB log to ${file}`);
    writeIngestLog(file + '.part', megabytes);
    fs.renameSync(file + '.part', file);
  }
  const size = fs.statSync(file).size;
  const summarize = (oneThread: boolean): ChildReport => {
    console.error(`bench: summarizing ${(size / 1e6).toFixed(0)} MB with Loss Lens${oneThread ? ' in one thread' : ''}`);
    const child = spawnSync(process.execPath, [process.argv[1], '--ingest-child', file, ...(oneThread ? ['--one-thread'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`ingest child failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as ChildReport;
  };
  const ours = summarize(false);
  const oneThread = summarize(true);
  let python: IngestReport['python_torch'] = { unavailable: 'no Python with torch (install Debian python3-torch)' };
  const found = findPython();
  if ('reason' in found) python = { unavailable: found.reason };
  else {
    const exe = found.python;
    console.error(`bench: the same file with ${exe}: json.loads + torch cross_entropy`);
    const run = spawnSync(exe, [path.join(__dirname, '..', 'bench', 'ingest_torch.py'), file], { encoding: 'utf8' });
    if (run.status === 0) {
      const theirs = JSON.parse(run.stdout) as { seconds: number; peak_rss_mb: number };
      python = { mb_per_s: size / 1e6 / theirs.seconds, seconds: theirs.seconds, peak_rss_mb: theirs.peak_rss_mb };
    } else {
      python = { unavailable: `bench/ingest_torch.py failed: ${run.stderr.slice(0, 300)}` };
    }
  }
  const mbPerS = size / 1e6 / ours.seconds;
  return {
    log: { megabytes: size / 1e6, steps: ours.steps, rows: ROWS, classes: CLASSES },
    loss_lens: { mb_per_s: mbPerS, seconds: ours.seconds, peak_rss_mb: ours.peak_rss_mb, problems: ours.problems, workers: ours.workers },
    loss_lens_one_thread: { mb_per_s: size / 1e6 / oneThread.seconds, seconds: oneThread.seconds, peak_rss_mb: oneThread.peak_rss_mb, problems: oneThread.problems },
    python_torch: python,
    ratio_to_python: 'mb_per_s' in python ? mbPerS / python.mb_per_s : null,
    ratio_to_python_one_thread: 'mb_per_s' in python ? size / 1e6 / oneThread.seconds / python.mb_per_s : null,
  };
}
