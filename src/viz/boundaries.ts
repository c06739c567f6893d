import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { ChartOptionsSchema, parseOptions } from './options.js';
import { CLUSTER_PARAM, colorEncoding, contextFrom, finish, round6, type Row, type ViewSpec, type VizContext } from './context.js';
import { convexHull } from './hull.js';
import { densityRegions } from './density.js';
import { scatterView } from './scatter.js';
import type { VizInput } from './types.js';

/**
 * Options of {@link clusterBoundaries}.
 * @example BoundariesOptionsSchema.parse({ regions: 'both' })
 */
export const BoundariesOptionsSchema = ChartOptionsSchema.extend({
  /** Rows with a membership probability below this are left out of the hulls (core hulls). */
  minProbability: z.number().min(0).max(1).default(0),
  /** Draw the points over the regions (default true). */
  points: z.boolean().default(true),
  /** `'hull'` (convex hulls), `'density'` (kernel-density regions) or `'both'`. */
  regions: z.enum(['hull', 'density', 'both']).default('hull'),
  /** Grid cells per axis of the density regions. */
  gridSize: z.number().int().min(4).max(512).default(48),
});
/**
 * Options of {@link clusterBoundaries}.
 * @example const o: BoundariesOptions = { minProbability: 0.5, regions: 'hull' };
 */
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
  const { minProbability, points, regions, gridSize, ...rest } = parseOptions(BoundariesOptionsSchema, options, 'clusterBoundaries');
  const ctx = contextFrom(input, rest, 'clusterBoundaries');
  return finish(ctx, boundariesView(ctx, minProbability, points, regions, gridSize), 'Cluster boundaries', [
    regions !== 'hull' ? 'shaded: the cluster with the highest kernel density in each cell' : undefined,
    minProbability > 0 && regions !== 'density' ? `hulls over rows with probability ≥ ${minProbability}` : undefined,
    points ? ctx.sample.note : undefined,
  ]);
}

/** The density-region layer (cells as rects, shaded by density). @internal */
export function densityLayer(ctx: VizContext, gridSize: number, highlight: boolean): ViewSpec {
  const rows: Row[] = densityRegions(ctx.input, { gridSize })
    .filter((c) => ctx.byId.has(c.cluster))
    .map((c) => ({ ...c, clusterName: ctx.byId.get(c.cluster)!.name, color: ctx.byId.get(c.cluster)!.color }));
  return {
    data: ctx.sink.ref('regions', rows),
    mark: { type: 'rect', strokeWidth: 0 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'Component 1', scale: { zero: false } },
      x2: { field: 'x2' },
      y: { field: 'y', type: 'quantitative', title: 'Component 2', scale: { zero: false } },
      y2: { field: 'y2' },
      fill: { field: 'color', type: 'nominal', scale: null },
      fillOpacity: { field: 'density', type: 'quantitative', scale: { domain: [0, 1], range: [0.1, 0.55] }, legend: null },
      ...(highlight ? { opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.2 } } : {}),
    },
  };
}

/** Regions (hulls and/or density cells) layered under the scatter. @internal */
export function boundariesView(
  ctx: VizContext,
  minProbability: number,
  points: boolean,
  regions: 'hull' | 'density' | 'both' = 'hull',
  gridSize = 48,
): ViewSpec {
  const under: ViewSpec[] = [];
  if (regions !== 'hull') under.push(densityLayer(ctx, gridSize, points));
  if (regions !== 'density') under.push(hullLayer(ctx, minProbability, points));
  if (!points) {
    // No points layer to carry the legend selection: the first region layer gets it, and a legend.
    const [first, ...others] = under;
    const encoding = withoutStroke(first!.encoding as ViewSpec);
    return {
      width: ctx.opts.width,
      height: ctx.opts.height,
      layer: [
        {
          ...first,
          params: [{ name: CLUSTER_PARAM, select: { type: 'point', fields: ['clusterName'] }, bind: 'legend' }],
          encoding: {
            ...encoding,
            ...(first!.mark && (first!.mark as { type: string }).type === 'rect' ? { fill: colorEncoding(ctx) } : { color: colorEncoding(ctx) }),
            opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.15 },
          },
        },
        ...others.map((o) => ({ ...o, encoding: { ...(o.encoding as object), opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.15 } } })),
      ],
    };
  }
  const { width, height, ...pointsLayer } = scatterView(ctx);
  return { width, height, layer: [...under, pointsLayer] };
}

function withoutStroke(encoding: ViewSpec): ViewSpec {
  const { stroke: _stroke, ...rest } = encoding;
  return rest;
}
