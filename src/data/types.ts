import type { ColumnTable } from 'arquero';

/**
 * What a column holds, which decides how it is used:
 * `numeric` is scaled into features, `categorical` is one-hot encoded, `text` is embedded,
 * `datetime` and `latitude`/`longitude` feed the time and geographic strategies, `id` names rows.
 */
export const COLUMN_KINDS = {
  numeric: 'numbers, scaled into features',
  categorical: 'a few distinct values, one-hot encoded',
  text: 'free text, embedded',
  datetime: 'dates and times',
  latitude: 'degrees north, -90..90',
  longitude: 'degrees east, -180..180',
  id: 'row identifier, never a feature',
  boolean: 'true/false, used as a 0/1 feature',
} as const;

/** One of {@link COLUMN_KINDS}. */
export type ColumnKind = keyof typeof COLUMN_KINDS;

/** Type guard for {@link ColumnKind}. @example isColumnKind('text') // true */
export function isColumnKind(value: unknown): value is ColumnKind {
  return typeof value === 'string' && Object.hasOwn(COLUMN_KINDS, value);
}

/** What was inferred (or declared) about one column. */
export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  /** `inferred` or `declared` (given by the user). */
  source: 'inferred' | 'declared';
  /** Count of missing values (null, empty, NaN, "NA", "N/A", "null"). */
  missing: number;
  /** Count of distinct non-missing values. */
  distinct: number;
  /** Why this kind was chosen, for reports. */
  reason: string;
}

/** A row of input data. */
export type DataRow = Record<string, unknown>;

/**
 * Anything the library accepts as data: an arquero table, an array of objects, or (in Node) a path
 * to a CSV, TSV, JSON, NDJSON, Arrow IPC or Parquet file.
 */
export type DataInput = ColumnTable | readonly DataRow[] | string;

/** A loaded table with its column kinds. */
export interface Dataset {
  table: ColumnTable;
  columns: ColumnInfo[];
  /** File the data came from, when it came from one (used in error messages). */
  source?: string;
  numRows: number;
}
