import type { ClusteringEngine, EmbeddingGenerator, Explainer, Reducer } from '../core/contracts.js';
import { ConfigError } from '../core/errors.js';
import type { DataInput, Dataset } from '../data/types.js';
import { parseOptions } from '../config/validate.js';
import {
  PipelineConfigSchema,
  type PipelineConfig,
  type PreprocessConfig,
  type VisualizeConfig,
} from './config.js';
import type { SeparationResult } from './result.js';
import { runSeparation, type SeparateRunOptions, type StageInstances } from './run.js';

type Options = Record<string, unknown>;

/**
 * An immutable, typed builder over {@link runSeparation}: every method returns a new pipeline, and the
 * whole chain round-trips through a JSON config (`toConfig()` / `pipelineFromConfig()`).
 * Every stage takes a name (validated against the built-ins) or an instance of its interface.
 *
 * @example
 * const result = await pipeline()
 *   .preprocess({ textColumns: ['abstract'] })
 *   .embed('Xenova/all-MiniLM-L6-v2')
 *   .reduce('umap', { nComponents: 5 })
 *   .cluster('hdbscan', { minClusterSize: 15 })
 *   .explain()
 *   .visualize()
 *   .run('papers.csv', { seed: 7, onProgress: console.log });
 */
export class Pipeline {
  private constructor(
    private readonly cfg: PipelineConfig,
    private readonly instances: StageInstances,
  ) {}

  /** An empty pipeline (k-means with automatic k on the inferred columns when run as is). */
  static create(config: PipelineConfig = {}): Pipeline {
    return new Pipeline(parseOptions(PipelineConfigSchema, config, 'pipeline config'), {});
  }

  private with(patch: Partial<PipelineConfig>, instances: StageInstances = {}): Pipeline {
    return new Pipeline(parseOptions(PipelineConfigSchema, { ...this.cfg, ...patch }, 'pipeline config'), { ...this.instances, ...instances });
  }

  /** Column roles, scaling, missing-value policy and text cleaning. */
  preprocess(options: PreprocessConfig = {}): Pipeline {
    return this.with({ preprocess: options });
  }

  /** Embeds text with a model id, local folder, registered name (`'auto'`, `'tfidf'`) or an instance. */
  embed(model: string | EmbeddingGenerator = 'auto', options: Options = {}): Pipeline {
    if (typeof model === 'string') return this.with({ embed: { model, options } });
    return this.with({ embed: { model: model.id, options: { instance: true } } }, { embed: model });
  }

  /** Reduces dimensions: `'pca'`, `'umap'`, `'tsne'` or a {@link Reducer}. */
  reduce(method: string | Reducer, options: Options = {}): Pipeline {
    if (typeof method === 'string') return this.with({ reduce: { method, options } });
    return this.with({ reduce: { method: method.name, options: { instance: true } } }, { reduce: method });
  }

  /** Clusters: `'kmeans'`, `'hdbscan'`, `'dbscan'`, `'optics'`, `'gmm'`, `'agglomerative'` or a {@link ClusteringEngine}. */
  cluster(method: string | ClusteringEngine, options: Options = {}): Pipeline {
    if (typeof method === 'string') return this.with({ cluster: { method, options } });
    return this.with({ cluster: { method: method.name, options: { instance: true } } }, { cluster: method });
  }

  /** Explains each cluster (`'auto'` picks text keywords or feature differences from the data). */
  explain(method: string | Explainer | Options = 'auto', options: Options = {}): Pipeline {
    if (typeof method === 'string') return this.with({ explain: { method, options } });
    if (isExplainer(method)) return this.with({ explain: { method: method.name, options: { instance: true } } }, { explain: method });
    return this.with({ explain: { method: 'auto', options: method } });
  }

  /** Builds Vega-Lite specs for the result. */
  visualize(options: VisualizeConfig = {}): Pipeline {
    return this.with({ visualize: options });
  }

  /** Fixes the seed of every random step. */
  seed(seed: number): Pipeline {
    return this.with({ seed });
  }

  /** Runs the pipeline on data (rows, an arquero table, or a file path in Node). */
  run(data: DataInput | Dataset, options: SeparateRunOptions = {}): Promise<SeparationResult> {
    return runSeparation(data, this.cfg, options, this.instances);
  }

  /**
   * The pipeline as a JSON-ready config. Stages given as instances cannot be saved: this throws
   * unless `{ allowInstances: true }`, which records only their names.
   */
  toConfig(options: { allowInstances?: boolean } = {}): PipelineConfig {
    const custom = Object.keys(this.instances);
    if (custom.length > 0 && !options.allowInstances) {
      throw new ConfigError(`The ${custom.join(', ')} stage${custom.length > 1 ? 's were' : ' was'} given as an instance, which a config cannot hold.`, {
        code: 'NOT_SERIALISABLE',
        field: custom[0]!,
        fix: 'Give the stage by name and options, or call toConfig({ allowInstances: true }) to record only its name.',
      });
    }
    return structuredClone(this.cfg);
  }
}

/** Starts a pipeline. @example pipeline().cluster('kmeans', { k: 3 }).run(rows) */
export function pipeline(config: PipelineConfig = {}): Pipeline {
  return Pipeline.create(config);
}

/** Rebuilds a pipeline from a config (validated; errors name the key). @example pipelineFromConfig(JSON.parse(text)) */
export function pipelineFromConfig(config: unknown): Pipeline {
  const cfg = parseOptions(PipelineConfigSchema, config, 'pipeline config');
  for (const stage of ['embed', 'reduce', 'cluster', 'explain'] as const) {
    const s = cfg[stage] as { options?: Record<string, unknown> } | undefined;
    if (s?.options?.instance === true) {
      throw new ConfigError(`The ${stage} stage in this config was a custom instance and cannot be rebuilt from JSON.`, {
        code: 'NOT_SERIALISABLE',
        field: stage,
        fix: `Pass the instance again with .${stage}(instance).`,
      });
    }
  }
  return Pipeline.create(cfg);
}

function isExplainer(value: unknown): value is Explainer {
  return typeof value === 'object' && value !== null && typeof (value as Explainer).explain === 'function';
}
