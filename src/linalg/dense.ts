import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/random.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';
import { instantiateKernels } from './wasm.js';

/**
 * Column means of a matrix (Float64 accumulation).
 * @example columnMeans(x) // Float64Array of length x.cols
 */
export function columnMeans(x: Matrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j] = mean[j]! + data[o + j]!;
  }
  if (n > 0) for (let j = 0; j < d; j++) mean[j] = mean[j]! / n;
  return mean;
}

/**
 * `(X − 1·meanᵀ) · B` for `B` given row-major `d × l`; result row-major `n × l`.
 * Centring is applied after the product (`XB − 1·(meanᵀB)`) so sparse rows stay cheap.
 *
 * @example multiply(x, b, 3) // x.rows × 3
 */
export function multiply(x: Matrix, b: Float64Array, l: number, mean?: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = x;
  const y = new Float64Array(n * l);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    const yo = i * l;
    for (let j = 0; j < d; j++) {
      const v = data[xo + j]!;
      if (v === 0) continue;
      const bo = j * l;
      for (let c = 0; c < l; c++) y[yo + c] = y[yo + c]! + v * b[bo + c]!;
    }
  }
  if (mean) {
    const shift = new Float64Array(l);
    for (let j = 0; j < d; j++) {
      const m = mean[j]!;
      if (m === 0) continue;
      for (let c = 0; c < l; c++) shift[c] = shift[c]! + m * b[j * l + c]!;
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < l; c++) y[i * l + c] = y[i * l + c]! - shift[c]!;
  }
  return y;
}

/**
 * `(X − 1·meanᵀ)ᵀ · Q` for `Q` given row-major `n × l`; result row-major `d × l`.
 * @example transposeMultiply(x, q, 3) // x.cols × 3
 */
export function transposeMultiply(x: Matrix, q: Float64Array, l: number, mean?: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = x;
  const z = new Float64Array(d * l);
  const colSum = new Float64Array(l);
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    const qo = i * l;
    for (let c = 0; c < l; c++) colSum[c] = colSum[c]! + q[qo + c]!;
    for (let j = 0; j < d; j++) {
      const v = data[xo + j]!;
      if (v === 0) continue;
      const zo = j * l;
      for (let c = 0; c < l; c++) z[zo + c] = z[zo + c]! + v * q[qo + c]!;
    }
  }
  if (mean) {
    for (let j = 0; j < d; j++) {
      const m = mean[j]!;
      if (m === 0) continue;
      for (let c = 0; c < l; c++) z[j * l + c] = z[j * l + c]! - m * colSum[c]!;
    }
  }
  return z;
}

/**
 * Scatter matrix `(X − 1·meanᵀ)ᵀ (X − 1·meanᵀ)` (`d × d`, both triangles filled).
 * O(n · d² / 2). From n·d² ≥ 2²⁷ on it runs in a WebAssembly SIMD kernel with float32 products
 * (relative error ~1e-7); below that, in float64.
 *
 * @example crossProduct(x, columnMeans(x)) // divide by n − 1 for the covariance
 */
export function crossProduct(x: Matrix, mean?: Float64Array): Float64Array {
  // Large inputs use the SIMD kernel (products of 8 rows summed in float32, relative error ~1e-7,
  // 5x faster); small ones stay in exact float64 loops.
  const fast = x.rows * x.cols * x.cols >= 2 ** 27 ? crossProductWasm(x, mean) : null;
  if (fast) return fast;
  const { rows: n, cols: d, data } = x;
  const c = new Float64Array(d * d);
  // Eight rows at a time, stored interleaved (blk[t*8 + b] = row b, column t): each update of
  // c[j][t] then carries eight multiply-adds, so the loop is bound by arithmetic, not by c.
  const B = 8;
  const blk = new Float64Array(d * B);
  for (let i0 = 0; i0 < n; i0 += B) {
    const rowsHere = Math.min(B, n - i0);
    blk.fill(0);
    for (let b = 0; b < rowsHere; b++) {
      const o = (i0 + b) * d;
      for (let t = 0; t < d; t++) blk[t * B + b] = data[o + t]! - (mean ? mean[t]! : 0);
    }
    for (let j = 0; j < d; j++) {
      const jb = j * B;
      const a0 = blk[jb]!;
      const a1 = blk[jb + 1]!;
      const a2 = blk[jb + 2]!;
      const a3 = blk[jb + 3]!;
      const a4 = blk[jb + 4]!;
      const a5 = blk[jb + 5]!;
      const a6 = blk[jb + 6]!;
      const a7 = blk[jb + 7]!;
      const co = j * d;
      for (let t = 0, tb = 0; t <= j; t++, tb += B) {
        c[co + t] =
          c[co + t]! +
          (a0 * blk[tb]! + a1 * blk[tb + 1]! + a2 * blk[tb + 2]! + a3 * blk[tb + 3]!) +
          (a4 * blk[tb + 4]! + a5 * blk[tb + 5]! + a6 * blk[tb + 6]! + a7 * blk[tb + 7]!);
      }
    }
  }
  for (let j = 0; j < d; j++) for (let t = 0; t < j; t++) c[t * d + j] = c[j * d + t]!;
  return c;
}

