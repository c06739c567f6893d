const MISSING_STRINGS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-', '?']);

/** True for null, undefined, NaN, empty strings and the usual "NA" spellings. @example isMissing('N/A') // true */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') return MISSING_STRINGS.has(value.trim().toLowerCase());
  if (value instanceof Date) return Number.isNaN(value.getTime());
  return false;
}

/** Parses a value as a finite number; returns NaN when it is not one. @example toNumber('1,5') // NaN */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === '') return Number.NaN;
    const n = Number(s);
    return Number.isFinite(n) ? n : Number.NaN;
  }
  return Number.NaN;
}
