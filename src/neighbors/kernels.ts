import { instantiateKernels } from '../linalg/wasm.js';
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

/**
 * Instantiates the kernels with room for `floats` float32 values, or returns null when WebAssembly
 * SIMD is not available or switched off (see `useWasmKernels`).
 *
 * @example
 * const k = loadKernels(n * d);
 * if (k) { k.floats.set(rows); k.sqdist(0, d, d); }
 */
export function loadKernels(floats: number): DistanceKernels | null {
  const instance = instantiateKernels(KERNELS_WASM_BASE64, floats * 4);
  if (!instance) return null;
  const exports = instance.exports as unknown as {
    memory: WebAssembly.Memory;
    sqdist(a: number, b: number, d: number): number;
    sqdistBounded(a: number, b: number, d: number, bound: number): number;
    dot(a: number, b: number, d: number): number;
  };
  const { sqdist, sqdistBounded, dot } = exports;
  return {
    floats: new Float32Array(exports.memory.buffer, 0, floats),
    sqdist: (a, b, d) => sqdist(a * 4, b * 4, d),
    sqdistBounded: (a, b, d, bound) => sqdistBounded(a * 4, b * 4, d, bound),
    dot: (a, b, d) => dot(a * 4, b * 4, d),
  };
}
