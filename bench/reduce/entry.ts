// Bundled on the fly by bench.mjs (esbuild), so the bench runs the current sources.
export { PCA, UMAP, TSNE, trustworthiness } from '../../src/reduce/index.js';
export { randomizedSvd } from '../../src/linalg/index.js';
export { adjustedRandIndex } from '../../src/metrics/external.js';
