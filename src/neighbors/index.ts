/**
 * Nearest-neighbour search on typed arrays: exact blocked k-NN, NN-descent with a
 * random-projection forest, and the flat neighbour heaps they share.
 * @packageDocumentation
 */
export { knn, knnSync, knnQuery, KnnOptionsSchema, type KnnOptions, type KnnResult } from './knn.js';
export {
  nnDescent,
  nearestNeighbors,
  NnDescentOptionsSchema,
  type NnDescentOptions,
  type NearestNeighborsOptions,
} from './nndescent.js';
export {
  NeighborMetric,
  isNeighborMetric,
  sqEuclidean,
  sqEuclideanBounded,
  prepareRows,
  finishDistance,
} from './distance.js';
export { createNeighborHeap, heapPush, heapWorst, sortHeap, type NeighborHeap } from './heap.js';
export { loadKernels, type DistanceKernels } from './kernels.js';
