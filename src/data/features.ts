import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { isMissing, toNumber } from './missing.js';
import type { Dataset } from './types.js';

/** How numeric columns are scaled before they become features. */
export const SCALINGS = {
  standard: 'subtract the mean, divide by the standard deviation',
  robust: 'subtract the median, divide by the interquartile range',
  minmax: 'map the range to [0, 1]',
  none: 'use values as they are',
} as const;
/** One of {@link SCALINGS}. */
export type Scaling = keyof typeof SCALINGS;

/** What to do with missing values. */
export const MISSING_POLICIES = {
  impute: 'numeric: the column median; categorical: its own "(missing)" category',
  skip: 'leave the row out of the clustering (it is kept in the output, marked skipped)',
  error: 'stop with an error naming the column and row',
} as const;
/** One of {@link MISSING_POLICIES}. */
export type MissingPolicy = keyof typeof MISSING_POLICIES;

/** Options for {@link buildFeatures}. */
export const FeatureOptionsSchema = z.object({
  numeric: z.array(z.string()).default([]),
  categorical: z.array(z.string()).default([]),
  scaling: z.enum(['standard', 'robust', 'minmax', 'none']).default('standard'),
  missing: z.enum(['impute', 'skip', 'error']).default('impute'),
  /** Categories rarer than this share of rows are pooled into "(other)" when one-hot encoding. */
  minCategoryShare: z.number().min(0).max(1).default(0.01),
  /** Value of a one-hot column where the category is present. Default 1/√2 (a two-level column then weighs about as much as one standardised numeric column). */
  categoricalWeight: z.number().min(0).default(Math.SQRT1_2),
});
/** Options for {@link buildFeatures} (input form). */
export type FeatureOptions = z.input<typeof FeatureOptionsSchema>;

/** The feature matrix and what went into it. */
export interface Features {
  matrix: Matrix<Float64Array>;
  /** Column name per matrix column (`species=Adelie` for one-hot columns). */
  names: string[];
  /** Input row index of each matrix row (rows left out under `missing: 'skip'` are absent). */
  rowIndex: Int32Array;
  /** Per input column: how many values were missing and what was done. */
  missing: { column: string; count: number; action: string }[];
  /** Rows left out and why. */
  skipped: { row: number; reason: string }[];
  /** Per numeric column: the centre and scale used and the value imputed for missing ones (to transform new rows the same way). */
  scaling: { column: string; centre: number; scale: number; method: Scaling; impute: number }[];
  /** Per categorical column: the categories that got their own one-hot column. */
  categories: { column: string; values: string[] }[];
}

/**
 * Builds a scaled numeric feature matrix from numeric and categorical columns, applying a stated
 * missing-value policy. Nothing is dropped silently: skipped rows are listed with the reason.
 *
 * @example
 * const f = buildFeatures(data, { numeric: ['bill_length_mm', 'flipper_length_mm'], scaling: 'standard' });
 * f.matrix.cols // 2
 * const next = buildFeatures(newData, { numeric: ['bill_length_mm', 'flipper_length_mm'] }, f); // same scaling
 */
