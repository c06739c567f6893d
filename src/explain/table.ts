import { InputError } from '../core/errors.js';

/** Categorical value as given; `null`/`undefined`/`""` count as missing. */
export type CategoryValue = string | number | boolean | null | undefined;

/**
 * Columns to explain clusters with: numeric columns as number arrays (`NaN` = missing) and
 * categorical columns as value arrays, all with one entry per row.
 */
export interface FeatureTable {
  numeric?: Record<string, ArrayLike<number>>;
  categorical?: Record<string, readonly CategoryValue[]>;
}

/** Number of rows of a {@link FeatureTable}; throws if columns differ in length. */
export function tableRows(table: FeatureTable): number {
  let n = -1;
  const all: [string, { length: number }][] = [
    ...Object.entries(table.numeric ?? {}),
    ...Object.entries(table.categorical ?? {}),
  ];
  for (const [name, col] of all) {
    if (n === -1) n = col.length;
    else if (col.length !== n) {
      throw new InputError(`Column "${name}" has ${col.length} values, others have ${n}.`, {
        code: 'LENGTH_MISMATCH',
        field: name,
        fix: 'Give every column one value per row.',
      });
    }
  }
  return Math.max(n, 0);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const x = Number(v.replace(/,/g, ''));
    return Number.isFinite(x) ? x : NaN;
  }
  return NaN;
}

/**
 * Builds a {@link FeatureTable} from row objects. Without column lists, columns are inferred:
 * a column whose non-missing values are all numbers (or numeric strings) is numeric; a string or
 * boolean column with at most `maxCategories` distinct values is categorical; others (free text,
 * ids, and whole-number columns whose values never repeat) are left out.
 *
 * @example
 * featureTableFromRows(rows, { numericColumns: ['age', 'income'], categoricalColumns: ['region'] });
 */
export function featureTableFromRows(
  rows: readonly Record<string, unknown>[],
  options: { numericColumns?: readonly string[]; categoricalColumns?: readonly string[]; maxCategories?: number } = {},
): FeatureTable {
  let numericColumns = options.numericColumns;
  let categoricalColumns = options.categoricalColumns;
  if (!numericColumns && !categoricalColumns) {
    const maxCategories = options.maxCategories ?? 30;
    const names = new Set<string>();
    for (const r of rows.slice(0, 1000)) for (const k of Object.keys(r)) names.add(k);
    const numericFound: string[] = [];
    const categoricalFound: string[] = [];
    numericColumns = numericFound;
    categoricalColumns = categoricalFound;
    for (const name of names) {
      let numeric = true;
      let any = false;
      let present = 0;
      const distinct = new Set<string>();
      const all = new Set<string>();
      for (const r of rows) {
        const v = r[name];
        if (v === null || v === undefined || v === '') continue;
        any = true;
        present++;
        if (typeof v !== 'number' && !(typeof v === 'string' && Number.isFinite(toNumber(v)))) numeric = false;
        if (distinct.size <= maxCategories) distinct.add(String(v));
        if (numeric) all.add(String(v));
      }
      if (!any) continue;
      // Whole numbers that never repeat are row ids, not measurements.
      const idLike = numeric && all.size === present && present > maxCategories && [...all].every((v) => /^-?\d+$/.test(v));
      if (idLike) continue;
      if (numeric && distinct.size > 2) numericFound.push(name);
      else if (distinct.size <= maxCategories && distinct.size >= 2) categoricalFound.push(name);
    }
  }
  const table: FeatureTable = { numeric: {}, categorical: {} };
  for (const name of numericColumns ?? []) table.numeric![name] = Float64Array.from(rows, (r) => toNumber(r[name]));
  for (const name of categoricalColumns ?? []) {
    table.categorical![name] = rows.map((r) => {
      const v = r[name];
      return v === null || v === undefined || v === '' ? null : (v as CategoryValue);
    });
  }
  return table;
}
