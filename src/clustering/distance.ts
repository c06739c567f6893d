import { InputError } from '../core/errors.js';
import type { RunOptions } from '../core/progress.js';
import type { Matrix } from '../core/matrix.js';

/**
 * Distance metrics the density-based clusterers (HDBSCAN, DBSCAN, OPTICS) understand.
 *
 * - `euclidean`: straight-line distance.
 * - `manhattan`: sum of absolute differences (L1).
 * - `cosine`: 1 − cosine similarity (rows are compared by direction only).
 * - `haversine`: great-circle distance in **kilometres** between `[latitude, longitude]` rows in degrees.
 *
 * @example
 * const m: DensityMetric = 'haversine';
 * isDensityMetric('cosine'); // true
 */
export const DensityMetric = {
  euclidean: 'euclidean',
  manhattan: 'manhattan',
  cosine: 'cosine',
  haversine: 'haversine',
} as const;
/** One of the {@link DensityMetric} names. */
export type DensityMetric = keyof typeof DensityMetric;

/** True when `value` names a {@link DensityMetric}. @example isDensityMetric('euclidean') // true */
export function isDensityMetric(value: unknown): value is DensityMetric {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DensityMetric, value);
}

/** Mean Earth radius in kilometres (IUGG), used by {@link haversineKm}. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Euclidean distance between row `i` of `a` and row `j` of `b` (both row-major with `dim` columns).
 * @example euclidean(new Float64Array([0, 0, 3, 4]), 0, new Float64Array([0, 0, 3, 4]), 1, 2) // 5
 */
export function euclidean(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, dim: number): number {
  let s = 0;
  const ia = i * dim;
  const jb = j * dim;
  for (let t = 0; t < dim; t++) {
    const diff = a[ia + t]! - b[jb + t]!;
    s += diff * diff;
  }
  return Math.sqrt(s);
}

/**
 * Manhattan (L1) distance between row `i` of `a` and row `j` of `b`.
 * @example manhattan([0, 0, 3, 4], 0, [0, 0, 3, 4], 1, 2) // 7
 */
export function manhattan(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, dim: number): number {
  let s = 0;
  const ia = i * dim;
  const jb = j * dim;
  for (let t = 0; t < dim; t++) s += Math.abs(a[ia + t]! - b[jb + t]!);
  return s;
}

/**
 * Cosine distance (1 − cosine similarity) between row `i` of `a` and row `j` of `b`. A zero row has
 * distance 1 to everything (it has no direction).
 * @example cosine([1, 0, 0, 2], 0, [1, 0, 0, 2], 1, 2) // 1
 */
export function cosine(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, dim: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const ia = i * dim;
  const jb = j * dim;
  for (let t = 0; t < dim; t++) {
    const u = a[ia + t]!;
    const v = b[jb + t]!;
    dot += u * v;
    na += u * u;
    nb += v * v;
  }
  if (na === 0 || nb === 0) return 1;
  return Math.max(0, 1 - dot / Math.sqrt(na * nb));
}

/**
 * Great-circle distance in kilometres between two points given as latitude/longitude in degrees.
 * @example haversineKm(48.8566, 2.3522, 51.5074, -0.1278) // ≈ 343.9 (Paris – London)
 */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const h = s1 * s1 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Distance between row `i` of `a` and row `j` of `b` under `metric` (haversine rows are
 * `[lat, lon]` in degrees, result in km).
 * @example metricDistance('manhattan', [0, 0, 1, 1], 0, [0, 0, 1, 1], 1, 2) // 2
 */
export function metricDistance(
  metric: DensityMetric,
  a: ArrayLike<number>,
  i: number,
  b: ArrayLike<number>,
  j: number,
  dim: number,
): number {
  switch (metric) {
    case 'euclidean':
      return euclidean(a, i, b, j, dim);
    case 'manhattan':
      return manhattan(a, i, b, j, dim);
    case 'cosine':
      return cosine(a, i, b, j, dim);
    case 'haversine':
      return haversineKm(a[i * dim]!, a[i * dim + 1]!, b[j * dim]!, b[j * dim + 1]!);
  }
}

/**
 * How a metric is computed on a spatial index: every metric here is a monotone function of a
 * Euclidean or Manhattan distance in a transformed space (cosine → unit vectors, haversine →
 * points on the unit sphere in 3-D), so trees, neighbour orders and minimum spanning trees built in
 * the transformed space are exact for the original metric.
 * @internal
 */
