/**
 * Dense linear algebra on typed arrays: symmetric eigen-decomposition, randomized truncated SVD,
 * and the products they are built from.
 * @packageDocumentation
 */
export { symmetricEigen, type SymmetricEigenResult } from './eigen.js';
export { randomizedSvd, RandomizedSvdOptionsSchema, type RandomizedSvdOptions, type TruncatedSvd } from './svd.js';
export {
  columnMeans,
  multiply,
  transposeMultiply,
  crossProduct,
  gramMatrix,
  orthonormalizeColumns,
  gaussianMatrix,
} from './dense.js';
export { useWasmKernels } from './wasm.js';
