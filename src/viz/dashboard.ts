import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { ChartOptionsSchema, parseOptions } from './options.js';
import { colorEncoding, contextFrom, finish, type ViewSpec, type VizContext } from './context.js';
import { boundariesView } from './boundaries.js';
import { keywordView, sizesView } from './bars.js';
import { featureView, similarityView } from './heatmaps.js';
import { silhouetteView } from './silhouette.js';
import { scatterView } from './scatter.js';
import { networkGraphData, networkView } from './network.js';
import type { VizInput } from './types.js';

/**
 * Colour scales and legends per view, at every concat level: a `legend: null` merged into a shared
 * legend would remove it, and only the map should draw one.
 */
const INDEPENDENT_COLOR = {
  scale: { color: 'independent', fill: 'independent' },
  legend: { color: 'independent', fill: 'independent' },
} as const;

/**
 * The charts a dashboard can hold.
 * @example dashboard(input, { charts: ['scatter', 'sizes'] })
 */
export const DASHBOARD_CHARTS = [
  'scatter',
  'boundaries',
  'sizes',
  'keywords',
  'silhouette',
  'features',
  'similarity',
  'network',
] as const;
/**
 * One chart kind of the dashboard.
 * @example const c: DashboardChart = 'keywords';
 */
export type DashboardChart = (typeof DASHBOARD_CHARTS)[number];

/**
 * Options of {@link dashboard}.
 * @example DashboardOptionsSchema.parse({ theme: 'dark' })
 */
export const DashboardOptionsSchema = ChartOptionsSchema.extend({
  /** Charts to include, in this order; default: every chart the input has data for (hulls instead of the plain scatter). */
  charts: z.array(z.enum(DASHBOARD_CHARTS)).min(1).optional(),
  /** Terms per cluster in the keyword chart. */
  topTerms: z.number().int().positive().default(6),
  /** Features in the feature heatmap. */
  maxFeatures: z.number().int().positive().default(12),
  /** Cluster regions on the map: convex hulls, kernel-density regions, or both. */
  regions: z.enum(['hull', 'density', 'both']).default('hull'),
  /** Edges kept per node in the topic network. */
  maxEdgesPerNode: z.number().int().positive().default(3),
});
/**
 * Options of {@link dashboard}.
 * @example const o: DashboardOptions = { charts: ['boundaries', 'keywords'], regions: 'density' };
 */
export type DashboardOptions = z.input<typeof DashboardOptionsSchema>;

/**
 * The charts the input has data for, in dashboard order.
 * @example availableCharts({ coords, labels }); // ['boundaries', 'sizes']
 */
export function availableCharts(input: VizInput): DashboardChart[] {
  const out: DashboardChart[] = [input.coords.cols === 2 ? 'boundaries' : 'scatter', 'sizes'];
  const ids = new Set<number>();
  for (const l of input.labels) if (l >= 0) ids.add(l);
  const k = ids.size;
  const hasKeywords = (input.clusters ?? []).some((c) => (c.keywords ?? []).length > 0);
  if (hasKeywords) out.push('keywords');
  if (input.silhouette) out.push('silhouette');
  if (input.features || (input.clusters ?? []).some((c) => (c.features ?? []).length > 0)) out.push('features');
  if (input.similarity && (input.similarity.rows === k || input.similarity.rows <= 200)) out.push('similarity');
  if ((input.similarity && input.similarity.rows === k) || hasKeywords) out.push('network');
  return out;
}

function view(ctx: VizContext, chart: DashboardChart, o: z.output<typeof DashboardOptionsSchema>): ViewSpec {
  const half = Math.round(ctx.opts.width * 0.8);
  switch (chart) {
    case 'scatter':
      return scatterView(ctx);
    case 'boundaries':
      if (ctx.input.coords.cols !== 2) {
        throw new InputError('dashboard: boundaries need a 2-D projection.', {
          code: 'BAD_SHAPE',
          field: 'charts',
          fix: "Use 'scatter' for a 3-D projection.",
        });
      }
      return boundariesView(ctx, 0, true, o.regions);
    case 'sizes':
      return sizesView(ctx, { width: half });
    case 'keywords':
      return keywordView(ctx, { topTerms: o.topTerms, filter: true });
    case 'silhouette': {
      const v = silhouetteView(ctx, { highlight: true, legend: false }).view;
      return { ...v, title: 'Silhouette' };
    }
    case 'features':
      return { ...featureView(ctx, { maxFeatures: o.maxFeatures, highlight: true }), title: 'What sets clusters apart' };
    case 'similarity':
      return { ...similarityView(ctx, { level: 'auto', maxRows: 200, highlight: true }), title: 'Similarity' };
    case 'network': {
      const graph = networkGraphData(ctx, { minSimilarity: 'auto', maxEdgesPerNode: o.maxEdgesPerNode });
      return {
        ...networkView(
          ctx.sink,
          graph,
          { seed: ctx.opts.seed, iterations: 300, labels: true, width: half, height: ctx.opts.height, dark: ctx.dark },
          colorEncoding(ctx, false),
        ),
        title: 'Topic relations',
      };
    }
  }
}

/**
 * One spec with several linked charts: the cluster map (hulls and points, zoom/pan), cluster
 * sizes, keywords, silhouette, feature effects, similarity and the topic network, as available.
 * All charts share one cluster selection: click a legend entry, a size bar or a network node
 * (shift-click for several) and the keyword chart filters to those clusters while the other charts
 * highlight them. Click (legend picks) or double-click (bar and node picks) empty space to clear.
 *
 * @example
 * const spec = dashboard({ coords, labels, texts, clusters, silhouette, similarity });
 * await saveDashboard('out', spec, { title: 'Customer segments' }); // from 'hf-separate/node'
 */
export function dashboard(input: VizInput, options: DashboardOptions = {}): TopLevelSpec {
  const o = parseOptions(DashboardOptionsSchema, options, 'dashboard');
  const { charts, topTerms: _t, maxFeatures: _f, maxEdgesPerNode: _e, regions: _r, ...rest } = o;
  const ctx = contextFrom(input, rest, 'dashboard');
  const chosen = charts ?? availableCharts(input);
  // Only the cluster map draws the colour legend (its entries are the selection buttons), so it
  // sits next to the map. Colour scales are per view but every view is given the same explicit
  // domain and range, so a cluster has one colour everywhere.
  // Wide charts (the faceted keywords) get a row of their own; the others go two by two.
  const rows: ViewSpec[] = [];
  let pending: ViewSpec[] = [];
  const flush = (): void => {
    if (pending.length === 1) rows.push(pending[0]!);
    else if (pending.length > 1) rows.push({ hconcat: pending, spacing: 24, resolve: INDEPENDENT_COLOR });
    pending = [];
  };
  for (const chart of chosen) {
    // Named views give stable Vega mark names (`keywords_...`), handy for styling and tests.
    const v = { name: chart, ...view(ctx, chart, o) };
    if (chart === 'keywords') {
      flush();
      rows.push({ ...v, title: 'Top terms (filtered by the selected clusters)' });
      continue;
    }
    pending.push(v);
    if (pending.length === 2) flush();
  }
  flush();
  const body: ViewSpec = rows.length === 1 ? rows[0]! : { vconcat: rows, spacing: 28 };
  return finish(ctx, { ...body, resolve: INDEPENDENT_COLOR }, 'Separation dashboard', [
    'click a cluster in the legend, a bar or a node to focus it (shift-click for more)',
    ctx.shownNote ? `per-cluster charts show the ${ctx.shownNote}` : undefined,
    ctx.sample.note,
  ]);
}
