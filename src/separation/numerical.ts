import { z } from 'zod';
import type { ClusteringEngine, Reducer } from '../core/contracts.js';
import type { DataInput, Dataset } from '../data/types.js';
import { columnsOfKind, requireColumns } from '../data/dataset.js';
import { InputError } from '../core/errors.js';
import { pipeline, type Pipeline } from '../pipeline/pipeline.js';
import type { AutomaticChoice, SeparationResult } from '../pipeline/result.js';
import type { SeparateRunOptions } from '../pipeline/run.js';
import { createReducer } from '../pipeline/stages.js';
import { BaseSeparator, fixedKClusterer } from './base.js';
import { CommonOptionsSchema } from './options.js';
import { AutoNumericClusterer, orderChoices } from './auto-cluster.js';
import { chooseScaling, VarianceRetainingPCA } from './auto-scaling.js';

/** Reducers a separator accepts by name (`auto` lets the separator decide). */
export const ReduceChoiceSchema = z
  .enum(['auto', 'none', 'pca', 'umap', 'tsne'])
  .default('auto')
  .describe("Reduction before clustering: 'auto' (chosen by the separator, reason recorded), 'none', 'pca', 'umap' or 'tsne'.");

/** Options of {@link NumericalSeparator}. */
export const NumericalOptionsSchema = CommonOptionsSchema.extend({
  scaling: z
    .enum(['auto', 'standard', 'robust', 'minmax', 'none'])
    .default('auto')
    .describe("Scaling of numeric columns: 'auto' picks robust (median/IQR) for heavy-tailed or extreme-valued columns, else standard."),
  categoricalWeight: z
    .number()
    .min(0)
    .default(0.5)
    .describe('Value of a one-hot cell for categorical columns (numeric columns have unit spread): 0.5 lets categories refine groups without dominating them.'),
  reduce: ReduceChoiceSchema,
  cluster: z
    .string()
    .min(1)
    .default('auto')
    .describe("Clusterer: 'auto' (k by prediction strength, then k-means or a Gaussian mixture by BIC, HDBSCAN when no k is stable), 'kmeans', 'gmm', 'hdbscan', or any registered clusterer name."),
  model: z.string().min(1).optional().describe('Embedding model: not used by this strategy (it has no text); accepted so the same flags work for every strategy.'),
  kMin: z.number().int().min(2).default(2).describe("Smallest k tried when clusters is 'auto'."),
  kMax: z.number().int().min(2).default(10).describe("Largest k tried when clusters is 'auto' (also at most rows / 10)."),
  outliers: z
    .enum(['lof', 'glosh', 'none'])
    .default('lof')
    .describe("Outlier scores: 'lof' (local outlier factor, score 1 − 1/LOF), 'glosh' (HDBSCAN's GLOSH) or 'none' (the clusterer's own)."),
  minClusterSize: z.number().int().min(2).optional().describe('HDBSCAN: smallest cluster (default 2% of the rows, at least 5).'),
}).strict();
/** Input form of {@link NumericalOptionsSchema}. */
export type NumericalOptions = z.input<typeof NumericalOptionsSchema>;

/** What a separator decided before running its pipeline. */
export interface SeparationPlan {
  pipeline: Pipeline;
  /** Choices made while planning (scaling, reducer, model). */
  choices: AutomaticChoice[];
  /** Called after the run to add the choices stages made while fitting. */
  after?: (result: SeparationResult) => void;
}

/**
 * Separates rows by their numeric and categorical columns. With no options beyond the columns it
 * decides everything by measurement and records each decision in `result.choices`: scaling from
 * the columns' tails, PCA keeping 90% of the variance, the number of clusters by prediction
 * strength, k-means vs Gaussian mixture by BIC (HDBSCAN when nothing is stable), and outlier
 * scores by the local outlier factor.
 *
 * @example
 * const result = await new NumericalSeparator({ columns: ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex'] }).separate('penguins.csv');
 * result.choices.map((c) => `${c.option}: ${JSON.stringify(c.value)}`);
 */
export class NumericalSeparator extends BaseSeparator<typeof NumericalOptionsSchema> {
  readonly name = 'numerical';
  readonly description = 'numeric and categorical columns: scaling, k-means / Gaussian mixture / HDBSCAN chosen by the data';

  constructor(options: NumericalOptions = {}) {
    super(NumericalOptionsSchema, options);
  }

  protected override checkData(data: Dataset): string[] {
    if (this.options.columns) requireColumns(data, this.options.columns, 'a feature column (--columns)');
    const { numeric, categorical } = this.featureColumns(data);
    if (numeric.length + categorical.length === 0) {
      throw new InputError(`${data.source ?? 'The data'} has no numeric columns to separate on.`, {
        code: 'NO_FEATURES',
        field: 'columns',
        fix: `Name the columns with --columns / { columns: [...] }. Columns: ${data.columns.map((c) => `${c.name} (${c.kind})`).join(', ')}.`,
      });
    }
    return data.numRows < 10 ? [`only ${data.numRows} rows: clusters will not mean much`] : [];
  }

