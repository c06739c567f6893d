import type { Matrix } from '../core/matrix.js';

/**
 * One keyword of a cluster with its weight (c-TF-IDF score, MMR score, ...). Higher is stronger.
 * @example { term: 'interest rate', weight: 0.42 }
 */
export interface VizKeyword {
  term: string;
  weight: number;
}

/**
 * How one feature sets a cluster apart: a signed effect (standardised mean difference, log-odds...).
 * Positive means the feature is higher in the cluster than elsewhere.
 * @example { feature: 'income', effect: 1.3 }
 */
export interface VizFeatureEffect {
  feature: string;
  effect: number;
}

/**
 * What the charts know about one cluster. Everything but `cluster` is optional: a missing `size`
 * is counted from the labels and a missing `label` becomes `Cluster <id>`.
 *
 * @example
 * { cluster: 0, label: 'finance', size: 120, keywords: [{ term: 'bank', weight: 0.3 }] }
 */
export interface VizCluster {
  /** The cluster id as it appears in {@link VizInput.labels} (0, 1, ...). */
  cluster: number;
  /** A short readable name shown in legends and axes. */
  label?: string;
  /** Number of rows in the cluster. */
  size?: number;
  /** Top terms, strongest first (or in any order: charts sort by weight). */
  keywords?: readonly VizKeyword[];
  /** Per-feature effects for the feature heatmap. */
  features?: readonly VizFeatureEffect[];
}

/**
 * The plain data every chart builder reads. Index `i` of every per-row array is row `i` of `coords`.
 * This is deliberately not tied to any separator class, so any clustering result can be shown.
 *
 * @example
 * const input: VizInput = {
 *   coords: matrix(new Float64Array([0, 0, 1, 1, 5, 5]), 3, 2),
 *   labels: Int32Array.from([0, 0, 1]),
 *   texts: ['a cat', 'a dog', 'the stock market'],
 * };
 */
export interface VizInput {
  /** The 2-D (or 3-D) projection, `n × 2` or `n × 3`. */
  coords: Matrix;
  /** Cluster id per row; `-1` marks an outlier. */
  labels: Int32Array;
  /** Membership strength per row in [0, 1]. */
  probabilities?: ArrayLike<number>;
  /** Outlier score per row in [0, 1]. */
  outlierScores?: ArrayLike<number>;
  /** The text of each row (shown as a snippet in tooltips). */
  texts?: readonly string[];
  /** A row id shown in tooltips (defaults to the row index). */
  ids?: readonly (string | number)[];
  /** Cluster descriptions: labels, sizes, keywords, feature effects. */
  clusters?: readonly VizCluster[];
  /** Silhouette value per row in [-1, 1]. */
  silhouette?: ArrayLike<number>;
  /** Similarity between clusters (`k × k`, in the order of the sorted cluster ids) or between rows (`n × n`). */
  similarity?: Matrix;
  /** Numeric features per row (`n × f`); the feature heatmap derives per-cluster effects from them. */
  features?: Matrix;
  /** Names of the columns of {@link VizInput.features}. */
  featureNames?: readonly string[];
}

/**
 * A node of a generic graph for {@link networkGraph}.
 * @example { id: 'a', label: 'Ada', size: 3, group: 'math' }
 */
export interface GraphNode {
  id: string | number;
  label?: string;
  /** Drawn as the node's area (count, degree, citations...). */
  size?: number;
  /** Colour group (cluster name, field, community...). */
  group?: string;
}

/**
 * An undirected weighted edge between two node ids.
 * @example { source: 'a', target: 'b', weight: 0.8 }
 */
export interface GraphEdge {
  source: string | number;
  target: string | number;
  weight?: number;
}

/**
 * A generic graph (co-authorship, knowledge graph, topic relations) for {@link networkGraph}.
 * @example { nodes: [{ id: 1 }, { id: 2 }], edges: [{ source: 1, target: 2 }] }
 */
export interface GraphInput {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
}
