/**
 * A simulated training run for `Loss Lens: Start Demo Run`: plausible raw outputs of a classifier
 * that learns, step by step, without any framework. Deterministic (seeded), so a demo looks the
 * same each time. Emits records in the Loss Lens log format (docs/log-format.md).
 */
import { Random } from '../core';

export const DEMO_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const DEMO_TAGS = ['outdoor', 'person', 'animal', 'vehicle', 'night', 'water'];

/** How sure the model has become by `step`: rises fast, then slowly, like a real loss curve. */
function skill(step: number): number {
  return 4.5 * (1 - Math.exp(-step / 250)) + 0.6 * (1 - Math.exp(-step / 2000));
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The header and a record per step of a 10-class classifier (label smoothing 0.1, a val split). */
export class SimulatedClassifier {
  private readonly random = new Random(7);
  /** Classes that look alike (cat/dog, automobile/truck) confuse the model for longer. */
  private readonly confusable = new Map([[3, 5], [5, 3], [1, 9], [9, 1], [0, 8], [8, 0]]);

  header(): object {
    return { format: 'loss-lens', version: 1, task: 'multiclass', classes: DEMO_CLASSES, loss: { label_smoothing: 0.1 } };
  }

  record(step: number, split: 'train' | 'val', batch: number, time: number): object {
    const classes = DEMO_CLASSES.length;
    const logits: number[][] = [];
    const targets: number[] = [];
    // A learning-rate spike at step 600 knocks the model off course for a few steps.
    const shock = step >= 600 && step < 606 ? 3.5 : 0;
    for (let n = 0; n < batch; n++) {
      const y = this.random.integer(classes);
      const twin = this.confusable.get(y);
      const row = Array.from({ length: classes }, (_, c) => {
        let x = this.random.gaussian() * (1.2 + shock);
        if (c === y) x += skill(step) + (split === 'val' ? -0.4 : 0);
        if (c === twin) x += skill(step) * 0.55;
        return round(x);
      });
      logits.push(row);
      targets.push(y);
    }
    return { step, split, epoch: Math.floor(step / 200), time, logits, targets };
  }
}

/** The header and a record per step of a 6-tag multilabel head: some tags are learned later. */
export class SimulatedTagger {
  private readonly random = new Random(11);
  private readonly prevalence = [0.6, 0.35, 0.3, 0.25, 0.1, 0.15];
  private readonly pace = [150, 250, 300, 400, 900, 1400];

  header(): object {
    return { format: 'loss-lens', version: 1, task: 'multilabel', classes: DEMO_TAGS, loss: { pos_weight: [1, 1.5, 1.5, 2, 4, 3] } };
  }

  record(step: number, split: 'train' | 'val', batch: number, time: number): object {
    const logits: number[][] = [];
    const targets: number[][] = [];
    for (let n = 0; n < batch; n++) {
      const y = this.prevalence.map((p) => (this.random.uniform() < p ? 1 : 0));
      const row = y.map((t, j) => {
        const confidence = 5 * (1 - Math.exp(-step / this.pace[j]));
        const prior = Math.log(this.prevalence[j] / (1 - this.prevalence[j]));
        return round(prior + (t === 1 ? confidence : -confidence) + this.random.gaussian() * 1.3);
      });
      logits.push(row);
      targets.push(y);
    }
    return { step, split, time, logits, targets };
  }
}
