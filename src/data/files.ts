import type { ColumnTable } from 'arquero';
import { InputError } from '../core/errors.js';
import { nodeModule } from '../core/node.js';
import { formatFromPath, parseBytes, type DataFormat } from './formats.js';


/**
 * Reads a data file (CSV, TSV, JSON, NDJSON, Arrow IPC or Parquet) into a table. Node only; in a
 * browser, fetch the bytes yourself and call `parseBytes`.
 *
 * @example const table = await readDataFile('customers.csv');
 */
export async function readDataFile(path: string, format?: DataFormat): Promise<ColumnTable> {
  const chosen = format ?? formatFromPath(path);
  const fs = await nodeModule('fs', `Reading "${path}"`);
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `File not found: "${path}".` : `Cannot read "${path}" (${code ?? (cause as Error).message}).`,
      {
        code: code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
        field: path,
        fix: code === 'ENOENT' ? 'Check the path (it is resolved from the current directory).' : 'Check the file permissions.',
        cause,
      },
    );
  }
  return parseBytes(bytes, chosen, path);
}