export function buildFeatures(data: Dataset, options: FeatureOptions, fitted?: FittedFeatures): Features {
  const o = FeatureOptionsSchema.parse(options);
  const n = data.numRows;
  const where = data.source ?? 'the data';
  const numericValues: Float64Array[] = [];
  const skip = new Uint8Array(n);
  const skipped: { row: number; reason: string }[] = [];
  const missing: Features['missing'] = [];

  for (const name of o.numeric) {
    const raw = data.table.array(name) as ArrayLike<unknown>;
    const values = new Float64Array(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (isMissing(v)) {
        values[i] = Number.NaN;
        count++;
        continue;
      }
      const x = toNumber(v);
      if (Number.isNaN(x)) {
        throw new InputError(`Column "${name}" in ${where}, row ${i + 1}: "${String(v)}" is not a number.`, {
          code: 'BAD_VALUE',
          field: name,
          fix: `Clean the value, or declare the column categorical ({ kinds: { "${name}": "categorical" } }).`,
        });
      }
      values[i] = x;
    }
    if (count > 0) {
      if (o.missing === 'error') {
        const first = values.findIndex((x) => Number.isNaN(x));
        throw new InputError(`Column "${name}" in ${where} has ${count} missing values (first on row ${first + 1}).`, {
          code: 'MISSING_VALUES',
          field: name,
          fix: "Fill them in, or use missing: 'impute' (median) or 'skip' (leave those rows out).",
        });
      }
      if (o.missing === 'skip') {
        for (let i = 0; i < n; i++) if (Number.isNaN(values[i]!)) markSkip(i, `missing ${name}`);
        missing.push({ column: name, count, action: 'rows skipped' });
      } else {
        const med = fitted?.scaling.find((f) => f.column === name)?.impute ?? median(values.filter((x) => !Number.isNaN(x)));
        for (let i = 0; i < n; i++) if (Number.isNaN(values[i]!)) values[i] = med;
        missing.push({ column: name, count, action: `imputed with the median ${round(med)}` });
      }
    }
    numericValues.push(values);
  }

  const categoricalValues: string[][] = [];
  for (const name of o.categorical) {
    const raw = data.table.array(name) as ArrayLike<unknown>;
    const values = new Array<string>(n);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (isMissing(v)) {
        count++;
        values[i] = '(missing)';
        if (o.missing === 'skip') markSkip(i, `missing ${name}`);
      } else {
        values[i] = v instanceof Date ? v.toISOString() : String(v);
      }
    }
    if (count > 0) {
      if (o.missing === 'error') {
        throw new InputError(`Column "${name}" in ${where} has ${count} missing values.`, {
          code: 'MISSING_VALUES',
          field: name,
          fix: "Fill them in, or use missing: 'impute' (own category) or 'skip'.",
        });
      }
      missing.push({ column: name, count, action: o.missing === 'skip' ? 'rows skipped' : 'own "(missing)" category' });
    }
    categoricalValues.push(values);
  }

  function markSkip(i: number, reason: string): void {
    if (!skip[i]) {
      skip[i] = 1;
      skipped.push({ row: i, reason });
    } else {
      const entry = skipped.find((s) => s.row === i);
      if (entry && !entry.reason.includes(reason)) entry.reason += `, ${reason}`;
    }
  }

  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (!skip[i]) kept.push(i);
  if (kept.length === 0) {
    throw new InputError(`Every row of ${where} has a missing value in the chosen columns, so nothing is left to separate.`, {
      code: 'EMPTY_INPUT',
      field: [...o.numeric, ...o.categorical].join(', '),
      fix: "Use missing: 'impute', or choose columns with data.",
    });
  }

  const names: string[] = [];
  const scaling: Features['scaling'] = [];
  const columnsOut: Float64Array[] = [];
  for (let c = 0; c < o.numeric.length; c++) {
    const all = numericValues[c]!;
    const values = Float64Array.from(kept, (i) => all[i]!);
    const name = o.numeric[c]!;
    const known = fitted?.scaling.find((f) => f.column === name);
    const { centre, scale } = known ?? scaleParams(values, o.scaling);
    const impute = known?.impute ?? median(Float64Array.from(all).filter((x) => !Number.isNaN(x)));
    for (let i = 0; i < values.length; i++) values[i] = (values[i]! - centre) / scale;
    columnsOut.push(values);
    names.push(name);
    scaling.push({ column: name, centre, scale, method: known?.method ?? o.scaling, impute });
  }

  const categories: Features['categories'] = [];
  for (let c = 0; c < o.categorical.length; c++) {
    const all = categoricalValues[c]!;
    const counts = new Map<string, number>();
    for (const i of kept) counts.set(all[i]!, (counts.get(all[i]!) ?? 0) + 1);
    const minCount = Math.max(1, Math.ceil(o.minCategoryShare * kept.length));
    const knownLevels = fitted?.categories.find((f) => f.column === o.categorical[c])?.values;
    const levels = knownLevels
      ? knownLevels.filter((v) => v !== '(other)')
      : [...counts.entries()]
          .filter(([, k]) => k >= minCount)
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .map(([v]) => v);
    const outLevels = knownLevels ?? (levels.length < counts.size ? [...levels, '(other)'] : levels);
    // One-hot columns are scaled like a standardised numeric column would be, so a categorical column
    // weighs about as much as a numeric one instead of drowning or vanishing.
    const weight = o.categoricalWeight;
    for (const level of outLevels) {
      const col = new Float64Array(kept.length);
      for (let k = 0; k < kept.length; k++) {
        const v = all[kept[k]!]!;
        const isLevel = level === '(other)' ? !levels.includes(v) : v === level;
        col[k] = isLevel ? weight : 0;
      }
      columnsOut.push(col);
      names.push(`${o.categorical[c]}=${level}`);
    }
    categories.push({ column: o.categorical[c]!, values: outLevels });
  }

  const rows = kept.length;
  const cols = columnsOut.length;
  const data64 = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const col = columnsOut[j]!;
    for (let i = 0; i < rows; i++) data64[i * cols + j] = col[i]!;
  }
  return {
    matrix: { data: data64, rows, cols },
    names,
    rowIndex: Int32Array.from(kept),
    missing,
    skipped: skipped.sort((a, b) => a.row - b.row),
    scaling,
    categories,
  };
}

/** The parts of {@link Features} that transform new rows exactly like the training rows. */
export type FittedFeatures = Pick<Features, 'scaling' | 'categories'>;

/** Centre and scale of a column for a scaling method (scale is never 0). */
export function scaleParams(values: Float64Array, method: Scaling): { centre: number; scale: number } {
  const n = values.length;
  if (method === 'none' || n === 0) return { centre: 0, scale: 1 };
  if (method === 'standard') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    return { centre: mean, scale: sd > 0 ? sd : 1 };
  }
  const sorted = Float64Array.from(values).sort();
  if (method === 'minmax') {
    const lo = sorted[0]!;
    const range = sorted[n - 1]! - lo;
    return { centre: lo, scale: range > 0 ? range : 1 };
  }
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  return { centre: quantileSorted(sorted, 0.5), scale: iqr > 0 ? iqr : 1 };
}

/** Linear-interpolated quantile of sorted values (the same rule as numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function median(values: Float64Array): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}
