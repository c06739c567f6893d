/**
 * Dimensionality reduction: PCA, UMAP and t-SNE (all implement `Reducer`), plus the
 * trustworthiness score used to judge an embedding.
 * @packageDocumentation
 */
export { PCA, pca, PcaOptionsSchema, type PcaOptions } from './pca.js';
export { UMAP, umap, UmapOptionsSchema, type UmapOptions, type UmapFitOptions } from './umap.js';
export { trustworthiness } from './trustworthiness.js';
export { findAbParams } from './curve.js';
export {
  fuzzySimplicialSet,
  smoothKnnDist,
  membershipStrengths,
  fuzzyUnion,
  intersectWithLabels,
  resetLocalConnectivity,
  type SparseGraph,
} from './fuzzy.js';
export { spectralLayout } from './spectral.js';
export { TSNE, tsne, TsneOptionsSchema, perplexityProbabilities, type TsneOptions } from './tsne.js';
