import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { ChartOptionsSchema, OUTLIER_NAME, parseOptions, type ChartOptions } from './options.js';
import { CLUSTER_PARAM, colorEncoding, contextFrom, finish, round6, type Row, type ViewSpec, type VizContext } from './context.js';
import type { VizInput } from './types.js';

/** The cluster-size bars (used alone and in the dashboard). @internal */
export function sizesView(ctx: VizContext, o: { select?: boolean; width?: number } = {}): ViewSpec {
  const rows: Row[] = ctx.shown.map((c) => ({
    cluster: c.cluster,
    clusterName: c.name,
    size: c.size,
    share: round6(c.size / Math.max(1, ctx.n)),
  }));
  const outliers = ctx.n - ctx.clusters.reduce((a, c) => a + c.size, 0);
  if (outliers > 0) rows.push({ cluster: -1, clusterName: OUTLIER_NAME, size: outliers, share: round6(outliers / ctx.n) });
  const view: ViewSpec = {
    width: o.width ?? Math.round(ctx.opts.width * 0.75),
    height: { step: 18 },
    data: ctx.sink.ref('sizes', rows),
  };
  if (o.select ?? true) {
    view.params = [{ name: CLUSTER_PARAM, select: { type: 'point', fields: ['clusterName'] } }];
  }
  view.mark = { type: 'bar', cursor: 'pointer' };
  view.encoding = {
    y: { field: 'clusterName', type: 'nominal', title: null, sort: rows.map((r) => r.clusterName as string) },
    x: { field: 'size', type: 'quantitative', title: 'Rows' },
    color: colorEncoding(ctx, false),
    opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.25 },
    tooltip: [
      { field: 'clusterName', title: 'Cluster' },
      { field: 'size', title: 'Rows', format: ',d' },
      { field: 'share', title: 'Share', format: '.1%' },
    ],
  };
  return view;
}

/**
 * Horizontal bars of cluster sizes (outliers as a grey bar). Click a bar (shift-click for more) to
 * select clusters; in the dashboard this selection filters the other charts.
 *
 * @example
 * const spec = clusterSizes({ coords, labels, clusters });
 */
export function clusterSizes(input: VizInput, options: ChartOptions = {}): TopLevelSpec {
  const ctx = contextFrom(input, parseOptions(ChartOptionsSchema, options, 'clusterSizes'), 'clusterSizes');
  return finish(ctx, sizesView(ctx), 'Cluster sizes', [ctx.shownNote]);
}

/**
 * Options of {@link keywordBars}.
 * @example KeywordBarsOptionsSchema.parse({ topTerms: 5 })
 */
export const KeywordBarsOptionsSchema = ChartOptionsSchema.extend({
  /** Terms shown per cluster. */
  topTerms: z.number().int().positive().default(8),
  /** Facet columns (default: up to 4). */
  columns: z.number().int().positive().optional(),
});
/**
 * Options of {@link keywordBars}.
 * @example const o: KeywordBarsOptions = { topTerms: 5, columns: 3 };
 */
export type KeywordBarsOptions = z.input<typeof KeywordBarsOptionsSchema>;

/** The faceted keyword bars. @internal */
export function keywordView(ctx: VizContext, o: { topTerms: number; columns?: number; filter?: boolean }): ViewSpec {
  const rows: Row[] = [];
  const shown = new Set(ctx.shown.map((c) => c.cluster));
  for (const c of ctx.input.clusters ?? []) {
    const entry = shown.has(c.cluster) ? ctx.byId.get(c.cluster) : undefined;
    if (!entry || !c.keywords) continue;
    const top = [...c.keywords].sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1)).slice(0, o.topTerms);
    top.forEach((k, rank) => rows.push({ cluster: c.cluster, clusterName: entry.name, term: k.term, weight: round6(k.weight), rank: rank + 1 }));
  }
  if (rows.length === 0) {
    throw new InputError('keywordBars: no cluster has keywords.', {
      code: 'MISSING_KEYWORDS',
      field: 'clusters[].keywords',
      fix: 'Pass clusters with keywords (e.g. from the c-TF-IDF explainer).',
    });
  }
  const names = [...new Set(rows.map((r) => r.clusterName as string))];
  const cellWidth = Math.max(120, Math.round(ctx.opts.width / 2.5));
  const view: ViewSpec = {
    data: ctx.sink.ref('keywords', rows),
    ...(o.filter ? { transform: [{ filter: { param: CLUSTER_PARAM } }] } : {}),
    facet: { field: 'clusterName', type: 'nominal', title: null, sort: names },
    columns: o.columns ?? Math.min(4, names.length),
    spec: {
      width: cellWidth,
      height: { step: 14 },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'term', type: 'nominal', title: null, sort: { field: 'rank', order: 'ascending' } },
        x: { field: 'weight', type: 'quantitative', title: 'Weight' },
        color: colorEncoding(ctx, false),
        tooltip: [
          { field: 'clusterName', title: 'Cluster' },
          { field: 'term', title: 'Term' },
          { field: 'weight', title: 'Weight', format: '.3f' },
        ],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
  return view;
}

/**
 * Top keywords per cluster as bars, one small chart per cluster (faceted), strongest term on top.
 *
 * @example
 * const spec = keywordBars({ coords, labels, clusters }, { topTerms: 6 });
 */
export function keywordBars(input: VizInput, options: KeywordBarsOptions = {}): TopLevelSpec {
  const { topTerms, columns, ...rest } = parseOptions(KeywordBarsOptionsSchema, options, 'keywordBars');
  const ctx = contextFrom(input, rest, 'keywordBars');
  return finish(ctx, keywordView(ctx, { topTerms, ...(columns !== undefined ? { columns } : {}) }), 'Top terms per cluster', [ctx.shownNote]);
}
