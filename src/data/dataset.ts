import type { ColumnTable } from 'arquero';
import { InputError } from '../core/errors.js';
import { readDataFile } from './files.js';
import { tableFromRows, type DataFormat } from './formats.js';
import { inferColumns, missingColumnError } from './infer.js';
import type { ColumnKind, DataInput, Dataset } from './types.js';

/** Options for {@link loadData}. */
export interface LoadOptions {
  /** Column kinds that override inference, e.g. `{ notes: 'text', zip: 'categorical' }`. */
  kinds?: Record<string, ColumnKind>;
  /** File format when the extension does not tell. */
  format?: DataFormat;
}

function isTable(value: unknown): value is ColumnTable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ColumnTable).columnNames === 'function' &&
    typeof (value as ColumnTable).numRows === 'function' &&
    typeof (value as ColumnTable).array === 'function'
  );
}

/**
 * Loads data from an arquero table, an array of row objects, or (in Node) a file path, and infers
 * the kind of every column.
 *
 * @example
 * const data = await loadData('penguins.csv', { kinds: { year: 'categorical' } });
 * data.columns.map((c) => `${c.name}: ${c.kind}`);
 */
export async function loadData(input: DataInput, options: LoadOptions = {}): Promise<Dataset> {
  let table: ColumnTable;
  let source: string | undefined;
  if (typeof input === 'string') {
    source = input;
    table = await readDataFile(input, options.format);
  } else if (isTable(input)) {
    table = input;
  } else if (Array.isArray(input)) {
    table = tableFromRows(input, 'the rows');
  } else {
    throw new InputError('Data must be an arquero table, an array of row objects, or a file path.', {
      code: 'BAD_INPUT',
      field: 'data',
      fix: 'Pass rows like [{ a: 1, b: "x" }, ...], aq.table(...), or "data.csv".',
    });
  }
  const where = source ?? 'the data';
  if (table.numRows() === 0) {
    throw new InputError(`${where} has a header but no rows.`, {
      code: 'EMPTY_INPUT',
      field: source ?? 'data',
      fix: 'Give at least one data row.',
    });
  }
  const columns = inferColumns(table, options.kinds ?? {}, where);
  return { table, columns, numRows: table.numRows(), ...(source !== undefined ? { source } : {}) };
}

/** True for a {@link Dataset} (a table already loaded with its column kinds). */
export function isDataset(value: unknown): value is Dataset {
  return typeof value === 'object' && value !== null && 'table' in value && 'columns' in value && 'numRows' in value;
}

/** Throws a clear error when any of `names` is not a column of the dataset. */
export function requireColumns(data: Dataset, names: readonly string[], role: string): void {
  const available = data.columns.map((c) => c.name);
  for (const name of names) {
    if (!available.includes(name)) {
      const err = missingColumnError(name, available, data.source ?? 'the data');
      throw new InputError(`${err.message.replace(/ Fix:.*/, '')} (asked for as ${role})`, {
        code: err.code,
        field: name,
        ...(err.fix !== undefined ? { fix: err.fix } : {}),
      });
    }
  }
}

/** Names of the columns of one kind. @example columnsOfKind(data, 'numeric') */
export function columnsOfKind(data: Dataset, kind: ColumnKind): string[] {
  return data.columns.filter((c) => c.kind === kind).map((c) => c.name);
}
