import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

describe('V8\'s ArrayBufferDetaching protector', () => {
  it('stays valid through the core\'s WebAssembly and the worker reads: typed arrays keep their fast access', () => {
    // Once any ArrayBuffer is detached (a WebAssembly memory grown, a buffer transferred), V8's
    // optimised code checks every typed-array access for detachment, in the whole process: BCE
    // with logits ran a quarter slower after a memory.grow.
    const output = execFileSync(
      process.execPath,
      ['--trace-protector-invalidation', '--require', 'tsx/cjs', path.join(__dirname, 'coreWorkload.ts')],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    assert.match(output, /^steps [1-9]\d*, read by workers [1-9]/m, 'the workload ran to its end');
    assert.doesNotMatch(output, /Invalidating protector cell ArrayBufferDetaching/);
  });
});
