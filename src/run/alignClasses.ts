import type { StepFigures } from '../protocol';

/**
 * A compared run's steps with their per-class columns (`class_prob`, `neuron_bce`) put in the
 * order of the main run's classes, matched by name, so that "dog" is overlaid on "dog" even when
 * the two runs list their classes differently. A class the compared run lacks becomes NaN (no
 * point drawn); one only the compared run has is left out. Runs without class names, or with the
 * same names in the same order, keep their columns as they are (matched by index).
 */
export function alignClasses(steps: readonly StepFigures[], from: readonly string[], to: readonly string[]): readonly StepFigures[] {
  if (from.length === 0 || to.length === 0 || (from.length === to.length && from.every((name, i) => name === to[i]))) return steps;
  const index = new Map(from.map((name, i) => [name, i] as const));
  const order = to.map((name) => index.get(name));
  const pick = (values: number[] | undefined): number[] | undefined => values && order.map((i) => (i === undefined ? NaN : (values[i] ?? NaN)));
  return steps.map((step) => ({ ...step, class_prob: pick(step.class_prob) ?? [], neuron_bce: pick(step.neuron_bce) }));
}
