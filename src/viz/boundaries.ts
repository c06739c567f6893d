import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { ChartOptionsSchema, parseOptions } from './options.js';
import { CLUSTER_PARAM, colorEncoding, contextFrom, finish, round6, type Row, type ViewSpec, type VizContext } from './context.js';
import { convexHull } from './hull.js';
import { scatterView } from './scatter.js';
import type { VizInput } from './types.js';

/** Options of {@link clusterBoundaries}. */
export const BoundariesOptionsSchema = ChartOptionsSchema.extend({
  /** Rows with a membership probability below this are left out of the hulls (core hulls). */
  minProbability: z.number().min(0).max(1).default(0),
  /** Draw the points over the hulls (default true). */
  points: z.boolean().default(true),
});
/** Options of {@link clusterBoundaries}. */
export type BoundariesOptions = z.input<typeof BoundariesOptionsSchema>;

/**
 * Convex hull of every cluster on the 2-D projection, as closed polygon rows
 * (`cluster`, `clusterName`, `order`, `x`, `y`). Uses every row (not the chart sample), optionally
 * only rows with probability ≥ `minProbability`.
 *
 * @example
 * clusterHulls(input).filter((r) => r.cluster === 0); // the hull of cluster 0, in order
 */
export function clusterHulls(input: VizInput, minProbability = 0): { cluster: number; order: number; x: number; y: number }[] {
  const n = input.coords.rows;
  const d = input.coords.cols;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    xs[i] = input.coords.data[i * d]!;
    ys[i] = input.coords.data[i * d + 1]!;
    const l = input.labels[i]!;
    if (l < 0) continue;
    if (input.probabilities && input.probabilities[i]! < minProbability) continue;
    let list = members.get(l);
    if (!list) members.set(l, (list = []));
    list.push(i);
  }
  const out: { cluster: number; order: number; x: number; y: number }[] = [];
  for (const c of [...members.keys()].sort((a, b) => a - b)) {
    const hull = convexHull(xs, ys, members.get(c)!);
    hull.forEach((i, order) => out.push({ cluster: c, order, x: round6(xs[i]!), y: round6(ys[i]!) }));
  }
  return out;
}

/** The hull layer. @internal */
export function hullLayer(ctx: VizContext, minProbability: number, highlight: boolean): ViewSpec {
  const rows: Row[] = clusterHulls(ctx.input, minProbability)
    .filter((h) => ctx.byId.has(h.cluster))
    .map((h) => ({ ...h, clusterName: ctx.byId.get(h.cluster)!.name, color: ctx.byId.get(h.cluster)!.color }));
  return {
    data: ctx.sink.ref('hulls', rows),
    mark: { type: 'line', interpolate: 'linear-closed', strokeWidth: 1.5, fillOpacity: 0.12, strokeOpacity: 0.9 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'Component 1', scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: 'Component 2', scale: { zero: false } },
      order: { field: 'order', type: 'quantitative' },
      detail: { field: 'clusterName', type: 'nominal' },
      // Colours straight from the rows (no scale): the hulls add no legend of their own, so the
      // points' legend, which carries the legend selection's click handlers, stays intact.
      stroke: { field: 'color', type: 'nominal', scale: null },
      fill: { field: 'color', type: 'nominal', scale: null },
      ...(highlight ? { opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.15 } } : {}),
    },
  };
}

/**
 * Cluster boundaries: the convex hull of each cluster (Andrew's monotone chain over all its rows)
 * drawn as a lightly filled polygon under the points. Zoom, pan, tooltips and the legend selection
 * work as in {@link clusterScatter}.
 *
 * @example
 * const spec = clusterBoundaries({ coords, labels, probabilities }, { minProbability: 0.5 });
 */
export function clusterBoundaries(input: VizInput, options: BoundariesOptions = {}): TopLevelSpec {
  const { minProbability, points, ...rest } = parseOptions(BoundariesOptionsSchema, options, 'clusterBoundaries');
  const ctx = contextFrom(input, rest, 'clusterBoundaries');
  return finish(ctx, boundariesView(ctx, minProbability, points), 'Cluster boundaries', [
    minProbability > 0 ? `hulls over rows with probability ≥ ${minProbability}` : undefined,
    points ? ctx.sample.note : undefined,
  ]);
}

/** Hulls layered under the scatter. @internal */
export function boundariesView(ctx: VizContext, minProbability: number, points: boolean): ViewSpec {
  const hull = hullLayer(ctx, minProbability, points);
  if (!points) {
    return {
      width: ctx.opts.width,
      height: ctx.opts.height,
      layer: [
        {
          ...hull,
          params: [{ name: CLUSTER_PARAM, select: { type: 'point', fields: ['clusterName'] }, bind: 'legend' }],
          encoding: {
            ...withoutStroke(hull.encoding as ViewSpec),
            color: colorEncoding(ctx),
            opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.15 },
          },
        },
      ],
    };
  }
  const { width, height, ...pointsLayer } = scatterView(ctx);
  return { width, height, layer: [hull, pointsLayer] };
}

function withoutStroke(encoding: ViewSpec): ViewSpec {
  const { stroke: _stroke, ...rest } = encoding;
  return rest;
}
