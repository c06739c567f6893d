/**
 * Clustering quality metrics: external (against known labels) and internal (features + labels),
 * DBCV and stability across runs.
 * @packageDocumentation
 */
export { toLabelArray, encodeLabels, singletonNoise } from './labels.js';
export type { LabelsLike, NoiseHandling, EncodedLabels } from './labels.js';
export {
  contingency,
  adjustedRandIndex,
  mutualInformation,
  normalizedMutualInfo,
  adjustedMutualInfo,
  homogeneityCompletenessVMeasure,
  homogeneity,
  completeness,
  vMeasure,
  purity,
} from './external.js';
export type {
  Contingency,
  ExternalMetricOptions,
  MutualInfoOptions,
  AverageMethod,
  HomogeneityCompleteness,
} from './external.js';
export {
  silhouetteScore,
  silhouetteSamples,
  calinskiHarabasz,
  daviesBouldin,
  SILHOUETTE_EXACT_LIMIT,
} from './internal.js';
export type { InternalMetricOptions, SilhouetteOptions } from './internal.js';
export { dbcv } from './dbcv.js';
export type { DbcvOptions, DbcvResult } from './dbcv.js';
export { clusterStability, stabilityAcrossRuns } from './stability.js';
export type { StabilityResult, ClusterStabilityOptions, StabilityRunOptions, ClusterFn } from './stability.js';
export { DISTANCE_METRICS } from './distance.js';
export type { DistanceMetric } from './distance.js';
