import { fromArrow, fromCSV, table, type ColumnTable } from 'arquero';
import { parquetReadObjects } from 'hyparquet';
import { InputError } from '../core/errors.js';
import type { DataRow } from './types.js';

/** File formats hf-separate reads. */
export const DATA_FORMATS = {
  csv: 'comma-separated values',
  tsv: 'tab-separated values',
  json: 'a JSON array of objects (or { "data": [...] })',
  ndjson: 'one JSON object per line',
  arrow: 'Apache Arrow IPC (file or stream)',
  parquet: 'Apache Parquet',
} as const;

/** One of {@link DATA_FORMATS}. */
export type DataFormat = keyof typeof DATA_FORMATS;

/** Type guard for {@link DataFormat}. */
export function isDataFormat(value: unknown): value is DataFormat {
  return typeof value === 'string' && Object.hasOwn(DATA_FORMATS, value);
}

/** Picks a format from a file name. @example formatFromPath('a/b.tsv') // 'tsv' */
export function formatFromPath(path: string): DataFormat {
  const lower = path.toLowerCase().replace(/\.(gz)$/, '');
  const ext = lower.slice(lower.lastIndexOf('.') + 1);
  const byExt: Record<string, DataFormat> = {
    csv: 'csv',
    tsv: 'tsv',
    tab: 'tsv',
    txt: 'csv',
    json: 'json',
    ndjson: 'ndjson',
    jsonl: 'ndjson',
    arrow: 'arrow',
    feather: 'arrow',
    ipc: 'arrow',
    parquet: 'parquet',
    pq: 'parquet',
  };
  const format = byExt[ext];
  if (!format) {
    throw new InputError(`Cannot tell the format of "${path}" from its extension ".${ext}".`, {
      code: 'UNKNOWN_FORMAT',
      field: path,
      fix: `Use one of .csv, .tsv, .json, .ndjson, .arrow, .parquet, or pass { format } explicitly (${Object.keys(DATA_FORMATS).join(', ')}).`,
    });
  }
  return format;
}

/**
 * Decodes bytes as UTF-8 (a UTF-8 BOM is dropped; UTF-16 with a BOM is decoded too). Invalid
 * UTF-8 throws an error naming the file and the line of the first bad byte.
 */
export function decodeText(bytes: Uint8Array, source = 'input'): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch (cause) {
    const lenient = new TextDecoder('utf-8').decode(bytes.subarray(start));
    const bad = lenient.indexOf('\uFFFD');
    const line = bad >= 0 ? lenient.slice(0, bad).split('\n').length : 1;
    throw new InputError(`${source} is not valid UTF-8 (first bad byte on line ${line}).`, {
      code: 'BAD_ENCODING',
      field: source,
      fix: 'Re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8 in.csv > out.csv`).',
      cause,
    });
  }
}

/** Parses delimited text into a table; values are typed automatically (numbers, dates, booleans). */
export function parseDelimited(text: string, delimiter: string, source = 'input'): ColumnTable {
  if (text.trim() === '') throw emptyError(source);
  try {
    return fromCSV(text, { delimiter });
  } catch (cause) {
    throw new InputError(`Could not parse ${source} as ${delimiter === '\t' ? 'TSV' : 'CSV'}: ${(cause as Error).message}`, {
      code: 'BAD_FILE',
      field: source,
      fix: 'Check quoting and that every line has the same number of fields.',
      cause,
    });
  }
}

/** Parses a JSON array of objects (or `{ "data": [...] }`). */
export function parseJson(text: string, source = 'input'): ColumnTable {
  if (text.trim() === '') throw emptyError(source);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new InputError(`${source} is not valid JSON: ${(cause as Error).message}`, {
      code: 'BAD_FILE',
      field: source,
      fix: 'Give a JSON array of objects, or one object per line with the .ndjson extension.',
      cause,
    });
  }
  const rows = Array.isArray(value) ? value : (value as { data?: unknown })?.data;
  if (!Array.isArray(rows)) {
    throw new InputError(`${source} holds JSON but not an array of rows.`, {
      code: 'BAD_FILE',
      field: source,
      fix: 'Use a top-level array of objects, or an object with a "data" array.',
    });
  }
  return tableFromRows(rows, source);
}

