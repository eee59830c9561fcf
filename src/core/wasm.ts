/*
 * Instantiating the core's WebAssembly modules (the *.wat files beside this one, assembled into
 * *Module.ts by the build). WebAssembly is a language global in node and in browsers, not an editor
 * or node API, so the core stays pure; where it cannot run (an engine without SIMD, a webview whose
 * content security policy forbids compiling it) `instantiate` returns undefined and the callers
 * keep to their JavaScript loops, which give the same results bit for bit.
 */

/** The part of the WebAssembly API used here (the core's TypeScript library has no DOM or node types). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * A module's memory. Never grown: growing detaches its old ArrayBuffer, and from the first detached
 * ArrayBuffer on V8's optimised code checks every typed-array access for detachment, in all of the
 * process's JavaScript (BCE-with-logits ran a quarter slower). Each module's memory is sized in its
 * .wat for the blocks its caller copies in.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** A module's memory and exported functions, or undefined where it cannot be compiled here. */
export function instantiate(bytes: Uint8Array): { memory: WasmMemory; exports: Record<string, unknown> } | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm) return undefined;
  try {
    const { exports } = new wasm.Instance(new wasm.Module(bytes), {});
    return { memory: exports.memory as WasmMemory, exports };
  } catch {
    return undefined; // no SIMD in this engine, or compiling is not allowed here
  }
}
