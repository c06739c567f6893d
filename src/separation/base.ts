import { z } from 'zod';
import { parseOptions } from '../config/validate.js';
import { isDataset, loadData, requireColumns } from '../data/dataset.js';
import { ConfigError, InputError } from '../core/errors.js';
import type { CommonOptions } from './options.js';
import type { ClusteringEngine } from '../core/contracts.js';
import { createClusterer } from '../pipeline/stages.js';
import type { ColumnInfo, DataInput, Dataset } from '../data/types.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { SeparationResult } from '../pipeline/result.js';
import type { SeparateRunOptions } from '../pipeline/run.js';

/** What {@link BaseSeparator.validate} found. */
export interface ValidationReport {
  dataset: Dataset;
  columns: ColumnInfo[];
  /** Things worth knowing that do not stop the run (e.g. few rows, many missing values). */
  warnings: string[];
}

/** A separator's self-description, for CLIs, UIs and docs. */
export interface SeparatorMetadata {
  name: string;
  description: string;
  options: Record<string, unknown>;
  /** JSON Schema of the options (from the zod schema). */
  optionsSchema: unknown;
}

/**
 * A named separation strategy: a zod option schema, `validate(data)` that explains what is wrong
 * with the data, and `separate(data)` that runs the strategy's pipeline.
 *
 * @example
 * class LengthSeparator extends BaseSeparator<typeof Schema> {
 *   readonly name = 'length';
 *   readonly description = 'k-means on text length';
 *   constructor(o: z.input<typeof Schema> = {}) { super(Schema, o); }
 *   protected buildPipeline() { return pipeline().cluster('kmeans', { k: this.options.k }); }
 * }
 */
export abstract class BaseSeparator<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>> {
  /** Strategy name, as used by the CLI (`--strategy numerical`). */
  abstract readonly name: string;
  /** One line on what the strategy does. */
  abstract readonly description: string;
  /** Options after validation, with defaults filled in. */
  readonly options: z.output<S>;

  protected constructor(
    readonly optionsSchema: S,
    options: z.input<S>,
  ) {
    this.options = parseOptions(optionsSchema, options, `${new.target.name} options`);
  }

  /** The pipeline this strategy runs on validated data. */
  protected abstract buildPipeline(data: Dataset): Pipeline | Promise<Pipeline>;

  /** Strategy-specific checks; throw an `InputError` for what cannot work, return warnings for the rest. */
  protected checkData(_data: Dataset): string[] {
    return [];
  }

  /**
   * Loads the data (rows, table or file) and checks it suits this strategy: first the checks every
   * strategy shares (rows present, the id column exists, no more clusters than rows), then
   * {@link checkData}.
   */
  async validate(data: DataInput | Dataset, kinds?: Record<string, ColumnInfo['kind']>): Promise<ValidationReport> {
    const dataset = isDataset(data) ? data : await loadData(data, kinds ? { kinds } : {});
    const o = this.options as CommonOptions;
    if (dataset.numRows === 0) {
      throw new InputError(`${dataset.source ?? 'The data'} has no rows.`, { code: 'EMPTY_INPUT', field: 'data', fix: 'Give at least a few rows (clusters need tens of rows to mean much).' });
    }
    if (o.idColumn) requireColumns(dataset, [o.idColumn], 'the id column (--id-column)');
    if (typeof o.clusters === 'number' && o.clusters > dataset.numRows) {
      throw new ConfigError(`clusters = ${o.clusters} but the data has ${dataset.numRows} rows.`, { code: 'K_TOO_LARGE', field: 'clusters', fix: `Use at most ${dataset.numRows} clusters.` });
    }
    const warnings = this.checkData(dataset);
    return { dataset, columns: dataset.columns, warnings };
  }

  /** Validates the data and runs the strategy. */
  async separate(data: DataInput | Dataset, run: SeparateRunOptions = {}): Promise<SeparationResult> {
    const { dataset } = await this.validate(data, this.declaredKinds());
    const p = await this.buildPipeline(dataset);
    return p.run(dataset, run);
  }

  /** Column kinds the options declare (`kinds`, overriding inference). */
  protected declaredKinds(): Record<string, ColumnInfo['kind']> | undefined {
    return (this.options as CommonOptions).kinds;
  }

  /** Name, description, options and their JSON Schema. */
  metadata(): SeparatorMetadata {
    return {
      name: this.name,
      description: this.description,
      options: this.options as Record<string, unknown>,
      optionsSchema: z.toJSONSchema(this.optionsSchema, { io: 'input', unrepresentable: 'any' }),
    };
  }
}


/** Wall time of a result's pipeline stages, in milliseconds. */
export function sumStages(result: SeparationResult): number {
  return result.stages.reduce((total, s) => total + s.ms, 0);
}

/**
 * Separators that embed text before their pipeline runs (to embed each distinct text once) add that
 * time to the `embed` stage, so the stage timings still add up to the wall time of the run.
 */
export function addPlanTime(result: SeparationResult, ms: number): void {
  const embed = result.stages.find((s) => s.stage === 'embed');
  if (!embed || ms <= 0) return;
  embed.ms += ms;
  embed.reason = `${embed.reason ?? ''}${embed.reason ? '; ' : ''}${(ms / 1000).toFixed(1)} s of text preparation and embedding before clustering`;
}

/**
 * A registered clusterer run with a fixed number of clusters (`cluster: 'agglomerative', clusters: 5`).
 * `choosers` are the clusterer names that choose k themselves, named in the error when k is missing.
 */
export function fixedKClusterer(name: string, clusters: 'auto' | number, choosers: readonly string[]): ClusteringEngine {
  if (clusters === 'auto') {
    throw new ConfigError(`Clusterer "${name}" needs a number of clusters.`, {
      code: 'MISSING_OPTION',
      field: 'clusters',
      fix: `Give clusters: <number>, or use cluster: ${choosers.map((c) => `'${c}'`).join(' | ')} (these choose k).`,
    });
  }
  return createClusterer(name, { k: clusters });
}
