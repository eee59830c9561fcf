import type { StepFigures } from '../protocol';

/** Something about a run a user should know now. */
export interface Alarm {
  kind: 'nonfinite' | 'spike';
  step: number;
  split: string;
  message: string;
}

/** How many recent losses the median is taken over. */
const WINDOW = 50;
/** A loss this many times its recent median (and well above it in absolute terms) is a spike. */
const SPIKE_RATIO = 3;
/** Fewer steps than this and there is no median worth comparing to. */
const MIN_HISTORY = 10;

/**
 * Watches a run's steps as they arrive, per split, and raises an alarm when a step has non-finite
 * outputs or its loss jumps far above the median of the recent ones. A median, not a mean, so that
 * one spike does not hide the next; the absolute margin keeps a near-zero loss's noise quiet.
 */
export class LossAlarm {
  private readonly recent = new Map<string, number[]>();
  private readonly lastStep = new Map<string, number>();

  /** Looks at a new step; returns the alarm it raises, if any. Steps seen before are ignored. */
  observe(step: StepFigures): Alarm | undefined {
    const last = this.lastStep.get(step.split);
    if (last !== undefined && step.step <= last) return undefined;
    this.lastStep.set(step.split, step.step);
    if (step.nonfinite > 0) {
      return { kind: 'nonfinite', step: step.step, split: step.split, message: `step ${step.step} (${step.split}) has ${step.nonfinite} non-finite output${step.nonfinite === 1 ? '' : 's'}` };
    }
    const history = this.recent.get(step.split) ?? [];
    this.recent.set(step.split, history);
    let alarm: Alarm | undefined;
    if (history.length >= MIN_HISTORY && Number.isFinite(step.loss)) {
      const median = medianOf(history);
      if (step.loss > SPIKE_RATIO * median && step.loss - median > 0.1) {
        alarm = {
          kind: 'spike',
          step: step.step,
          split: step.split,
          message: `loss jumped to ${step.loss.toPrecision(4)} at step ${step.step} (${step.split}), ${(step.loss / median).toFixed(1)}× its recent median ${median.toPrecision(4)}`,
        };
      }
    }
    if (Number.isFinite(step.loss)) {
      history.push(step.loss);
      if (history.length > WINDOW) history.shift();
    }
    return alarm;
  }
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
