import { z } from 'zod';
import type { Dataset } from '../data/types.js';
import { columnsOfKind, requireColumns } from '../data/dataset.js';
import { InputError } from '../core/errors.js';
import { pipeline, type Pipeline } from '../pipeline/pipeline.js';
import { BaseSeparator } from './base.js';
import { CommonOptionsSchema } from './options.js';

/** Options of {@link NumericalSeparator}. */
export const NumericalOptionsSchema = CommonOptionsSchema.extend({
  scaling: z.enum(['standard', 'robust', 'minmax', 'none']).default('standard').describe('Scaling of numeric columns.'),
  method: z.enum(['auto', 'kmeans', 'gmm', 'hdbscan']).default('auto').describe("Clusterer; 'auto' picks by the data."),
  kMin: z.number().int().min(2).default(2).describe("Smallest k tried when clusters is 'auto'."),
  kMax: z.number().int().min(2).default(10).describe("Largest k tried when clusters is 'auto'."),
}).strict();
/** Input form of {@link NumericalOptionsSchema}. */
export type NumericalOptions = z.input<typeof NumericalOptionsSchema>;

/**
 * Separates rows by their numeric (and categorical) columns: scaling, then k-means with automatic k
 * (or a fixed k), with every automatic choice recorded in the result.
 *
 * @example
 * const result = await new NumericalSeparator({ columns: ['bill_length_mm', 'flipper_length_mm'], clusters: 3 }).separate('penguins.csv');
 */
export class NumericalSeparator extends BaseSeparator<typeof NumericalOptionsSchema> {
  readonly name = 'numerical';
  readonly description = 'numeric and categorical columns: scaled, then clustered';

  constructor(options: NumericalOptions = {}) {
    super(NumericalOptionsSchema, options);
  }

  protected override declaredKinds() {
    return this.options.kinds;
  }

  protected override checkData(data: Dataset): string[] {
    if (this.options.columns) requireColumns(data, this.options.columns, 'a feature column (--columns)');
    if (this.options.idColumn) requireColumns(data, [this.options.idColumn], 'the id column (--id-column)');
    const numeric = this.options.columns ?? columnsOfKind(data, 'numeric');
    if (numeric.length === 0) {
      throw new InputError(`${data.source ?? 'The data'} has no numeric columns to separate on.`, {
        code: 'NO_FEATURES',
        field: 'columns',
        fix: `Name the columns with --columns / { columns: [...] }. Columns: ${data.columns.map((c) => `${c.name} (${c.kind})`).join(', ')}.`,
      });
    }
    return data.numRows < 10 ? [`only ${data.numRows} rows: clusters will not mean much`] : [];
  }

  protected buildPipeline(data: Dataset): Pipeline {
    const o = this.options;
    const columns = o.columns;
    const numeric = columns ? columns.filter((c) => isNumericColumn(data, c)) : undefined;
    const categorical = columns ? columns.filter((c) => !isNumericColumn(data, c)) : undefined;
    const k = o.clusters;
    return pipeline()
      .preprocess({
        ...(numeric ? { numericColumns: numeric } : {}),
        ...(categorical ? { categoricalColumns: categorical } : {}),
        ...(o.idColumn ? { idColumn: o.idColumn } : {}),
        ...(o.kinds ? { kinds: o.kinds } : {}),
        scaling: o.scaling,
        missing: o.missing,
      })
      .cluster(k === 'auto' ? 'auto-k' : 'kmeans', k === 'auto' ? { kMin: o.kMin, kMax: o.kMax, nInit: 10 } : { k, nInit: 10 })
      .explain();
  }
}

function isNumericColumn(data: Dataset, name: string): boolean {
  const kind = data.columns.find((c) => c.name === name)?.kind;
  return kind === 'numeric' || kind === 'boolean';
}
