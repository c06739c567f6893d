/**
 * Vega-Lite chart builders (browser-safe): every function returns a typed `TopLevelSpec`.
 * Node-only exporters (self-contained HTML, SVG/PNG/PDF rendering, saving) live in `./node.ts`.
 * @packageDocumentation
 */
export type { VizInput, VizCluster, VizKeyword, VizFeatureEffect, GraphInput, GraphNode, GraphEdge } from './types.js';
export {
  ChartOptionsSchema,
  ThemeSchema,
  DataOptionSchema,
  COLOR_SCHEMES,
  EXTENDED_PALETTE,
  OUTLIER_COLOR,
  OUTLIER_NAME,
  VEGA_LITE_SCHEMA,
  themeConfig,
  type ChartOptions,
  type ColorSchemeName,
  type ResolvedChartOptions,
} from './options.js';
export { chartDatasets, CLUSTER_PARAM } from './context.js';
export { stratifiedSample, formatCount, type SampleResult, type StratifiedSampleOptions } from './sample.js';
export { convexHull, polygonArea } from './hull.js';
export { forceLayout, type ForceLayoutOptions, type LayoutEdge } from './layout.js';
export { clusterScatter, scatter3dPairs } from './scatter.js';
export { clusterSizes, keywordBars, KeywordBarsOptionsSchema, type KeywordBarsOptions } from './bars.js';
export {
  featureHeatmap,
  similarityHeatmap,
  featureEffects,
  centroidSimilarity,
  FeatureHeatmapOptionsSchema,
  SimilarityHeatmapOptionsSchema,
  type FeatureHeatmapOptions,
  type SimilarityHeatmapOptions,
} from './heatmaps.js';
export { silhouettePlot } from './silhouette.js';
export { clusterBoundaries, clusterHulls, BoundariesOptionsSchema, type BoundariesOptions } from './boundaries.js';
export { networkGraph, NetworkOptionsSchema, type NetworkOptions } from './network.js';
export {
  dashboard,
  availableCharts,
  DASHBOARD_CHARTS,
  DashboardOptionsSchema,
  type DashboardChart,
  type DashboardOptions,
} from './dashboard.js';
export {
  chartHtml,
  chartHtmlFragment,
  escapeHtml,
  scriptJson,
  VEGA_CDN,
  type ChartHtmlOptions,
  type VegaLibraries,
} from './html.js';
export {
  VegaLiteChart,
  display,
  toChart,
  forJupyterLab,
  JUPYTER_DISPLAY,
  VEGALITE_MIME,
  type Displayable,
  type HasVegaLite,
  type DisplayTarget,
  type MimeBundle,
  type NotebookOptions,
} from './chart.js';
export { densityRegions, type DensityCell, type DensityRegionOptions } from './density.js';
export { appendRows, type AppendRowsOptions, type LiveView } from './live.js';
