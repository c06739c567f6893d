import type { TopLevelSpec } from 'vega-lite';
import type { Matrix } from '../core/matrix.js';
import { calinskiHarabasz, daviesBouldin, silhouetteSamples, silhouetteScore } from '../metrics/internal.js';
import { availableCharts, dashboard, DASHBOARD_CHARTS, type DashboardChart } from '../viz/dashboard.js';
import { clusterScatter } from '../viz/scatter.js';
import { clusterSizes, keywordBars } from '../viz/bars.js';
import { silhouettePlot } from '../viz/silhouette.js';
import { centroidSimilarity, featureHeatmap, similarityHeatmap } from '../viz/heatmaps.js';
import { clusterBoundaries } from '../viz/boundaries.js';
import { networkGraph } from '../viz/network.js';
import type { VizInput } from '../viz/types.js';
import { parseOptions } from '../config/validate.js';
import { VisualizeConfigSchema, type VisualizeConfig } from './config.js';
import type { SeparationResult } from './result.js';

/** Rows scored by the run's silhouette (a seeded sample above this; the exact score is O(n²)). */
export const METRIC_SAMPLE = 3000;

/**
 * Internal quality metrics of a clustering on the space it was clustered in, outliers left out:
 * silhouette (on a seeded sample of 3,000 rows above that), Calinski–Harabasz, Davies–Bouldin, and
 * the outlier share. Scores that need at least two clusters are omitted when there are fewer.
 */
export function computeMetrics(x: Matrix, labels: Int32Array, seed: number): Record<string, number> {
  let noise = 0;
  const clusters = new Set<number>();
  for (const l of labels) {
    if (l < 0) noise++;
    else clusters.add(l);
  }
  const metrics: Record<string, number> = { outlierShare: labels.length ? noise / labels.length : 0 };
  const clustered = labels.length - noise;
  if (clusters.size >= 2 && clusters.size < clustered) {
    metrics.silhouette = silhouetteScore(x, labels, { noise: 'exclude', seed, sampleSize: Math.min(METRIC_SAMPLE, clustered) });
    metrics.calinskiHarabasz = calinskiHarabasz(x, labels, { noise: 'exclude' });
    metrics.daviesBouldin = daviesBouldin(x, labels, { noise: 'exclude' });
  }
  return metrics;
}

/** Largest number of clustered rows for which per-row silhouettes are computed for the chart. */
const SILHOUETTE_CHART_LIMIT = 3000;

/** Chart names a run can emit: every dashboard chart plus the dashboard itself. */
export const RESULT_CHARTS = ['dashboard', ...DASHBOARD_CHARTS] as const;

/**
 * The chart input of a result: its clustered rows (skipped rows have no position), their 2-D
 * coordinates, labels, probabilities, texts and ids, the cluster descriptions, per-row silhouettes
 * (up to 3,000 rows) and the cluster-to-cluster similarity of the clustering space.
 */
export function vizInputOf(result: SeparationResult): VizInput {
  const keep: number[] = [];
  for (let i = 0; i < result.numRows; i++) if (result.skipped[i] !== 1) keep.push(i);
  const n = keep.length;
  const coords = new Float64Array(n * 2);
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n);
  keep.forEach((i, k) => {
    coords[k * 2] = result.coords.data[i * 2]!;
    coords[k * 2 + 1] = result.coords.data[i * 2 + 1]!;
    labels[k] = result.labels[i]!;
    probabilities[k] = result.probabilities[i]!;
    outlierScores[k] = result.outlierScores[i]!;
  });
  const input: VizInput = {
    coords: { data: coords, rows: n, cols: 2 },
    labels,
    probabilities,
    outlierScores,
    ids: keep.map((i) => result.ids[i]!),
    clusters: result.clusters.map((c) => ({
      cluster: c.cluster,
      label: c.label,
      size: c.size,
      ...(c.keywords ? { keywords: c.keywords } : {}),
      ...(c.features ? { features: c.features.map((f) => ({ feature: f.feature, effect: f.effect })) } : {}),
    })),
  };
  if (result.texts) input.texts = keep.map((i) => result.texts![i]!);
  const x = result.features;
  if (x && x.rows === n && result.numClusters >= 2) {
    if (n <= SILHOUETTE_CHART_LIMIT) input.silhouette = silhouetteSamples(x, labels, { noise: 'exclude' });
    input.similarity = centroidSimilarity(x, labels);
  }
  return input;
}

/**
 * The Vega-Lite charts of a result, by name: the linked `dashboard` plus each chart on its own
 * (`boundaries`, `scatter`, `sizes`, `keywords`, `silhouette`, `features`, `similarity`, `network`,
 * as the data allows). `config.charts` picks a subset.
 */
export function buildCharts(result: SeparationResult, config: VisualizeConfig): Record<string, TopLevelSpec> {
  const o = parseOptions(VisualizeConfigSchema, config, 'visualize options');
  if (result.numClusters === 0) return {};
  const input = vizInputOf(result);
  const available = availableCharts(input);
  const wanted = o.charts ?? ['dashboard', ...available];
  const common = { theme: o.theme, maxPoints: o.maxPoints, seed: result.seed };
  const specs: Record<string, TopLevelSpec> = {};
  for (const name of wanted) {
    // A chart the data cannot feed (keywords without text, say) is left out, not drawn empty.
    if (name !== 'dashboard' && name !== 'scatter' && !available.includes(name)) continue;
    specs[name] = chart(name, input, common, available);
  }
  return specs;
}

function chart(
  name: (typeof RESULT_CHARTS)[number],
  input: VizInput,
  common: { theme: 'light' | 'dark'; maxPoints: number; seed: number },
  available: DashboardChart[],
): TopLevelSpec {
  switch (name) {
    case 'dashboard':
      return dashboard(input, { ...common, charts: available });
    case 'scatter':
      return clusterScatter(input, common);
    case 'boundaries':
      return clusterBoundaries(input, common);
    case 'sizes':
      return clusterSizes(input, common);
    case 'keywords':
      return keywordBars(input, common);
    case 'silhouette':
      return silhouettePlot(input, common);
    case 'features':
      return featureHeatmap(input, common);
    case 'similarity':
      return similarityHeatmap(input, common);
    case 'network':
      return networkGraph(input, common);
  }
}
