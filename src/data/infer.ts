import type { ColumnTable } from 'arquero';
import { InputError } from '../core/errors.js';
import { isMissing, toNumber } from './missing.js';
import { isColumnKind, COLUMN_KINDS, type ColumnInfo, type ColumnKind } from './types.js';

const LAT_NAMES = /^(lat|latitude|lat_deg|y_lat)$/i;
const LON_NAMES = /^(lon|lng|long|longitude|lon_deg|x_lon)$/i;
const ID_NAMES = /^(id|_id|uuid|guid|key|row_?id|.+[_ ]id|.+Id)$/;
const DATE_NAMES = /(date|time|timestamp|_at$|^at$|day$)/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Infers what each column holds. Rules, in order: declared kinds win; numbers named like latitude or
 * longitude (and in range) are coordinates; unique values named like an id are ids; numbers are
 * numeric; dates (Date objects or ISO strings) are datetime; long or mostly unique strings with spaces
 * are text; other strings are categorical.
 *
 * @example inferColumns(table, { notes: 'text' })
 */
export function inferColumns(table: ColumnTable, declared: Record<string, ColumnKind> = {}, source = 'input'): ColumnInfo[] {
  const names = table.columnNames();
  for (const [name, kind] of Object.entries(declared)) {
    if (!names.includes(name)) throw missingColumnError(name, names, source);
    if (!isColumnKind(kind)) {
      throw new InputError(`Column "${name}" was declared as "${String(kind)}", which is not a column kind.`, {
        code: 'BAD_COLUMN_KIND',
        field: name,
        fix: `Use one of: ${Object.keys(COLUMN_KINDS).join(', ')}.`,
      });
    }
  }
  return names.map((name) => inferColumn(name, table.array(name) as ArrayLike<unknown>, declared[name]));
}

function inferColumn(name: string, values: ArrayLike<unknown>, declared: ColumnKind | undefined): ColumnInfo {
  const n = values.length;
  let missing = 0;
  let numeric = 0;
  let dates = 0;
  let booleans = 0;
  let strings = 0;
  let withSpaces = 0;
  let totalLength = 0;
  let integers = 0;
  let min = Infinity;
  let max = -Infinity;
  const distinctValues = new Set<unknown>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (isMissing(v)) {
      missing++;
      continue;
    }
    if (distinctValues.size <= n) distinctValues.add(v instanceof Date ? v.getTime() : v);
    if (typeof v === 'boolean') {
      booleans++;
    } else if (v instanceof Date) {
      dates++;
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      numeric++;
      const x = Number(v);
      if (Number.isInteger(x)) integers++;
      if (x < min) min = x;
      if (x > max) max = x;
    } else if (typeof v === 'string') {
      const s = v.trim();
      if (ISO_DATE.test(s)) {
        dates++;
      } else if (Number.isFinite(toNumber(s))) {
        numeric++;
        const x = toNumber(s);
        if (Number.isInteger(x)) integers++;
        if (x < min) min = x;
        if (x > max) max = x;
      } else {
        strings++;
        totalLength += s.length;
        if (/\s/.test(s)) withSpaces++;
      }
    } else {
      strings++;
    }
  }
  const present = n - missing;
  const distinct = distinctValues.size;
  const info = (kind: ColumnKind, reason: string, source: ColumnInfo['source'] = 'inferred'): ColumnInfo => ({
    name,
    kind,
    source,
    missing,
    distinct,
    reason,
  });
  if (declared) return info(declared, 'declared by the user', 'declared');
  if (present === 0) return info('categorical', 'every value is missing');
  if (numeric === present) {
    if (LAT_NAMES.test(name) && min >= -90 && max <= 90) return info('latitude', 'numbers named like a latitude, within ±90');
    if (LON_NAMES.test(name) && min >= -180 && max <= 180) return info('longitude', 'numbers named like a longitude, within ±180');
    if (ID_NAMES.test(name) && integers === present && distinct === present) return info('id', 'unique whole numbers named like an id');
    return info('numeric', 'every present value is a number');
  }
  if (booleans === present) return info('boolean', 'every present value is true/false');
  if (dates === present || (dates > 0 && dates + missing === n)) return info('datetime', 'every present value is a date');
  if (dates > 0 && DATE_NAMES.test(name) && dates >= 0.9 * present) return info('datetime', 'mostly dates, named like a date');
  const meanLength = strings > 0 ? totalLength / strings : 0;
  if (ID_NAMES.test(name) && distinct === present) return info('id', 'unique values named like an id');
  if (strings >= 0.5 * present && withSpaces >= 0.5 * strings && (meanLength >= 20 || distinct >= 0.5 * present)) {
    return info('text', `free text (mean length ${meanLength.toFixed(0)} characters)`);
  }
  if (distinct === present && present > 20 && withSpaces === 0 && meanLength < 40) {
    return info('id', 'every value is unique and short');
  }
  return info('categorical', `${distinct} distinct values`);
}

/** Error for a column name that is not in the table, listing the close matches. */
export function missingColumnError(name: string, available: readonly string[], source = 'input'): InputError {
  const lower = name.toLowerCase();
  const close = available.filter((c) => c.toLowerCase() === lower || c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase()));
  return new InputError(`Column "${name}" is not in ${source}.`, {
    code: 'MISSING_COLUMN',
    field: name,
    fix: `${close.length ? `Did you mean ${close.map((c) => `"${c}"`).join(' or ')}? ` : ''}Available columns: ${available.join(', ')}.`,
  });
}
