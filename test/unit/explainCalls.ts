import * as assert from 'node:assert/strict';
import { explainCall, type LossArgument, type LossExplanation } from '../../src/explain/lossCatalog';

/** `name=text` for a keyword argument, `text` for a positional one, as in Python source. */
export function args(...written: string[]): LossArgument[] {
  return written.map((item) => {
    const match = /^([A-Za-z_]\w*)=(?!=)(.*)$/s.exec(item);
    return match ? { name: match[1], text: match[2] } : { text: item };
  });
}

/** The explanation of a call written as in Python, failing the test when there is none. */
export function explain(canonical: string, ...written: string[]): LossExplanation {
  const explanation = explainCall(canonical, args(...written));
  assert.ok(explanation, `${canonical} is not explained`);
  return explanation;
}
