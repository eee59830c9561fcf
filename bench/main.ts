/**
 * `npm run bench`: throughput of the core's losses on a 4096 × 1000 problem, each beside a plain
 * reference loop measured in the same run and, when a Python with torch is installed, beside
 * PyTorch (float64, one thread) on the same inputs. Prints one JSON document; progress on stderr.
 *
 * Then the ingest benchmark (bench/ingest.ts): MB/s and peak RSS to summarize a generated log;
 * and the editor features on a 5,000-line Python file (bench/pythonSource.ts): hover analysis and lint times.
 *
 * Options: --reps=N (timed rounds, default 7), --warmup=N (default 3), --rows=N, --classes=N,
 * --no-torch, --ingest-mb=N (size of the generated log, default 250; 0 skips ingest).
 */
import * as os from 'node:os';
import { binaryCrossEntropyWithLogits, crossEntropy, klDiv, type Tensor } from '../src/core';
import { makeInputs, type BenchInputs } from './inputs';
import { agreement, measureAll, type Throughput } from './measure';
import { referenceBceWithLogits, referenceCrossEntropy, referenceKlDiv } from './reference';
import { ingestChild, runIngest } from './ingest';
import { runPythonSource } from './pythonSource';
import { runTorch, type TorchResult } from './torch';

const SEED = 20240601;

interface BenchCase {
  readonly op: 'cross_entropy' | 'binary_cross_entropy_with_logits' | 'kl_div';
  readonly reduction: 'none' | 'mean' | 'batchmean';
  readonly core: () => Tensor | number;
  readonly reference: () => Float64Array | number;
}

function cases(inputs: BenchInputs): BenchCase[] {
  const { rows, classes, logits, classTarget, bceTarget, klInput, klTarget } = inputs;
  return [
    ...(['none', 'mean'] as const).map((reduction) => ({
      op: 'cross_entropy' as const,
      reduction,
      core: () => crossEntropy(logits, classTarget, { reduction }),
      reference: () => referenceCrossEntropy(logits.data, classTarget.data, classes, reduction),
    })),
    ...(['mean', 'none'] as const).map((reduction) => ({
      op: 'binary_cross_entropy_with_logits' as const,
      reduction,
      core: () => binaryCrossEntropyWithLogits(logits, bceTarget, { reduction }),
      reference: () => referenceBceWithLogits(logits.data, bceTarget.data, reduction),
    })),
    ...(['batchmean', 'none'] as const).map((reduction) => ({
      op: 'kl_div' as const,
      reduction,
      core: () => klDiv(klInput, klTarget, { reduction }),
      reference: () => referenceKlDiv(klInput.data, klTarget.data, rows, reduction),
    })),
  ];
}

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  const least = name === 'warmup' || name === 'ingest-mb' ? 0 : 1; // --ingest-mb=0 skips ingest
  if (!Number.isInteger(value) || value < least) throw new Error(`--${name} needs an integer of at least ${least}`);
  return value;
}

function ratio(a: Throughput, b: Throughput): Throughput {
  return { median: a.median / b.median, best: a.best / b.best };
}

/** Three significant digits are all a timing is worth (integers, such as sizes, stay exact). */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v))) as T;
}

function main(): void {
  const rows = option('rows', 4096);
  const classes = option('classes', 1000);
  const warmup = option('warmup', 3);
  const reps = option('reps', 7);
  const ingestMb = option('ingest-mb', 250);
  const elements = rows * classes;

  console.error(`bench: generating inputs (${rows} × ${classes}, seed ${SEED})`);
  const inputs = makeInputs(rows, classes, SEED);

  const all = cases(inputs);
  console.error(`bench: ${warmup} warm-up and ${reps} timed rounds over ${all.length} cases, core and reference`);
  const timings = measureAll(all.flatMap((c) => [c.core, c.reference]), elements, warmup, reps);
  const measured = all.map((c, i) => {
    const core = timings[2 * i];
    const reference = timings[2 * i + 1];
    return { c, core, reference, check: agreement(core.output, reference.output) };
  });

  const torch = process.argv.includes('--no-torch') ? { unavailable: 'skipped (--no-torch)' } : runTorch(inputs, warmup, reps);
  const torchResults = 'report' in torch ? torch.report.results : [];

  const results = measured.map(({ c, core, reference, check }) => {
    const t: TorchResult | undefined = torchResults.find((r) => r.op === c.op && r.reduction === c.reduction);
    const torchOutput = t ? (t.output ?? t.value) : undefined;
    return {
      op: c.op,
      reduction: c.reduction,
      melem_per_s: {
        core: core.melemPerS,
        reference: reference.melemPerS,
        torch: t ? t.melem_per_s : null,
      },
      core_over_reference: ratio(core.melemPerS, reference.melemPerS),
      core_over_torch: t ? ratio(core.melemPerS, t.melem_per_s) : null,
      ms: {
        core: { median: core.medianMs, best: core.bestMs },
        reference: { median: reference.medianMs, best: reference.bestMs },
        torch: t ? { median: t.median_ms, best: t.best_ms } : null,
      },
      core_vs_reference: check,
      core_vs_torch: torchOutput === undefined ? null : agreement(core.output, torchOutput),
    };
  });

  const cpus = os.cpus();
  const report = {
    benchmark: 'loss-lens core losses, float64',
    unit: 'Melem/s = million input elements (rows × classes) processed per second; higher is better',
    statistic: `median of ${reps} timed calls after ${warmup} warm-up calls of every case (best = fastest call)`,
    size: { rows, classes, elements },
    environment: {
      node: process.version,
      v8: process.versions.v8,
      platform: `${os.platform()} ${os.arch()}`,
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cpus: cpus.length,
    },
    torch: 'report' in torch
      ? { version: torch.report.torch, python: torch.report.executable, threads: torch.report.threads, dtype: torch.report.dtype, cpu_capability: torch.report.cpu_capability }
      : null,
    ...('unavailable' in torch ? { torch_unavailable: torch.unavailable } : {}),
    tolerance: 'agreement = every element within 1e-12 + 1e-9·|expected| (the golden tests’)',
    results,
    ingest: ingestMb > 0 ? runIngest(ingestMb) : null,
    python_source: runPythonSource(),
  };
  process.stdout.write(`${JSON.stringify(rounded(report), null, 2)}\n`);
  if (!results.every((r) => r.core_vs_reference.ok && (r.core_vs_torch?.ok ?? true))) {
    console.error('bench: the core disagrees with the reference or with PyTorch beyond tolerance');
    process.exitCode = 1;
  }
}

const child = process.argv.indexOf('--ingest-child');
if (child >= 0) void ingestChild(process.argv[child + 1]);
else main();
