import * as readline from 'node:readline';
import { LossLensError, runOp, toNested } from '../core';
import { formatPythonJson, parsePythonJson } from '../log/pythonJson';

export const EVAL_HELP = `usage: loss-lens eval < cases.jsonl

Reads one case per line on stdin and writes one JSON line per case, in order:
  {"id": ..., "output": number | nested arrays}   or   {"id": ..., "error": "message"}

A case names a PyTorch operation and its arguments by PyTorch's names, e.g.
  {"id": 1, "op": "cross_entropy", "input": [[2, 1, 0.1]], "target": [0], "reduction": "mean"}

Operations: cross_entropy, nll_loss, binary_cross_entropy, binary_cross_entropy_with_logits,
kl_div, softmax, log_softmax, sigmoid, logsigmoid; and between distributions p and q (with an
optional "base", 2 for bits): entropy, kl, cross_entropy_dist, js_divergence.
NaN, Infinity and -Infinity are read and written as Python's json module writes them.
A malformed line gets an error line; the cases after it are still answered.
Exit status: 0 when every case was answered (even with an error line).`;

/** Answers one line of `eval` input (blank lines are skipped: returns undefined). */
export function evalLine(line: string, lineNumber: number): string | undefined {
  if (line.trim() === '') return undefined;
  let id: unknown;
  try {
    let parsed: unknown;
    try {
      parsed = parsePythonJson(line);
    } catch (error) {
      throw new LossLensError(`not valid JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new LossLensError('expected a JSON object with an "op" field');
    }
    const args = parsed as Record<string, unknown>;
    id = args.id;
    const result = runOp(args);
    const output = typeof result === 'number' ? result : toNested(result);
    return formatPythonJson({ id, output });
  } catch (error) {
    const message = error instanceof LossLensError ? error.at('stdin', lineNumber).describe() : String(error);
    return formatPythonJson({ id: id ?? null, error: message });
  }
}

/** Streams stdin to stdout, one answer per case, in order. */
export async function runEval(): Promise<number> {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    const answer = evalLine(line, ++lineNumber);
    if (answer !== undefined && !process.stdout.write(answer + '\n')) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
  return 0;
}
