import type { Matrix } from './matrix.js';
import type { RunOptions } from './progress.js';

/** Options for {@link EmbeddingGenerator.embed}. */
export interface EmbedOptions extends RunOptions {
  /** Texts per forward pass. */
  batchSize?: number;
}

/**
 * Turns texts into vectors. Implementations: the transformers.js embedder (any Hugging Face
 * feature-extraction model), lexical TF-IDF vectors, hybrids.
 *
 * @example
 * class Lengths extends EmbeddingGenerator {
 *   readonly id = 'lengths'; readonly dimensions = 1;
 *   async embed(texts: string[]) { return matrix(Float32Array.from(texts, (t) => t.length), texts.length, 1); }
 * }
 */
export abstract class EmbeddingGenerator {
  /** Model id or a name that identifies this generator (used in reports and cache keys). */
  abstract readonly id: string;
  /** Output dimension, when known before the first call. */
  abstract readonly dimensions: number | undefined;
  /** Embeds `texts`; row `i` of the result is the vector of `texts[i]`. */
  abstract embed(texts: readonly string[], options?: EmbedOptions): Promise<Matrix>;
  /** Releases model sessions or workers. */
  async dispose(): Promise<void> {}
}

/** Options for {@link Reducer.fit}. */
export interface ReduceRunOptions extends RunOptions {
  seed?: number;
}

/**
 * Maps points to fewer dimensions (PCA, UMAP, t-SNE). `fit` learns from and returns the embedding
 * of the training points; `transform` places new points in the same space.
 */
export interface Reducer {
  /** Method name, e.g. `umap`. */
  readonly name: string;
  /** Output dimension. */
  readonly nComponents: number;
  /** Learns the mapping from `x` and returns the embedding of its rows (`x.rows × nComponents`). */
  fit(x: Matrix, options?: ReduceRunOptions): Promise<Matrix>;
  /** Places new rows in the space learned by the last `fit`. */
  transform(x: Matrix, options?: RunOptions): Promise<Matrix>;
}

/** What every clusterer returns. Index `i` of each array is row `i` of the input. */
export interface ClusteringResult {
  /** Cluster id per row, 0..nClusters-1; -1 marks an outlier (noise). */
  labels: Int32Array;
  /** Strength of membership in the assigned cluster, 0..1 (0 for outliers). */
  probabilities: Float64Array;
  /** How much of an outlier each row is, 0..1 (GLOSH for HDBSCAN, a distance-based score elsewhere). */
  outlierScores: Float64Array;
  /** Number of clusters found (outliers excluded). */
  nClusters: number;
  /** Algorithm-specific extras (centroids, condensed tree, candidate scores for automatic k...). */
  details?: Record<string, unknown>;
}

/** Result of {@link ClusteringEngine.predict}: labels and probabilities for new rows. */
export interface ClusterPrediction {
  labels: Int32Array;
  probabilities: Float64Array;
}

/** Options for {@link ClusteringEngine.fit}. */
export interface ClusterRunOptions extends RunOptions {
  seed?: number;
}

/**
 * Groups rows of a matrix: k-means, HDBSCAN, DBSCAN, OPTICS, Gaussian mixtures, agglomerative.
 */
export interface ClusteringEngine {
  /** Method name, e.g. `hdbscan`. */
  readonly name: string;
  /** Clusters the rows of `x`. */
  fit(x: Matrix, options?: ClusterRunOptions): Promise<ClusteringResult>;
  /** Assigns new rows to the clusters found by the last `fit`. */
  predict(x: Matrix): Promise<ClusterPrediction>;
}

/** One group's description. */
export interface ClusterExplanation {
  cluster: number;
  size: number;
  /** A short readable name, e.g. `"bird · wing · feather"`. */
  label: string;
  /** Top terms (text) with their weight. */
  keywords?: { term: string; weight: number }[];
  /** Features that set the cluster apart (numeric or categorical). */
  features?: { feature: string; effect: number; detail: string }[];
  /** Indices of representative rows. */
  exemplars?: number[];
  /** Anything else the explainer wants to say. */
  [extra: string]: unknown;
}

/** Everything an explainer may look at. */
export interface ExplainContext {
  labels: Int32Array;
  /** The matrix the clusterer saw. */
  features: Matrix;
  /** The input rows (objects keyed by column). */
  rows: readonly Record<string, unknown>[];
  /** Text per row, when the data had text. */
  texts?: readonly string[];
  /** Numeric / categorical columns, when the data had them. */
  numericColumns?: readonly string[];
  categoricalColumns?: readonly string[];
  probabilities?: Float64Array;
}

/** Describes each cluster. */
export interface Explainer {
  readonly name: string;
  /** Describes every cluster of `context.labels` (outliers excluded). */
  explain(context: ExplainContext, options?: RunOptions): Promise<ClusterExplanation[]>;
}
