import { LossLensError } from '../core';
import { parsePythonJson } from '../log/pythonJson';
import { parseRecord } from '../log/record';
import { readLineAt } from '../log/tailReader';
import type { ExampleDetail } from '../protocol';
import type { Run } from './run';
import { exampleDetails } from './stepDetail';

/**
 * Reads one step's records back from disk by their byte offsets (raw outputs are never kept in
 * memory) and works out every example. Throws `LossLensError` when the file no longer holds them.
 */
export async function readStepExamples(run: Run, split: string, step: number): Promise<ExampleDetail[]> {
  const locations = run.locate(split, step);
  if (locations.length === 0) throw new LossLensError(`step ${step} (${split}) is not in this run`);
  const examples: ExampleDetail[] = [];
  for (const at of locations) {
    const text = await readLineAt(at.file, at.offset, at.length);
    let record;
    try {
      const header = run.headerOf(at.file);
      record = parseRecord(parsePythonJson(text) as Record<string, unknown>, header, run.classNames.length || undefined);
      if (record.step !== step || record.split !== split) throw new LossLensError('the line now holds another step');
      for (const example of exampleDetails(record, header.loss)) examples.push(example);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new LossLensError(`${at.file}:${at.line} changed since it was read (${reason}); reopen the run`);
    }
  }
  return examples;
}
