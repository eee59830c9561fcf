import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchInputs } from './inputs';

/** One line of bench/torch_bench.py's report. */
export interface TorchResult {
  readonly op: string;
  readonly reduction: string;
  readonly median_ms: number;
  readonly best_ms: number;
  readonly melem_per_s: { readonly median: number; readonly best: number };
  /** The scalar a reducing call returned. */
  readonly value?: number;
  /** The `none` output, read back from the file the script wrote. */
  output?: Float64Array;
  readonly output_file?: string;
}

export interface TorchReport {
  readonly torch: string;
  readonly python: string;
  readonly executable: string;
  readonly threads: number;
  readonly dtype: string;
  readonly cpu_capability: string | null;
  readonly results: TorchResult[];
}

export type TorchOutcome = { readonly report: TorchReport } | { readonly unavailable: string };

/** bench/torch_bench.py, found from dist/bench.js (the bundle) or bench/ (run from source). */
const SCRIPT = [path.join(__dirname, '..', 'bench', 'torch_bench.py'), path.join(__dirname, 'torch_bench.py')].find((p) => fs.existsSync(p));

/**
 * The Python that has torch: $LOSS_LENS_BENCH_PYTHON if set (and then only that one), else Debian's
 * /usr/bin/python3 (where `apt install python3-torch` puts it), else whatever `python3` is on PATH.
 */
export function findPython(): { python: string } | { reason: string } {
  const chosen = process.env.LOSS_LENS_BENCH_PYTHON;
  const candidates = chosen ? [chosen] : ['/usr/bin/python3', 'python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, numpy'], { stdio: 'ignore', timeout: 60_000 });
    if (probe.status === 0) return { python };
  }
  return { reason: `no Python with torch and numpy (tried ${candidates.join(', ')}); on Debian: apt install python3-torch` };
}

/**
 * Runs the same losses in PyTorch (float64, one thread) on the very same inputs: writes them as
 * raw float64 to a temporary directory, runs bench/torch_bench.py on it, reads its report and the
 * `none` outputs back, then removes the directory.
 */
export function runTorch(inputs: BenchInputs, warmup: number, reps: number): TorchOutcome {
  if (!SCRIPT) return { unavailable: 'bench/torch_bench.py not found next to the benchmark' };
  const found = findPython();
  if ('reason' in found) return { unavailable: found.reason };
  if (os.endianness() !== 'LE') return { unavailable: 'the input files are little-endian float64; this machine is big-endian' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loss-lens-bench-'));
  try {
    const write = (name: string, data: Float64Array): void =>
      fs.writeFileSync(path.join(dir, name), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ rows: inputs.rows, classes: inputs.classes }));
    write('logits.f64', inputs.logits.data);
    write('class_target.f64', inputs.classTarget.data);
    write('bce_target.f64', inputs.bceTarget.data);
    write('kl_input.f64', inputs.klInput.data);
    write('kl_target.f64', inputs.klTarget.data);
    const run = spawnSync(found.python, [SCRIPT, '--inputs', dir, '--warmup', String(warmup), '--reps', String(reps)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    if (run.status !== 0) return { unavailable: `${found.python} ${path.basename(SCRIPT)} failed (status ${run.status ?? run.signal})` };
    const report = JSON.parse(run.stdout) as TorchReport;
    for (const result of report.results) {
      if (!result.output_file) continue;
      const bytes = fs.readFileSync(path.join(dir, result.output_file));
      // Copied out of the Buffer, whose offset need not be a multiple of 8.
      result.output = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    return { report };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
