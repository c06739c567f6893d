import type { TopLevelSpec } from 'vega-lite';
import type { Matrix } from '../core/matrix.js';
import { calinskiHarabasz, daviesBouldin, silhouetteScore } from '../metrics/internal.js';
import type { VisualizeConfig } from './config.js';
import type { SeparationResult } from './result.js';

/**
 * Internal quality metrics of a clustering on the space it was clustered in, outliers left out:
 * silhouette (sampled with the seed above 10k rows), Calinski–Harabasz, Davies–Bouldin, and the
 * outlier share. Scores that need at least two clusters are omitted when there are fewer.
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
    metrics.silhouette = silhouetteScore(x, labels, { noise: 'exclude', seed });
    metrics.calinskiHarabasz = calinskiHarabasz(x, labels, { noise: 'exclude' });
    metrics.daviesBouldin = daviesBouldin(x, labels, { noise: 'exclude' });
  }
  return metrics;
}

/** The Vega-Lite charts of a result. */
export function buildCharts(_result: SeparationResult, _config: VisualizeConfig): Record<string, TopLevelSpec> {
  return {};
}
