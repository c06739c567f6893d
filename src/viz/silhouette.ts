import type { TopLevelSpec } from 'vega-lite';
import { InputError } from '../core/errors.js';
import { ChartOptionsSchema, parseOptions, type ChartOptions } from './options.js';
import { CLUSTER_PARAM, colorEncoding, contextFrom, finish, round6, type Row, type ViewSpec, type VizContext } from './context.js';
import type { VizInput } from './types.js';

/** Rows between two clusters' blocks in the silhouette plot. */
const GAP = 2;

/** The silhouette view and its mean. @internal */
export function silhouetteView(ctx: VizContext, o: { highlight?: boolean; legend?: boolean } = {}): { view: ViewSpec; mean: number } {
  const s = ctx.input.silhouette;
  if (!s) {
    throw new InputError('silhouettePlot: no silhouette values.', {
      code: 'MISSING_SILHOUETTE',
      field: 'silhouette',
      fix: 'Pass silhouette (one value per row in [-1, 1], e.g. from the quality report).',
    });
  }
  // The mean is over every clustered row; the bars are over the (sampled) rows shown.
  let sum = 0;
  let count = 0;
  for (let i = 0; i < ctx.n; i++) {
    if (ctx.input.labels[i]! >= 0 && Number.isFinite(s[i]!)) {
      sum += s[i]!;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  const byCluster = new Map<number, number[]>();
  for (const i of ctx.sample.indices) {
    const l = ctx.input.labels[i]!;
    if (l < 0 || !Number.isFinite(s[i]!)) continue;
    let list = byCluster.get(l);
    if (!list) byCluster.set(l, (list = []));
    list.push(i);
  }
  const rows: Row[] = [];
  let pos = 0;
  for (const c of ctx.clusters) {
    const list = byCluster.get(c.cluster);
    if (!list) continue;
    list.sort((a, b) => s[b]! - s[a]! || a - b);
    for (const i of list) {
      rows.push({ clusterName: c.name, id: ctx.input.ids?.[i] ?? i, silhouette: round6(s[i]!), pos, pos2: pos + 1 });
      pos++;
    }
    pos += GAP;
  }
  const view: ViewSpec = {
    width: Math.round(ctx.opts.width * 0.75),
    height: ctx.opts.height,
    layer: [
      {
        data: ctx.sink.ref('silhouette', rows),
        mark: { type: 'rect' },
        encoding: {
          y: { field: 'pos', type: 'quantitative', axis: null, scale: { domain: [0, Math.max(1, pos)], nice: false, reverse: true } },
          y2: { field: 'pos2' },
          x: { field: 'silhouette', type: 'quantitative', title: 'Silhouette', scale: { domain: [-1, 1] } },
          x2: { datum: 0 },
          color: colorEncoding(ctx, o.legend ?? true),
          ...(o.highlight ? { opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.15 } } : {}),
          tooltip: [
            { field: 'id', title: 'Row' },
            { field: 'clusterName', title: 'Cluster' },
            { field: 'silhouette', title: 'Silhouette', format: '.3f' },
          ],
        },
      },
      {
        data: { values: [{ mean: round6(mean) }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: ctx.dark ? '#eceff4' : '#333333' },
        encoding: { x: { field: 'mean', type: 'quantitative' } },
      },
    ],
  };
  return { view, mean };
}

/**
 * Silhouette plot: one thin bar per row, grouped by cluster and sorted within it, with the mean
 * silhouette as a dashed rule (and in the subtitle). Outliers have no silhouette and are left out.
 *
 * @example
 * const spec = silhouettePlot({ coords, labels, silhouette });
 */
export function silhouettePlot(input: VizInput, options: ChartOptions = {}): TopLevelSpec {
  const ctx = contextFrom(input, parseOptions(ChartOptionsSchema, options, 'silhouettePlot'), 'silhouettePlot');
  const { view, mean } = silhouetteView(ctx);
  return finish(ctx, view, 'Silhouette per cluster', [`mean silhouette ${mean.toFixed(2)}`, ctx.sample.note]);
}
