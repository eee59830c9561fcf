import * as assert from 'node:assert/strict';
import type { StepFigures } from '../../src/protocol';
import { alignClasses } from '../../src/run/alignClasses';

function step(class_prob: number[], neuron_bce?: number[]): StepFigures {
  return { step: 1, split: 'train', task: 'multiclass', n: 4, loss: 1, accuracy: 0.5, class_prob, neuron_bce, loss_mismatch: false, nonfinite: 0 };
}

describe('aligning a compared run’s classes with the main run’s', () => {
  it('reorders by name, NaN for a class the compared run lacks, drops one only it has', () => {
    const [aligned] = alignClasses([step([0.1, 0.2, 0.7], [1, 2, 3])], ['bird', 'cat', 'dog'], ['cat', 'dog', 'fish']);
    assert.deepEqual(aligned.class_prob, [0.2, 0.7, NaN]);
    assert.deepEqual(aligned.neuron_bce, [2, 3, NaN]);
  });

  it('keeps the columns as they are when the names agree or are unknown', () => {
    const steps = [step([0.5, 0.5])];
    assert.equal(alignClasses(steps, ['a', 'b'], ['a', 'b']), steps);
    assert.equal(alignClasses(steps, [], ['a', 'b']), steps);
    assert.equal(alignClasses(steps, ['a', 'b'], []), steps);
  });
});
