#!/usr/bin/env python3
"""PyTorch side of `npm run bench`: the same losses, float64, on one CPU thread.

    /usr/bin/python3 bench/torch_bench.py                  # its own random inputs, 4096 x 1000
    /usr/bin/python3 bench/torch_bench.py --inputs DIR     # the exact inputs bench/main.ts wrote

With --inputs, DIR holds meta.json ({"rows": N, "classes": C}) and little-endian float64 files
logits.f64 (N*C), class_target.f64 (N, class indices), bce_target.f64 (N*C), kl_input.f64 (N*C,
log-probabilities), kl_target.f64 (N*C, probabilities). The `none` outputs are written back as
torch-<op>-none.f64 so that bench/main.ts can compare them with the core's, element by element.

Prints one JSON document on stdout: per op and reduction the median and fastest time and the
throughput in million input elements per second. Needs torch (Debian: python3-torch) and numpy.
Optional and not run in CI.
"""
import argparse
import json
import os
import platform
import re
import statistics
import sys
import time

import torch
import torch.nn.functional as F

# One intra-op thread (the core is single-threaded), set before any parallel work runs.
torch.set_num_threads(1)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass

DTYPE = torch.float64


def read_f64(directory, name, count):
    return torch.from_file(os.path.join(directory, name), shared=False, size=count, dtype=DTYPE)


def load_inputs(directory):
    with open(os.path.join(directory, 'meta.json'), encoding='utf-8') as f:
        meta = json.load(f)
    rows, classes = meta['rows'], meta['classes']
    n = rows * classes
    return rows, classes, {
        'logits': read_f64(directory, 'logits.f64', n).reshape(rows, classes),
        'class_target': read_f64(directory, 'class_target.f64', rows).to(torch.int64),
        'bce_target': read_f64(directory, 'bce_target.f64', n).reshape(rows, classes),
        'kl_input': read_f64(directory, 'kl_input.f64', n).reshape(rows, classes),
        'kl_target': read_f64(directory, 'kl_target.f64', n).reshape(rows, classes),
    }


def random_inputs(rows, classes, seed):
    # Same distributions as bench/main.ts (not the same numbers: a different generator).
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(rows, classes, generator=g, dtype=DTYPE) * 3
    return rows, classes, {
        'logits': logits,
        'class_target': torch.randint(0, classes, (rows,), generator=g),
        'bce_target': (torch.rand(rows, classes, generator=g, dtype=DTYPE) < 0.3).to(DTYPE),
        'kl_input': torch.log_softmax(logits, dim=1),
        'kl_target': torch.softmax(torch.randn(rows, classes, generator=g, dtype=DTYPE) * 3, dim=1),
    }


def cases(t):
    x, y = t['logits'], t['class_target']
    return [
        ('cross_entropy', 'none', lambda: F.cross_entropy(x, y, reduction='none')),
        ('cross_entropy', 'mean', lambda: F.cross_entropy(x, y, reduction='mean')),
        ('binary_cross_entropy_with_logits', 'mean',
         lambda: F.binary_cross_entropy_with_logits(x, t['bce_target'], reduction='mean')),
        ('binary_cross_entropy_with_logits', 'none',
         lambda: F.binary_cross_entropy_with_logits(x, t['bce_target'], reduction='none')),
        ('kl_div', 'batchmean', lambda: F.kl_div(t['kl_input'], t['kl_target'], reduction='batchmean')),
        ('kl_div', 'none', lambda: F.kl_div(t['kl_input'], t['kl_target'], reduction='none')),
    ]


def measure_all(fns, warmup, reps):
    """Warm-up calls of every case first, then `reps` rounds with one timed call of each (as
    bench/main.ts does, so that a noisy moment spreads over all cases). Times in seconds."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    times = [[] for _ in fns]
    outputs = [None] * len(fns)
    for round_ in range(reps):
        print(f'torch: round {round_ + 1}/{reps}', file=sys.stderr)
        for i, fn in enumerate(fns):
            start = time.perf_counter_ns()
            outputs[i] = fn()
            times[i].append((time.perf_counter_ns() - start) / 1e9)
    return times, outputs


def cpu_capability():
    """The SIMD level ATen dispatches to (e.g. AVX2), as torch reports it in its build summary."""
    found = re.search(r'CPU capability usage: (\w+)', torch.__config__.show())
    return found.group(1) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--inputs', help='directory written by bench/main.ts')
    parser.add_argument('--rows', type=int, default=4096)
    parser.add_argument('--classes', type=int, default=1000)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--reps', type=int, default=7)
    args = parser.parse_args()

    if args.inputs:
        rows, classes, inputs = load_inputs(args.inputs)
    else:
        rows, classes, inputs = random_inputs(args.rows, args.classes, args.seed)
    elements = rows * classes

    listed = cases(inputs)
    print(f'torch: {args.warmup} warm-up and {args.reps} timed rounds over {len(listed)} cases', file=sys.stderr)
    times, outputs = measure_all([fn for _, _, fn in listed], args.warmup, args.reps)
    results = []
    for (op, reduction, _), took, out in zip(listed, times, outputs):
        median, best = statistics.median(took), min(took)
        entry = {
            'op': op,
            'reduction': reduction,
            'median_ms': median * 1e3,
            'best_ms': best * 1e3,
            'melem_per_s': {'median': elements / median / 1e6, 'best': elements / best / 1e6},
        }
        if reduction == 'none':
            if args.inputs:
                name = f'torch-{op}-none.f64'
                out.detach().contiguous().numpy().astype('<f8').tofile(os.path.join(args.inputs, name))
                entry['output_file'] = name
        else:
            entry['value'] = out.item()
        results.append(entry)

    json.dump({
        'torch': torch.__version__,
        'python': platform.python_version(),
        'executable': sys.executable,
        'threads': torch.get_num_threads(),
        'dtype': 'float64',
        'cpu_capability': cpu_capability(),
        'rows': rows,
        'classes': classes,
        'elements': elements,
        'warmup': args.warmup,
        'repetitions': args.reps,
        'results': results,
    }, sys.stdout, indent=2)
    print()


if __name__ == '__main__':
    main()
