import { Matrix as MlMatrix } from 'ml-matrix';
import { InputError } from './errors.js';

/** A typed array of floats: the storage of every {@link Matrix}. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A dense row-major matrix on a typed array: element (i, j) is `data[i * cols + j]`.
 * This is the currency of every numeric stage (embeddings, reducers, clusterers).
 *
 * @example
 * const x = matrix(new Float32Array([1, 2, 3, 4]), 2, 2);
 * rowView(x, 1); // Float32Array [3, 4] (no copy)
 */
export interface Matrix<T extends FloatArray = FloatArray> {
  readonly data: T;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Wraps a typed array as a `rows × cols` matrix without copying.
 * @example matrix(new Float64Array(6), 2, 3)
 */
export function matrix<T extends FloatArray>(data: T, rows: number, cols: number): Matrix<T> {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new InputError(`Matrix shape must be non-negative integers, got ${rows} × ${cols}.`, {
      code: 'BAD_SHAPE',
      field: 'rows/cols',
      fix: 'Pass whole numbers for rows and cols.',
    });
  }
  if (data.length !== rows * cols) {
    throw new InputError(
      `Matrix data has ${data.length} values but ${rows} × ${cols} needs ${rows * cols}.`,
      { code: 'BAD_SHAPE', field: 'data', fix: 'Make data.length equal rows * cols.' },
    );
  }
  return { data, rows, cols };
}

/** A zero-filled matrix (`Float64Array` unless `Float32Array` is asked for). @example zeros(3, 2) */
export function zeros(rows: number, cols: number, type: 'float32' | 'float64' = 'float64'): Matrix {
  const data = type === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  return matrix(data, rows, cols);
}

/** True when `value` looks like a {@link Matrix}. */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Matrix>;
  return (
    (v.data instanceof Float32Array || v.data instanceof Float64Array) &&
    typeof v.rows === 'number' &&
    typeof v.cols === 'number' &&
    v.data.length === v.rows * v.cols
  );
}

/** Row `i` as a zero-copy view. @example rowView(x, 0) */
export function rowView<T extends FloatArray>(m: Matrix<T>, i: number): T {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as T;
}

/** Rows `[start, end)` as a zero-copy matrix view. @example sliceRows(x, 0, 100) */
export function sliceRows<T extends FloatArray>(m: Matrix<T>, start: number, end: number): Matrix<T> {
  const s = Math.max(0, Math.min(start, m.rows));
  const e = Math.max(s, Math.min(end, m.rows));
  return { data: m.data.subarray(s * m.cols, e * m.cols) as T, rows: e - s, cols: m.cols };
}

/** A new matrix holding the chosen rows, in the given order. @example takeRows(x, [2, 0]) */
export function takeRows<T extends FloatArray>(m: Matrix<T>, indices: ArrayLike<number>): Matrix<T> {
  const Ctor = m.data.constructor as { new (n: number): T };
  const out = new Ctor(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { data: out, rows: indices.length, cols: m.cols };
}

/**
 * Builds a matrix from nested arrays; every row must have the same length.
 * @example fromArrays([[1, 2], [3, 4]])
 */
export function fromArrays(rows: ArrayLike<ArrayLike<number>>, type: 'float32' | 'float64' = 'float64'): Matrix {
  const n = rows.length;
  const d = n > 0 ? rows[0]!.length : 0;
  const out = zeros(n, d, type);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== d) {
      throw new InputError(`Row ${i} has ${r.length} values but row 0 has ${d}.`, {
        code: 'RAGGED_ROWS',
        field: `rows[${i}]`,
        fix: 'Give every row the same number of values.',
      });
    }
    for (let j = 0; j < d; j++) out.data[i * d + j] = r[j]!;
  }
  return out;
}

/** Copies a matrix to nested `number[][]`. @example toArrays(x) */
export function toArrays(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
  return out;
}

/** Converts an ml-matrix `Matrix` to ours (copy, Float64Array). */
export function fromMlMatrix(m: MlMatrix): Matrix<Float64Array> {
  const out = new Float64Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.columns; j++) out[i * m.columns + j] = m.get(i, j);
  }
  return { data: out, rows: m.rows, cols: m.columns };
}

/** Converts our matrix to an ml-matrix `Matrix` (copy). */
export function toMlMatrix(m: Matrix): MlMatrix {
  return new MlMatrix(toArrays(m));
}

/** Stacks matrices side by side (same row count). @example hconcat([a, b]) */
export function hconcat(parts: readonly Matrix[]): Matrix<Float64Array> {
  if (parts.length === 0) return { data: new Float64Array(0), rows: 0, cols: 0 };
  const rows = parts[0]!.rows;
  let cols = 0;
  for (const [k, p] of parts.entries()) {
    if (p.rows !== rows) {
      throw new InputError(`Part ${k} has ${p.rows} rows but part 0 has ${rows}.`, {
        code: 'BAD_SHAPE',
        field: `parts[${k}]`,
        fix: 'Concatenate matrices with the same number of rows.',
      });
    }
    cols += p.cols;
  }
  const out = new Float64Array(rows * cols);
  let offset = 0;
  for (const p of parts) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < p.cols; j++) out[i * cols + offset + j] = p.data[i * p.cols + j]!;
    }
    offset += p.cols;
  }
  return { data: out, rows, cols };
}

/** Copies a matrix into Float64 storage (returns the input when it already is). */
export function toFloat64(m: Matrix): Matrix<Float64Array> {
  if (m.data instanceof Float64Array) return m as Matrix<Float64Array>;
  return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
}

/** Copies a matrix into Float32 storage (returns the input when it already is). */
export function toFloat32(m: Matrix): Matrix<Float32Array> {
  if (m.data instanceof Float32Array) return m as Matrix<Float32Array>;
  return { data: Float32Array.from(m.data), rows: m.rows, cols: m.cols };
}

/**
 * Sum of the column variances (population variance, divide by n): the total variance of the rows.
 * @example totalVariance(fromArrays([[0, 0], [2, 4]])) // 1 + 4 = 5
 */
export function totalVariance(m: Matrix): number {
  let total = 0;
  for (let j = 0; j < m.cols; j++) {
    let mean = 0;
    for (let i = 0; i < m.rows; i++) mean += m.data[i * m.cols + j]!;
    mean /= m.rows;
    let ss = 0;
    for (let i = 0; i < m.rows; i++) ss += (m.data[i * m.cols + j]! - mean) ** 2;
    total += ss / m.rows;
  }
  return total;
}
