import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { InputError } from '../core/errors.js';
import { exportModel, SeparationModelSchema, type SeparationModel } from '../pipeline/model.js';
import { csvCell, type SeparationResult } from '../pipeline/result.js';
import { saveResult } from '../pipeline/save.js';
import { parseOptions } from '../config/validate.js';
import { saveDashboard } from '../viz/export.js';

/** Format of the assignments file. */
export type AssignmentsFormat = 'csv' | 'json' | 'parquet';

/**
 * Writes the output folder contract: `assignments.<format>`, `report.json`, `report.md`,
 * `charts/*.vl.json`, `dashboard.html` (self-contained) and `model.json` + `model.f32` (for
 * `hf-separate predict` and `explain`). Returns the files written.
 */
export async function writeOutputFolder(
  result: SeparationResult,
  dir: string,
  options: { format: AssignmentsFormat; dashboard: boolean; run?: Record<string, unknown>; title?: string },
): Promise<string[]> {
  const written = await saveResult(result, dir);
  if (options.format !== 'csv') {
    const csvPath = join(dir, 'assignments.csv');
    written.splice(written.indexOf(csvPath), 1);
    const { rm } = await import('node:fs/promises');
    await rm(csvPath);
    const file = join(dir, `assignments.${options.format}`);
    await writeFile(file, options.format === 'json' ? `${JSON.stringify(result.assignments(), null, 1)}\n` : assignmentsParquet(result));
    written.unshift(file);
  }
  if (options.run) {
    // report.json also records the run config (strategy options, seed, output) the CLI resolved.
    const reportPath = join(dir, 'report.json');
    const report = { ...result.report(), run: options.run };
    await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (options.dashboard && result.specs.dashboard) {
    const saved = await saveDashboard(dir, result.specs.dashboard, { formats: ['html'], title: options.title ?? 'hf-separate dashboard' });
    if (saved.html) written.push(saved.html);
  }
  const { model, vectors } = await exportModel(result);
  await writeFile(join(dir, 'model.json'), `${JSON.stringify(model)}\n`);
  await writeFile(join(dir, 'model.f32'), new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  written.push(join(dir, 'model.json'), join(dir, 'model.f32'));
  return written;
}

function assignmentsParquet(result: SeparationResult): Uint8Array {
  const rows = result.assignments();
  const ids = rows.map((r) => r[result.idColumn]);
  const numericIds = ids.every((v) => typeof v === 'number' && Number.isInteger(v));
  const col = (key: string) => rows.map((r) => r[key] as number | null);
  const buffer = parquetWriteBuffer({
    columnData: [
      numericIds
        ? { name: result.idColumn, data: (ids as number[]).map((v) => BigInt(v)), type: 'INT64' }
        : { name: result.idColumn, data: ids.map((v) => String(v)), type: 'STRING' },
      { name: 'cluster', data: col('cluster'), type: 'INT32' },
      { name: 'probability', data: col('probability'), type: 'DOUBLE' },
      { name: 'outlier_score', data: col('outlier_score'), type: 'DOUBLE' },
      { name: 'x', data: col('x'), type: 'DOUBLE' },
      { name: 'y', data: col('y'), type: 'DOUBLE' },
      { name: 'skipped', data: rows.map((r) => r.skipped as boolean), type: 'BOOLEAN' },
    ],
  });
  return new Uint8Array(buffer);
}

/** Reads `model.json` + `model.f32` from an output folder written by `separate`. */
export async function readModelFolder(dir: string): Promise<{ model: SeparationModel; vectors: Float32Array; report: Record<string, unknown> }> {
  const read = async (name: string): Promise<Buffer> => {
    try {
      return await readFile(join(dir, name));
    } catch (cause) {
      throw new InputError(`${join(dir, name)} is missing.`, {
        code: 'FILE_NOT_FOUND',
        field: join(dir, name),
        fix: `Point at a folder written by \`hf-separate separate --out ${dir}\`.`,
        cause,
      });
    }
  };
  const model = parseOptions(SeparationModelSchema, JSON.parse((await read('model.json')).toString('utf8')), join(dir, 'model.json'));
  const bytes = await read('model.f32');
  const vectors = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const report = JSON.parse((await read('report.json')).toString('utf8')) as Record<string, unknown>;
  return { model, vectors, report };
}

/** Rows as CSV text with the given columns. */
export function rowsToCsv(rows: Record<string, unknown>[], columns: string[]): string {
  return `${[columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n')}\n`;
}

/** Makes sure a folder exists. */
export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}
