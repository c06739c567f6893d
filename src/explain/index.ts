export { ctfidf, ctfidfWeights, CtfidfOptionsSchema } from './ctfidf.js';
export type { CtfidfOptions, CtfidfResult, CtfidfTopic, WeightedTerm } from './ctfidf.js';
export { mmr, mmrKeywords, embedWith, MmrOptionsSchema } from './mmr.js';
export type { MmrPick, MmrOptions, TextEmbedder } from './mmr.js';
export { topicLabel } from './label.js';
export type { TopicLabelOptions } from './label.js';
export { clusterCentroids } from './centroids.js';
export type { ClusterCentroids } from './centroids.js';
export { representativeRows, ExemplarOptionsSchema } from './exemplars.js';
export type { ExemplarOptions } from './exemplars.js';
export { clusterFeatureEffects, cohensD, cohensH, FeatureEffectOptionsSchema } from './effects.js';
export type { FeatureEffect, NumericEffect, CategoryEffect, FeatureEffectOptions } from './effects.js';
export {
  logGamma,
  regularizedBeta,
  studentTTwoSided,
  welchTTest,
  hypergeometricUpperTail,
  erfc,
  normalTwoSided,
  averageRanks,
  mannWhitneyFromRanks,
} from './stats.js';
export type { WelchResult, MannWhitneyResult } from './stats.js';
export { fitDecisionTree, predictTree, leafOf, DecisionTreeOptionsSchema } from './cart.js';
export type { DecisionTree, TreeNode, DecisionTreeOptions } from './cart.js';
export { surrogateRules, designMatrix, ruleText, SurrogateOptionsSchema } from './rules.js';
export type { SurrogateRules, ClusterRule, RuleCondition, DesignColumn, SurrogateOptions } from './rules.js';
export { featureTableFromRows } from './table.js';
export type { FeatureTable, CategoryValue } from './table.js';
export { formatNumber, formatP, formatShare } from './format.js';
export { clusterSimilarity, explainRow, ExplainRowOptionsSchema } from './similarity.js';
export type { ClusterSimilarity, ExplainRowContext, ExplainRowOptions, RowExplanation } from './similarity.js';
export { qualityReport, qualityReportMarkdown, QualityOptionsSchema } from './quality.js';
export type { QualityInput, QualityOptions, QualityReport, ClusterQuality, PerCluster } from './quality.js';
export { extractPhrases } from './phrases.js';
export type { TextPhrases } from './phrases.js';
export {
  TextExplainer,
  FeatureExplainer,
  AutoExplainer,
  TextExplainerOptionsSchema,
  FeatureExplainerOptionsSchema,
  AutoExplainerOptionsSchema,
} from './explainers.js';
export type { TextExplainerOptions, FeatureExplainerOptions, AutoExplainerOptions } from './explainers.js';
