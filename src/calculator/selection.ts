import type { CalculatorFields, CalculatorKind } from '../calculatorProtocol';
import { DEFAULT_FIELDS } from '../calculatorProtocol';
import { parseNumberRows } from './numberText';

/**
 * The calculator's form for numbers selected in an editor (`[2.0, 1.0, 0.1]`, a `torch.tensor`,
 * a printed batch). What they are is read off the numbers: rows in [0, 1] summing to 1 are
 * probabilities, rows whose exponentials sum to 1 are log-probabilities, anything else logits.
 * The target is never guessed: the form asks for it.
 */
export function fieldsFromSelection(text: string): CalculatorFields {
  const { rows } = parseNumberRows(text, 'selection');
  return { ...DEFAULT_FIELDS, kind: kindOf(rows), outputs: text.trim(), target: '' };
}

function kindOf(rows: number[][]): CalculatorKind {
  const close = (total: number): boolean => Math.abs(total - 1) <= 1e-6;
  if (rows.every((row) => row.every((v) => v >= 0 && v <= 1) && close(row.reduce((a, b) => a + b, 0)))) return 'probs';
  if (rows.every((row) => row.every((v) => v <= 0) && close(row.reduce((a, b) => a + Math.exp(b), 0)))) return 'log_probs';
  return 'logits';
}