/** Parses newline-delimited JSON; a bad line is reported by its number. */
export function parseNdjson(text: string, source = 'input'): ColumnTable {
  const rows: DataRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      rows.push(JSON.parse(line) as DataRow);
    } catch (cause) {
      throw new InputError(`${source} line ${i + 1} is not valid JSON: ${(cause as Error).message}`, {
        code: 'BAD_FILE',
        field: `${source}:${i + 1}`,
        fix: 'Put exactly one JSON object on each line.',
        cause,
      });
    }
  }
  return tableFromRows(rows, source);
}

/** Reads Arrow IPC bytes. */
export function parseArrow(bytes: Uint8Array, source = 'input'): ColumnTable {
  if (bytes.length === 0) throw emptyError(source);
  try {
    return fromArrow(bytes);
  } catch (cause) {
    throw new InputError(`${source} is not a readable Arrow IPC file: ${(cause as Error).message}`, {
      code: 'BAD_FILE',
      field: source,
      fix: 'Write the file with Arrow IPC (feather v2) format.',
      cause,
    });
  }
}

/** Reads Parquet bytes (through hyparquet: pure JavaScript, works in browsers too). */
export async function parseParquet(bytes: Uint8Array, source = 'input'): Promise<ColumnTable> {
  if (bytes.length === 0) throw emptyError(source);
  try {
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = (await parquetReadObjects({ file })) as DataRow[];
    return tableFromRows(rows.map(normaliseParquetRow), source);
  } catch (cause) {
    if (cause instanceof InputError) throw cause;
    throw new InputError(`${source} is not a readable Parquet file: ${(cause as Error).message}`, {
      code: 'BAD_FILE',
      field: source,
      fix: 'Check the file is Parquet (snappy or uncompressed pages are supported).',
      cause,
    });
  }
}

function normaliseParquetRow(row: DataRow): DataRow {
  // Parquet INT64 columns arrive as BigInt; numbers are what every stage expects.
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (typeof v === 'bigint') row[key] = Number(v);
  }
  return row;
}

/** Builds a table from row objects, keeping every key seen in any row (missing ones become null). */
export function tableFromRows(rows: readonly unknown[], source = 'input'): ColumnTable {
  if (rows.length === 0) throw emptyError(source);
  const names: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new InputError(`${source} row ${i + 1} is not an object.`, {
        code: 'BAD_ROW',
        field: `${source}[${i}]`,
        fix: 'Give each row as an object of column → value.',
      });
    }
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  const columns: Record<string, unknown[]> = {};
  for (const name of names) {
    const col = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = (rows[i] as DataRow)[name];
      col[i] = v === undefined ? null : v;
    }
    columns[name] = col;
  }
  return table(columns);
}

/** Parses bytes of a known format. */
export async function parseBytes(bytes: Uint8Array, format: DataFormat, source = 'input'): Promise<ColumnTable> {
  switch (format) {
    case 'arrow':
      return parseArrow(bytes, source);
    case 'parquet':
      return parseParquet(bytes, source);
    default: {
      const text = decodeText(bytes, source);
      if (format === 'csv') return parseDelimited(text, sniffDelimiter(text), source);
      if (format === 'tsv') return parseDelimited(text, '\t', source);
      if (format === 'json') return parseJson(text, source);
      return parseNdjson(text, source);
    }
  }
}

/** Chooses `,`, `;` or tab for a `.csv` by looking at the header line. */
function sniffDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

function emptyError(source: string): InputError {
  return new InputError(`${source} is empty: there are no rows to separate.`, {
    code: 'EMPTY_INPUT',
    field: source,
    fix: 'Give a file or array with at least one row (and a header line for CSV/TSV).',
  });
}
