// Bundled on the fly by wordnet-keywords.mjs (esbuild): the library pieces the bench needs, from src.
export { ctfidf, topicLabel, clusterFeatureEffects, qualityReport, qualityReportMarkdown, TextExplainer, extractPhrases } from '../../src/explain/index.js';
export { stopWords } from '../../src/text/index.js';
export { tfidf } from '../../src/embeddings/tfidf.js';
export { kmeans } from '../../src/clustering/kmeans.js';
export { adjustedRandIndex } from '../../src/metrics/index.js';
export { createEmbedder } from '../../src/embeddings/create.js';
export { mmrKeywords } from '../../src/explain/index.js';
export { surrogateRules, designMatrix, fitDecisionTree, FeatureExplainer, featureTableFromRows } from '../../src/explain/index.js';
export { createRng } from '../../src/core/random.js';
