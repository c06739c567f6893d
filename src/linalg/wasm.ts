/**
 * Loading of the small WebAssembly SIMD kernels (distances, scatter matrix). Modules are compiled
 * once and instantiated per use, so each search or fit owns (and frees) its memory.
 */
const cache = new Map<string, WebAssembly.Module | null>();
let enabled = true;

/**
 * Turns the WebAssembly kernels on or off for later calls (on by default when supported; the
 * JavaScript loops are the fallback and give the same results up to float rounding).
 *
 * @example useWasmKernels(false); // plain JavaScript from now on
 */
export function useWasmKernels(on: boolean): void {
  enabled = on;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(text.length));
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * The compiled module of a kernel (cached), or null when WebAssembly SIMD is unavailable or the
 * kernels are switched off (see {@link instantiateKernels}).
 * @internal
 */
export function compiledKernels(base64: string): WebAssembly.Module | null {
  if (!enabled) return null;
  let compiled = cache.get(base64);
  if (compiled === undefined) {
    compiled = null;
    try {
      const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
      if (typeof WebAssembly === 'object' && env?.HF_SEPARATE_NO_WASM !== '1') {
        const code = decode(base64);
        if (WebAssembly.validate(code)) compiled = new WebAssembly.Module(code);
      }
    } catch {
      compiled = null;
    }
    cache.set(base64, compiled);
  }
  return compiled;
}

/**
 * Instantiates a kernel module with at least `bytes` of memory, or returns null when WebAssembly
 * SIMD is unavailable, the kernels are switched off ({@link useWasmKernels} or the environment
 * variable `HF_SEPARATE_NO_WASM=1`), or the memory would pass 4 GB.
 * @internal
 */
export function instantiateKernels(base64: string, bytes: number): WebAssembly.Instance | null {
  if (!enabled || bytes > 2 ** 32 - 2 ** 20) return null;
  const compiled = compiledKernels(base64);
  if (!compiled) return null;
  const instance = new WebAssembly.Instance(compiled, {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  const pages = Math.ceil((bytes + 64) / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (pages > have) memory.grow(pages - have);
  return instance;
}
