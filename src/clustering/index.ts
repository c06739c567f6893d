/**
 * Clustering engines: k-means (+ mini-batch), automatic k, Gaussian mixtures, agglomerative,
 * HDBSCAN, DBSCAN and OPTICS.
 * @packageDocumentation
 */
export { kmeans, KMeans, KMeansOptionsSchema, kmeansPlusPlus, predictNearestCentroid, ModelNotFitted } from './kmeans.js';
export type { KMeansOptions, KMeansResult, KMeansDetails } from './kmeans.js';
export { miniBatchKMeans, MiniBatchKMeans, MiniBatchKMeansOptionsSchema } from './minibatch.js';
export type { MiniBatchKMeansOptions } from './minibatch.js';
export { autoK, AutoK, AutoKOptionsSchema, AUTO_K_METHODS } from './autok.js';
export type { AutoKOptions, AutoKResult, AutoKCandidate, AutoKMethod } from './autok.js';
export {
  gaussianMixture,
  GaussianMixture,
  GaussianMixtureOptionsSchema,
  chooseComponents,
  mixtureResponsibilities,
  mixtureParameterCount,
  COVARIANCE_TYPES,
} from './gmm.js';
export type {
  GaussianMixtureOptions,
  GaussianMixtureResult,
  GaussianMixtureDetails,
  MixtureModel,
  CovarianceType,
  ChooseComponentsOptions,
} from './gmm.js';
export {
  agglomerative,
  Agglomerative,
  AgglomerativeOptionsSchema,
  cutTree,
  reduceClusters,
  LINKAGES,
  AGGLOMERATIVE_MAX_ROWS,
} from './agglomerative.js';
export type { AgglomerativeOptions, AgglomerativeResult, AgglomerativeDetails, Linkage, ReduceClustersOptions, ReducedClusters } from './agglomerative.js';
export {
  hdbscan,
  HDBSCAN,
  HdbscanModel,
  HdbscanOptionsSchema,
  approximatePredict,
  membershipVectors,
  reduceOutliers,
  ReduceOutliersOptionsSchema,
} from './hdbscan.js';
export type {
  HdbscanOptions,
  HdbscanConfig,
  HdbscanResult,
  ReduceOutliersOptions,
  ReducedOutliersResult,
  CondensedTree,
  SingleLinkageTree,
  SpanningTree,
} from './hdbscan.js';
export { DensityMetric, isDensityMetric, haversineKm, metricDistance, EARTH_RADIUS_KM } from './distance.js';
export { KDTree } from '../neighbors/kdtree.js';
export type { KDTreeOptions, KDTreeNeighbors } from '../neighbors/kdtree.js';
export { dbscan, DBSCAN, DbscanOptionsSchema, suggestEps, SuggestEpsOptionsSchema, kneeOfIncreasing } from './dbscan.js';
export type { DbscanOptions, DbscanResult, EpsSuggestion } from './dbscan.js';
export { optics, OPTICS, OpticsOptionsSchema, extractXi, extractEpsCut } from './optics.js';
export type { OpticsOptions, OpticsResult, OpticsOrdering, OpticsClusters, ExtractXiOptions } from './optics.js';
