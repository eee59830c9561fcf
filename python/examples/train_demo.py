"""A tiny training run that writes a Loss Lens log, in pure Python (no numpy, no torch).

Softmax regression on synthetic data: 4 classes, 6 features, 300 steps of SGD with batches of
16, a validation batch every 10 steps. Every train step logs the batch's logits, targets and
mean cross-entropy (computed in float64 with the log-sum-exp trick, as F.cross_entropy does).

    python3 python/examples/train_demo.py runs/demo.losslens.jsonl
    python3 python/examples/train_demo.py runs/demo.losslens.jsonl --delay 0.05   # watch it live

Open the log (or its folder) in VS Code with Loss Lens installed to see the run.
"""

import argparse
import math
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from loss_lens import LossLensWriter  # noqa: E402  (python/loss_lens.py)

CLASSES = ["cat", "dog", "bird", "fish"]
FEATURES = 6


def make_data(rng, n, centers, noise=1.3, label_noise=0.05):
    """n examples (x, y): x ~ N(centers[y], noise^2 I); a few labels flipped at random."""
    data = []
    for _ in range(n):
        y = rng.randrange(len(centers))
        x = [c + rng.gauss(0.0, noise) for c in centers[y]]
        if rng.random() < label_noise:
            y = rng.randrange(len(centers))
        data.append((x, y))
    return data


def forward(weights, bias, xs):
    """Logits, one row per example: W x + b."""
    return [[sum(w_i * x_i for w_i, x_i in zip(w, x)) + b for w, b in zip(weights, bias)] for x in xs]


def log_softmax(row):
    m = max(row)
    lse = m + math.log(sum(math.exp(z - m) for z in row))
    return [z - lse for z in row]


def cross_entropy(logits, targets):
    """Mean cross-entropy of rows of logits against class indices: F.cross_entropy(logits, y)."""
    return sum(-log_softmax(row)[y] for row, y in zip(logits, targets)) / len(targets)


def sgd_step(weights, bias, xs, ys, logits, lr):
    """One step of SGD on the mean cross-entropy: d loss / d z = (softmax(z) - onehot(y)) / N."""
    n = len(xs)
    grad_w = [[0.0] * len(weights[0]) for _ in weights]
    grad_b = [0.0] * len(bias)
    for x, y, row in zip(xs, ys, logits):
        probs = [math.exp(v) for v in log_softmax(row)]
        probs[y] -= 1.0
        for k, g in enumerate(probs):
            grad_b[k] += g / n
            gw = grad_w[k]
            for j, x_j in enumerate(x):
                gw[j] += g * x_j / n
    for k in range(len(weights)):
        bias[k] -= lr * grad_b[k]
        for j in range(len(weights[k])):
            weights[k][j] -= lr * grad_w[k][j]


def train(out, steps=300, batch=16, lr=0.3, seed=0, val_every=10, val_batch=64, delay=0.0, sum_loss=False):
    rng = random.Random(seed)
    centers = [[rng.gauss(0.0, 1.5) for _ in range(FEATURES)] for _ in CLASSES]
    train_set = make_data(rng, 2000, centers)
    val_set = make_data(rng, val_batch, centers)
    weights = [[rng.gauss(0.0, 0.01) for _ in range(FEATURES)] for _ in CLASSES]
    bias = [0.0] * len(CLASSES)
    order = list(range(len(train_set)))
    per_epoch = len(train_set) // batch

    with LossLensWriter(out, classes=CLASSES) as lens:
        for step in range(steps):
            epoch, offset = divmod(step, per_epoch)
            if offset == 0:
                rng.shuffle(order)
            index = order[offset * batch:(offset + 1) * batch]
            xs = [train_set[i][0] for i in index]
            ys = [train_set[i][1] for i in index]
            logits = forward(weights, bias, xs)
            loss = cross_entropy(logits, ys)
            logged = loss * len(ys) if sum_loss else loss  # --sum-loss: a wrong reduction, flagged
            lens.log(step, logits=logits, targets=ys, loss=logged, epoch=epoch, ids=index)
            sgd_step(weights, bias, xs, ys, logits, lr)

            if step % val_every == 0 or step == steps - 1:
                xs = [x for x, _ in val_set]
                ys = [y for _, y in val_set]
                logits = forward(weights, bias, xs)
                lens.log(step, logits=logits, targets=ys, loss=cross_entropy(logits, ys), split="val",
                         epoch=epoch, ids=["val-%d" % i for i in range(len(ys))])
            if delay:
                time.sleep(delay)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the log to write, e.g. runs/demo.losslens.jsonl (appended to if it exists)")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait after each step, to watch the run live")
    parser.add_argument("--sum-loss", action="store_true", help="log the summed loss instead of the mean (a wrong reduction)")
    args = parser.parse_args(argv)
    start = time.time()
    train(args.out, steps=args.steps, batch=args.batch, lr=args.lr, seed=args.seed, delay=args.delay, sum_loss=args.sum_loss)
    print("wrote %d steps to %s in %.2f s" % (args.steps, args.out, time.time() - start))


if __name__ == "__main__":
    main()
