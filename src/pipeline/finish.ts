import type { TopLevelSpec } from 'vega-lite';
import type { Matrix } from '../core/matrix.js';
import type { VisualizeConfig } from './config.js';
import type { SeparationResult } from './result.js';

/** Internal quality metrics of a clustering (outliers left out). */
export function computeMetrics(_x: Matrix, labels: Int32Array, _seed: number): Record<string, number> {
  let noise = 0;
  for (const l of labels) if (l < 0) noise++;
  return { outlierShare: labels.length ? noise / labels.length : 0 };
}

/** The Vega-Lite charts of a result. */
export function buildCharts(_result: SeparationResult, _config: VisualizeConfig): Record<string, TopLevelSpec> {
  return {};
}
