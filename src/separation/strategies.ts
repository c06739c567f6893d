import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import type { BaseSeparator } from './base.js';
import type { Dataset } from '../data/types.js';
import type { CommonOptions } from './options.js';
import { NumericalOptionsSchema, NumericalSeparator } from './numerical.js';
import { SemanticOptionsSchema, SemanticSeparator } from './semantic.js';
import { MultiModalOptionsSchema, MultiModalSeparator } from './multimodal.js';

/** Options the CLI (or a config file) passes to any strategy. */
export type StrategyOptions = CommonOptions & Record<string, unknown>;

/**
 * The separation strategies by name, as the CLI's `--strategy` knows them. Each entry builds the
 * separator from options; unknown options are rejected by the separator's own schema.
 */
export const STRATEGIES: { readonly numerical: StrategyEntry; readonly semantic: StrategyEntry; readonly multimodal: StrategyEntry } = {
  numerical: {
    description: 'numeric and categorical columns: scaling, k-means / Gaussian mixture / HDBSCAN chosen by the data',
    schema: NumericalOptionsSchema,
    create: (options: StrategyOptions) => new NumericalSeparator(options),
  },
  semantic: {
    description: 'text columns: sentence embeddings, topics by clustering (k chosen by measurement), c-TF-IDF keywords, labels and representative rows',
    schema: SemanticOptionsSchema,
    create: (options: StrategyOptions) => new SemanticSeparator(options),
  },
  multimodal: {
    description: 'text + numeric + categorical columns: each modality scaled and weighted, one clustering, per-modality contributions',
    schema: MultiModalOptionsSchema,
    create: (options: StrategyOptions) => new MultiModalSeparator(options),
  },
};

/** How a strategy is registered: a description, its option schema (with `.describe()` texts) and a factory. */
export interface StrategyEntry {
  /** One line on what the strategy does (shown by `hf-separate strategies`). */
  description: string;
  /** The strategy's option schema; config files and the CLI are validated against it. */
  schema: z.ZodObject;
  /** Builds the separator; its schema validates `options` (errors name the key). */
  create: (options: StrategyOptions) => BaseSeparator;
}

/** A strategy name. */
export type StrategyName = keyof typeof STRATEGIES;

/** Names of every strategy, in order. */
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];

/** True when `value` names a strategy. @example isStrategyName('numerical') // true */
export function isStrategyName(value: unknown): value is StrategyName {
  return typeof value === 'string' && Object.hasOwn(STRATEGIES, value);
}

/**
 * Builds a separator by strategy name.
 * @example const s = createSeparator('numerical', { clusters: 3 });
 */
export function createSeparator(name: string, options: StrategyOptions = {}): BaseSeparator {
  if (!isStrategyName(name)) {
    throw new ConfigError(`Unknown strategy "${name}".`, {
      code: 'UNKNOWN_STRATEGY',
      field: 'strategy',
      fix: `Use one of: ${STRATEGY_NAMES.join(', ')}.`,
    });
  }
  return STRATEGIES[name].create(options);
}

/**
 * Picks a strategy for data when none was named: `semantic` when text columns are given or
 * inferred, `multimodal` when text columns and feature columns are both given, else `numerical`.
 * Returns the name and the reason (recorded in the result's choices).
 *
 * @example chooseStrategy(await loadData('reviews.csv')) // { strategy: 'semantic', reason: 'text column "review" found' }
 */
export function chooseStrategy(data: Dataset, options: { columns?: readonly string[]; textColumns?: readonly string[] } = {}): { strategy: StrategyName; reason: string } {
  if (options.textColumns?.length && options.columns?.length) {
    return { strategy: 'multimodal', reason: 'both text columns and feature columns were given' };
  }
  if (options.textColumns?.length) return { strategy: 'semantic', reason: `text column${options.textColumns.length > 1 ? 's' : ''} given: ${options.textColumns.join(', ')}` };
  if (options.columns?.length) return { strategy: 'numerical', reason: `feature columns given: ${options.columns.join(', ')}` };
  const text = data.columns.filter((c) => c.kind === 'text').map((c) => c.name);
  if (text.length > 0) return { strategy: 'semantic', reason: `text column${text.length > 1 ? 's' : ''} found: ${text.join(', ')} (name --strategy to choose another)` };
  return { strategy: 'numerical', reason: 'no text columns: the numeric and categorical columns are separated' };
}