  private featureColumns(data: Dataset): { numeric: string[]; categorical: string[] } {
    const o = this.options;
    if (o.columns) {
      return { numeric: o.columns.filter((c) => isNumericColumn(data, c)), categorical: o.columns.filter((c) => !isNumericColumn(data, c)) };
    }
    const numeric = [...columnsOfKind(data, 'numeric'), ...columnsOfKind(data, 'boolean')];
    const categorical = data.columns.filter((c) => c.kind === 'categorical' && c.distinct >= 2 && c.distinct <= 20).map((c) => c.name);
    return { numeric, categorical };
  }

  override async separate(data: DataInput | Dataset, run: SeparateRunOptions = {}): Promise<SeparationResult> {
    const { dataset } = await this.validate(data, this.declaredKinds());
    const plan = await this.plan(dataset);
    const result = await plan.pipeline.run(dataset, run);
    result.choices.push(...plan.choices);
    plan.after?.(result);
    orderChoices(result.choices);
    return result;
  }

  protected async buildPipeline(data: Dataset): Promise<Pipeline> {
    return (await this.plan(data)).pipeline;
  }

  /** Decides scaling, reduction and clustering for `data` (without running anything heavy). */
  async plan(data: Dataset): Promise<SeparationPlan> {
    const o = this.options;
    const { numeric, categorical } = this.featureColumns(data);
    const choices: AutomaticChoice[] = [];
    let scaling: 'standard' | 'robust' | 'minmax' | 'none';
    if (o.scaling === 'auto') {
      const decided = chooseScaling(data, numeric);
      scaling = decided.scaling;
      choices.push(decided.choice);
    } else scaling = o.scaling;
    if (categorical.length > 0) {
      choices.push({
        stage: 'preprocess',
        option: 'categoricalWeight',
        value: o.categoricalWeight,
        reason: `one-hot cells of ${categorical.join(', ')} are ${o.categoricalWeight} (numeric columns have unit spread), so categories refine the groups the measurements form instead of splitting on them alone`,
      });
    }
    const width = numeric.length + categorical.length;
    let reducer: Reducer | undefined;
    let autoPca: VarianceRetainingPCA | undefined;
    if (o.reduce === 'auto') {
      if (width >= 3) {
        autoPca = new VarianceRetainingPCA(0.9, 2);
        reducer = autoPca;
      } else {
        choices.push({ stage: 'reduce', option: 'method', value: 'none', reason: `only ${width} feature columns: nothing to reduce` });
      }
    } else if (o.reduce === 'pca') reducer = autoPca = new VarianceRetainingPCA(0.9, 2);
    else if (o.reduce !== 'none') reducer = createReducer(o.reduce, { nComponents: o.reduce === 'umap' ? Math.min(5, Math.max(2, width - 1)) : 2 });

    let clusterer: ClusteringEngine;
    let auto: AutoNumericClusterer | undefined;
    if (['auto', 'kmeans', 'gmm', 'hdbscan'].includes(o.cluster)) {
      auto = new AutoNumericClusterer({
        clusters: o.clusters,
        method: o.cluster as 'auto',
        kMin: o.kMin,
        kMax: Math.max(o.kMin, o.kMax),
        outliers: o.outliers,
        minClusterSize: o.minClusterSize,
      });
      clusterer = auto;
    } else {
      clusterer = fixedKClusterer(o.cluster, o.clusters, ['auto', 'kmeans', 'gmm', 'hdbscan']);
    }

    let p = pipeline().preprocess({
      numericColumns: numeric,
      categoricalColumns: categorical,
      ...(o.idColumn ? { idColumn: o.idColumn } : {}),
      ...(o.kinds ? { kinds: o.kinds } : {}),
      scaling,
      missing: o.missing,
      categoricalWeight: o.categoricalWeight,
    });
    if (reducer) p = p.reduce(reducer);
    p = p.cluster(clusterer).explain();
    return {
      pipeline: p,
      choices,
      after: (result) => {
        if (autoPca && result.stages.some((s) => s.stage === 'reduce' && s.status === 'ran')) result.choices.push(autoPca.choice(width));
        // The pipeline's generic "no clusterer given" note does not apply: drop it if present.
        const i = result.choices.findIndex((c) => c.stage === 'cluster' && c.option === 'method' && c.reason.startsWith('no clusterer given'));
        if (i >= 0) result.choices.splice(i, 1);
      },
    };
  }
}

function isNumericColumn(data: Dataset, name: string): boolean {
  const kind = data.columns.find((c) => c.name === name)?.kind;
  return kind === 'numeric' || kind === 'boolean';
}