/** The scatter matrix with the SIMD kernel (float32 products of 8 rows, float64 sums); null if unavailable. */
function crossProductWasm(x: Matrix, mean?: Float64Array): Float64Array | null {
  const { rows: n, cols: d, data } = x;
  const stride = Math.ceil(d / 4) * 4;
  const blockBytes = 8 * stride * 4;
  const instance = instantiateKernels(KERNELS_WASM_BASE64, blockBytes + stride * stride * 8);
  if (!instance) return null;
  const memory = (instance.exports.memory as WebAssembly.Memory).buffer;
  const syrk8 = instance.exports.syrk8 as (blk: number, c: number, d: number, stride: number) => void;
  const blk = new Float32Array(memory, 0, 8 * stride);
  const acc = new Float64Array(memory, blockBytes, stride * stride);
  for (let i0 = 0; i0 < n; i0 += 8) {
    const rowsHere = Math.min(8, n - i0);
    if (rowsHere < 8) blk.fill(0);
    for (let b = 0; b < rowsHere; b++) {
      const o = (i0 + b) * d;
      const bo = b * stride;
      if (mean) for (let t = 0; t < d; t++) blk[bo + t] = data[o + t]! - mean[t]!;
      else for (let t = 0; t < d; t++) blk[bo + t] = data[o + t]!;
    }
    syrk8(0, blockBytes, d, stride);
  }
  const c = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let t = 0; t <= j; t++) {
      const v = acc[j * stride + t]!;
      c[j * d + t] = v;
      c[t * d + j] = v;
    }
  }
  return c;
}

/**
 * Gram matrix `(X − 1·meanᵀ)(X − 1·meanᵀ)ᵀ` (`n × n`). O(n² · d / 2).
 * @example gramMatrix(x)
 */
export function gramMatrix(x: Matrix, mean?: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = x;
  const centred = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) centred[i * d + j] = data[i * d + j]! - (mean ? mean[j]! : 0);
  }
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k <= i; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += centred[i * d + j]! * centred[k * d + j]!;
      g[i * n + k] = s;
      g[k * n + i] = s;
    }
  }
  return g;
}

/**
 * Orthonormalises the columns of a row-major `rows × cols` matrix in place (modified Gram–Schmidt,
 * applied twice for stability). A column that collapses to zero is left as zeros.
 *
 * @example orthonormalizeColumns(y, n, l)
 */
export function orthonormalizeColumns(y: Float64Array, rows: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < cols; c++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += y[i * cols + c]! * y[i * cols + p]!;
        for (let i = 0; i < rows; i++) y[i * cols + c] = y[i * cols + c]! - dot * y[i * cols + p]!;
      }
      let norm = 0;
      for (let i = 0; i < rows; i++) norm += y[i * cols + c]! ** 2;
      norm = Math.sqrt(norm);
      const inv = norm > 1e-300 ? 1 / norm : 0;
      for (let i = 0; i < rows; i++) y[i * cols + c] = y[i * cols + c]! * inv;
    }
  }
}

/** A `rows × cols` matrix of standard normal draws (row-major). */
export function gaussianMatrix(rows: number, cols: number, rng: Rng): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}
