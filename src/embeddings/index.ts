/**
 * Embeddings: any Hugging Face feature-extraction model through transformers.js, the bundled
 * offline GloVe model, TF-IDF/LSA and hybrid vectors, a content-addressed cache and a model registry.
 * Browser-safe: the disk store lives in `hf-separate/node`.
 * @packageDocumentation
 */
export {
  TransformersEmbedder,
  TransformersEmbedderOptionsSchema,
  DTYPES,
  clipForTokenizer,
  loadTransformers,
} from './transformers-embedder.js';
export type { TransformersEmbedderOptions, ResolvedModel } from './transformers-embedder.js';
export {
  registerModel,
  getModelInfo,
  listModels,
  chooseModel,
  ModelInfoSchema,
  POOLINGS,
  OFFLINE_DEFAULT_MODEL,
  ONLINE_DEFAULT_MODEL,
} from './registry.js';
export type { ModelInfo, ModelInfoInput, Pooling, ChooseModelOptions } from './registry.js';
export { bundledModelsDirectory } from './locate.js';
export { guessLanguages } from './languages.js';
export type { GuessLanguagesOptions } from './languages.js';
export { emptyReport } from './report.js';
export type { EmbedReport } from './report.js';
export { hash128, murmur128 } from './hash.js';
export { MemoryStore } from './store.js';
export type { EmbeddingStore, StoreEntry, StoreStats, MemoryStoreOptions } from './store.js';
export { IndexedDbStore } from './indexeddb-store.js';
export type { IndexedDbStoreOptions } from './indexeddb-store.js';
export { CachedEmbedder, cacheKey, importCacheKey } from './cache.js';
export type { CachedEmbedderOptions, CacheEncryptionKey, FingerprintedEmbedder } from './cache.js';
export { TfidfEmbedder, TfidfOptionsSchema, tfidf, sparseRandomizedSvd } from './tfidf.js';
export type { TfidfOptions, CsrMatrix, TfidfState } from './tfidf.js';
export { HybridEmbedder } from './hybrid.js';
export type { HybridPart } from './hybrid.js';
export { createEmbedder, AutoTextEmbedder, OFFLINE_TEXT_DEFAULT } from './create.js';
export type { CreateEmbedderOptions } from './create.js';
export { saveEmbedder, loadEmbedder } from './persist.js';
export type { EmbedderState } from './persist.js';
