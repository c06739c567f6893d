import type { ClusteringEngine, EmbeddingGenerator, Explainer, Reducer } from '../core/contracts.js';
import { KMeans, type KMeansOptions } from '../clustering/kmeans.js';
import { MiniBatchKMeans, type MiniBatchKMeansOptions } from '../clustering/minibatch.js';
import { GaussianMixture, type GaussianMixtureOptions } from '../clustering/gmm.js';
import { Agglomerative, type AgglomerativeOptions } from '../clustering/agglomerative.js';
import { AutoK, type AutoKOptions } from '../clustering/autok.js';
import { AutoNumericClusterer, type AutoNumericClustererOptions } from '../separation/auto-cluster.js';
import { AutoTextClusterer, type AutoTextClustererOptions } from '../separation/auto-text.js';
import { HDBSCAN } from '../clustering/hdbscan.js';
import { DBSCAN } from '../clustering/dbscan.js';
import { OPTICS } from '../clustering/optics.js';
import { PCA, type PcaOptions } from '../reduce/pca.js';
import { UMAP, type UmapOptions } from '../reduce/umap.js';
import { TSNE, type TsneOptions } from '../reduce/tsne.js';
import { createEmbedder, type CreateEmbedderOptions } from '../embeddings/create.js';
import { AutoExplainer, FeatureExplainer, TextExplainer, type AutoExplainerOptions, type FeatureExplainerOptions, type TextExplainerOptions } from '../explain/explainers.js';

/**
 * The built-in stage implementations the pipeline can name. Each entry builds an instance from the
 * user's options; the implementation validates those options itself (with its zod schema), so a bad
 * option gets an error naming the field.
 *
 * To add a method: implement the interface in its stage folder and add one line here.
 */
export type StageFactory<T> = (options: Record<string, unknown>) => T;

/** Reducers by name, e.g. `pipeline().reduce('umap')`. */
export const builtinReducers: Record<string, StageFactory<Reducer>> = {
  pca: (o) => new PCA(o as PcaOptions),
  umap: (o) => new UMAP(o as UmapOptions),
  tsne: (o) => new TSNE(o as TsneOptions),
};

/** Clusterers by name, e.g. `pipeline().cluster('hdbscan')`. */
export const builtinClusterers: Record<string, StageFactory<ClusteringEngine>> = {
  kmeans: (o) => new KMeans(o as KMeansOptions),
  'minibatch-kmeans': (o) => new MiniBatchKMeans(o as MiniBatchKMeansOptions),
  gmm: (o) => new GaussianMixture(o as GaussianMixtureOptions),
  agglomerative: (o) => new Agglomerative(o as AgglomerativeOptions),
  'auto-k': (o) => new AutoK(o as AutoKOptions),
  'auto-numeric': (o) => new AutoNumericClusterer({ clusters: 'auto', method: 'auto', kMin: 2, kMax: 10, outliers: 'lof', ...(o as Partial<AutoNumericClustererOptions>) }),
  'auto-text': (o) => new AutoTextClusterer({ clusters: 'auto', method: 'auto', kMin: 2, kMax: 30, ...(o as Partial<AutoTextClustererOptions>) }),
  hdbscan: (o) => new HDBSCAN(o as ConstructorParameters<typeof HDBSCAN>[0]),
  dbscan: (o) => new DBSCAN(o as ConstructorParameters<typeof DBSCAN>[0]),
  optics: (o) => new OPTICS(o as ConstructorParameters<typeof OPTICS>[0]),
};

/**
 * Embedding generators by name, e.g. `pipeline().embed('tfidf')`. Any other name is a Hugging Face
 * model id or folder: build it with `createEmbedder(name, options)` from `src/embeddings`.
 */
export const builtinEmbedders: Record<string, StageFactory<EmbeddingGenerator>> = {
  auto: (o) => createEmbedder('auto', o as CreateEmbedderOptions),
  default: (o) => createEmbedder('default', o as CreateEmbedderOptions),
  'glove-100d': (o) => createEmbedder('glove-100d', o as CreateEmbedderOptions),
  tfidf: (o) => createEmbedder('tfidf', o as CreateEmbedderOptions),
  lsa: (o) => createEmbedder('lsa', o as CreateEmbedderOptions),
  hybrid: (o) => createEmbedder('hybrid', o as CreateEmbedderOptions),
};

/** Explainers by name, e.g. `pipeline().explain({ method: 'ctfidf' })`. */
export const builtinExplainers: Record<string, StageFactory<Explainer>> = {
  auto: (o) => new AutoExplainer(o as AutoExplainerOptions),
  ctfidf: (o) => new TextExplainer(o as TextExplainerOptions),
  features: (o) => new FeatureExplainer(o as FeatureExplainerOptions),
};
