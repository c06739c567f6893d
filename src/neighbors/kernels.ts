import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/**
 * WebAssembly SIMD distance kernels over float32 rows held in the module's own memory. Each search
 * gets its own instance (so the memory is freed with it). Offsets are in floats.
 * `null` from {@link loadKernels} means WebAssembly SIMD is unavailable; callers then use the
 * plain JavaScript loops, which give the same neighbours up to float rounding.
 */
export interface DistanceKernels {
  /** The kernel memory as floats: copy rows in here. */
  readonly floats: Float32Array;
  /** Squared euclidean distance of the `d` floats at float offsets `a` and `b`. */
  sqdist(a: number, b: number, d: number): number;
  /** As {@link DistanceKernels.sqdist}, giving up (returning a value > bound) once past `bound`. */
  sqdistBounded(a: number, b: number, d: number, bound: number): number;
  /** Dot product of the `d` floats at float offsets `a` and `b`. */
  dot(a: number, b: number, d: number): number;
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

/**
 * Turns the WebAssembly kernels on or off for later searches (on by default when supported; the
 * JavaScript loops are the fallback). Mainly for comparing the two paths.
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
 * Instantiates the kernels with room for `floats` float32 values (≤ 1 G floats), or returns null
 * when WebAssembly SIMD is not available or disabled with `HF_SEPARATE_NO_WASM=1`.
 *
 * @example
 * const k = loadKernels(n * d);
 * if (k) { k.floats.set(rows); k.sqdist(0, d, d); }
 */
export function loadKernels(floats: number): DistanceKernels | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
      if (typeof WebAssembly === 'object' && env?.HF_SEPARATE_NO_WASM !== '1') {
        const bytes = decode(KERNELS_WASM_BASE64);
        if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
      }
    } catch {
      compiled = null;
    }
  }
  if (!enabled || !compiled || floats > 2 ** 30 - 16) return null;
  const instance = new WebAssembly.Instance(compiled, {});
  const exports = instance.exports as unknown as {
    memory: WebAssembly.Memory;
    sqdist(a: number, b: number, d: number): number;
    sqdistBounded(a: number, b: number, d: number, bound: number): number;
    dot(a: number, b: number, d: number): number;
  };
  const bytes = floats * 4 + 64;
  const pages = Math.ceil(bytes / 65536);
  const have = exports.memory.buffer.byteLength / 65536;
  if (pages > have) exports.memory.grow(pages - have);
  const { sqdist, sqdistBounded, dot } = exports;
  return {
    floats: new Float32Array(exports.memory.buffer, 0, floats),
    sqdist: (a, b, d) => sqdist(a * 4, b * 4, d),
    sqdistBounded: (a, b, d, bound) => sqdistBounded(a * 4, b * 4, d, bound),
    dot: (a, b, d) => dot(a * 4, b * 4, d),
  };
}
