/*
 * Reading a record's number lists with WebAssembly (numberList.wat, assembled into
 * numberListModule.ts): the record line is copied into the module's memory once, the field reader
 * reads the line there, and each list's common-shape numbers are read by the module, 64-bit
 * integer arithmetic eight digits at a time, in about two thirds of `readNumberInto`'s time. Every value
 * is the correctly rounded one, so the same as JavaScript's, bit for bit; where the module stops (a
 * number of another shape, an error) recordFields.ts goes on in JavaScript. Where WebAssembly
 * cannot run, `numberLists()` is undefined and everything is read in JavaScript.
 */
import { instantiate } from '../core/wasm';
import { NUMBER_LIST_WASM } from './numberListModule';
import { MAX_POWER, MIN_POWER, POWER_BOTTOM, POWER_HIGH, POWER_LOW, POWER_TOP } from './powersOfTen';

export interface NumberLists {
  /** The line copied into the module's memory, as a view there; undefined if it is too long. */
  copyLine(line: Uint8Array): Uint8Array | undefined;
  /**
   * Reads numbers of the copied line from byte `at` (a list's first number or its next one) into
   * `out` from `index`, each with its separator; returns how many. `stop` is then the byte after
   * the last separator read, `closed` whether that was the list's `]`.
   */
  read(at: number, out: Float64Array, index: number): number;
  readonly stop: number;
  readonly closed: boolean;
}

interface Global {
  readonly value: number;
}

function load(): NumberLists | undefined {
  const module = instantiate(NUMBER_LIST_WASM);
  if (!module) return undefined;
  const { memory, exports } = module;
  const at = (name: string): number => (exports[name] as Global).value;
  const readList = exports.readList as (at: number, out: number, room: number) => number;
  const stop = exports.stop as Global;
  const closed = exports.closed as Global;
  const lineAt = at('lineAt');
  const lineRoom = at('lineRoom');
  const valuesAt = at('valuesAt');
  const valuesRoom = at('valuesRoom');
  const doubles = new Float64Array(memory.buffer);
  const bytes = new Uint8Array(memory.buffer);

  const powers = at('powersAt') / 8;
  for (let q = MIN_POWER; q <= MAX_POWER; q++) {
    const entry = powers + 4 * (q - MIN_POWER);
    doubles.set([POWER_HIGH[q - MIN_POWER], POWER_LOW[q - MIN_POWER], POWER_TOP[q - MIN_POWER], POWER_BOTTOM[q - MIN_POWER]], entry);
  }
  doubles.set(Array.from({ length: 23 }, (_, k) => 10 ** k), at('exactPowersAt') / 8);
  new BigInt64Array(memory.buffer, at('integerPowersAt'), 20).set(Array.from({ length: 20 }, (_, k) => 10n ** BigInt(k)));

  return {
    copyLine(line) {
      if (line.length > lineRoom) return undefined;
      bytes.set(line, lineAt);
      return bytes.subarray(lineAt, lineAt + line.length);
    },
    read(start, out, index) {
      const count = readList(lineAt + start, valuesAt, Math.min(valuesRoom, out.length - index));
      out.set(doubles.subarray(valuesAt / 8, valuesAt / 8 + count), index);
      return count;
    },
    get stop() {
      return stop.value - lineAt;
    },
    get closed() {
      return closed.value === 1;
    },
  };
}

let loaded: NumberLists | undefined | null = null; // null: not loaded yet

/** numberList.wat, loaded on the first record read; undefined where WebAssembly cannot run. */
export function numberLists(): NumberLists | undefined {
  if (loaded === null) loaded = load();
  return loaded;
}