export interface MetricSpace {
  metric: DensityMetric;
  /** Base geometry of the transformed rows. */
  base: 'euclidean' | 'manhattan';
  /** Transformed rows (row-major, `dim` columns, Float64). */
  data: Float64Array;
  rows: number;
  dim: number;
  /** Maps a base distance (Euclidean or L1, not squared) to the metric's distance. Monotone. */
  toMetric: (base: number) => number;
  /** Inverse of {@link MetricSpace.toMetric}: the base distance that equals a metric distance. */
  fromMetric: (metricDistance: number) => number;
}

function cosineToMetric(e: number): number {
  return (e * e) / 2;
}
function cosineFromMetric(c: number): number {
  return Math.sqrt(2 * Math.max(0, c));
}
function chordToKm(chord: number): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, chord / 2));
}
function kmToChord(km: number): number {
  return 2 * Math.sin(Math.min(Math.PI / 2, Math.max(0, km) / (2 * EARTH_RADIUS_KM)));
}
const identity = (v: number): number => v;

/**
 * Validates `x` (finite values; two columns for haversine) and builds its {@link MetricSpace}.
 * Errors name the first bad row.
 * @internal
 */
export function metricSpace(x: Matrix, metric: DensityMetric, field = 'x'): MetricSpace {
  const n = x.rows;
  const d = x.cols;
  const src = x.data;
  for (let i = 0; i < src.length; i++) {
    if (!Number.isFinite(src[i]!)) {
      const row = Math.floor(i / d);
      throw new InputError(`Row ${row} of ${field} has a non-finite value (${src[i]}) in column ${i % d}.`, {
        code: 'NON_FINITE',
        field: `${field}[${row}]`,
        fix: 'Remove or impute rows with NaN or infinite values before clustering.',
      });
    }
  }
  if (metric === 'haversine') {
    if (d !== 2) {
      throw new InputError(`The haversine metric needs 2 columns (latitude, longitude in degrees), got ${d}.`, {
        code: 'BAD_SHAPE',
        field,
        fix: 'Pass rows of [latitude, longitude] in degrees.',
      });
    }
    const out = new Float64Array(n * 3);
    const rad = Math.PI / 180;
    for (let i = 0; i < n; i++) {
      const lat = src[2 * i]!;
      const lon = src[2 * i + 1]!;
      if (lat < -90 || lat > 90) {
        throw new InputError(`Row ${i} of ${field} has latitude ${lat}, outside [-90, 90].`, {
          code: 'BAD_COORDINATE',
          field: `${field}[${i}]`,
          fix: 'Give rows as [latitude, longitude] in degrees (latitude first).',
        });
      }
      const cl = Math.cos(lat * rad);
      out[3 * i] = cl * Math.cos(lon * rad);
      out[3 * i + 1] = cl * Math.sin(lon * rad);
      out[3 * i + 2] = Math.sin(lat * rad);
    }
    return { metric, base: 'euclidean', data: out, rows: n, dim: 3, toMetric: chordToKm, fromMetric: kmToChord };
  }
  const out = Float64Array.from(src);
  if (metric === 'cosine') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += out[i * d + j]! * out[i * d + j]!;
      if (s === 0) {
        throw new InputError(`Row ${i} of ${field} is all zeros and has no cosine direction.`, {
          code: 'ZERO_ROW',
          field: `${field}[${i}]`,
          fix: 'Drop all-zero rows or use the euclidean metric.',
        });
      }
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < d; j++) out[i * d + j]! *= inv;
    }
    return { metric, base: 'euclidean', data: out, rows: n, dim: d, toMetric: cosineToMetric, fromMetric: cosineFromMetric };
  }
  return {
    metric,
    base: metric === 'manhattan' ? 'manhattan' : 'euclidean',
    data: out,
    rows: n,
    dim: d,
    toMetric: identity,
    fromMetric: identity,
  };
}

// The library-wide option parser (errors name the key, the bad value and the allowed values).
export { parseOptions as parseDensityOptions } from '../config/validate.js';

/** Splits run options (signal, onProgress, seed) from algorithm options. @internal */
export function splitRunOptions<T extends object>(
  options: T | undefined,
): { run: RunOptions; rest: Omit<T, 'signal' | 'onProgress' | 'seed'> } {
  const { signal, onProgress, seed: _seed, ...rest } = (options ?? {}) as T & RunOptions & { seed?: number };
  const run: RunOptions = {};
  if (signal !== undefined) run.signal = signal;
  if (onProgress !== undefined) run.onProgress = onProgress;
  return { run, rest: rest as Omit<T, 'signal' | 'onProgress' | 'seed'> };
}
