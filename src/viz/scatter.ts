import type { TopLevelSpec } from 'vega-lite';
import { InputError } from '../core/errors.js';
import { OUTLIER_NAME, type ChartOptions } from './options.js';
import { CLUSTER_PARAM, colorEncoding, finish, makeContext, nameOf, round6, type Row, type ViewSpec, type VizContext } from './context.js';
import type { VizInput } from './types.js';

const AXES = ['x', 'y', 'z'] as const;
const SNIPPET_CHARS = 140;

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= SNIPPET_CHARS ? t : `${t.slice(0, SNIPPET_CHARS - 1)}…`;
}

/** The `points` dataset: one row per kept (sampled) row. @internal */
export function pointsData(ctx: VizContext): ViewSpec {
  const { input, sample } = ctx;
  const dims = input.coords.cols;
  const rows: Row[] = [];
  for (let k = 0; k < sample.indices.length; k++) {
    const i = sample.indices[k]!;
    const label = input.labels[i]!;
    const row: Row = { id: input.ids?.[i] ?? i };
    for (let d = 0; d < dims; d++) row[AXES[d]!] = round6(input.coords.data[i * dims + d]!);
    row.cluster = label < 0 ? -1 : label;
    row.clusterName = nameOf(ctx, label);
    if (input.probabilities) row.probability = round6(input.probabilities[i]!);
    if (input.outlierScores) row.outlierScore = round6(input.outlierScores[i]!);
    if (input.texts) row.snippet = snippet(input.texts[i] ?? '');
    rows.push(row);
  }
  return ctx.sink.ref('points', rows);
}

/** The `clusters` dataset (id, name, size, top terms). @internal */
export function clustersData(ctx: VizContext): ViewSpec {
  return ctx.sink.ref(
    'clusters',
    ctx.clusters.map((c) => ({ cluster: c.cluster, clusterName: c.name, size: c.size, terms: c.terms })),
  );
}

function hasTerms(ctx: VizContext): boolean {
  return ctx.clusters.some((c) => c.terms.length > 0);
}

function tooltip(ctx: VizContext): ViewSpec[] {
  const { input } = ctx;
  const t: ViewSpec[] = [{ field: 'id', title: 'Row' }, { field: 'clusterName', title: 'Cluster' }];
  if (input.probabilities) t.push({ field: 'probability', title: 'Probability', format: '.2f' });
  if (input.outlierScores) t.push({ field: 'outlierScore', title: 'Outlier score', format: '.2f' });
  if (hasTerms(ctx)) t.push({ field: 'terms', title: 'Top terms' });
  if (input.texts) t.push({ field: 'snippet', title: 'Text' });
  return t;
}

/** Options of {@link scatterView}. @internal */
export interface ScatterViewOptions {
  x?: 'x' | 'y' | 'z';
  y?: 'x' | 'y' | 'z';
  /** Bind the cluster selection to the legend (true for the main scatter). */
  legendSelection?: boolean;
  /** Zoom and pan through interval-bound scales. */
  zoom?: boolean;
  width?: number;
  height?: number;
}

/** Legend entries when clusters are many: the shown (largest) clusters, then outliers. */
function legendValues(ctx: VizContext): string[] {
  const names = ctx.shown.map((c) => c.name);
  return ctx.colorDomain.includes(OUTLIER_NAME) ? [...names, OUTLIER_NAME] : names;
}

/** The point layer of the scatter (reused by boundaries and the dashboard). @internal */
export function scatterView(ctx: VizContext, o: ScatterViewOptions = {}): ViewSpec {
  const x = o.x ?? 'x';
  const y = o.y ?? 'y';
  const shown = ctx.sample.indices.length;
  const size = shown > 20000 ? 6 : shown > 5000 ? 12 : shown > 1000 ? 22 : 40;
  const params: ViewSpec[] = [];
  if (o.zoom ?? true) params.push({ name: `zoom_${x}${y}`, select: 'interval', bind: 'scales' });
  if (o.legendSelection ?? true) {
    params.push({ name: CLUSTER_PARAM, select: { type: 'point', fields: ['clusterName'] }, bind: 'legend' });
  }
  const view: ViewSpec = {
    width: o.width ?? ctx.opts.width,
    height: o.height ?? ctx.opts.height,
    data: pointsData(ctx),
  };
  if (hasTerms(ctx)) {
    view.transform = [{ lookup: 'cluster', from: { data: clustersData(ctx), key: 'cluster', fields: ['terms'] } }];
  }
  if (params.length > 0) view.params = params;
  view.mark = { type: 'circle', stroke: null };
  view.encoding = {
    x: { field: x, type: 'quantitative', title: `Component ${AXES.indexOf(x) + 1}`, scale: { zero: false } },
    y: { field: y, type: 'quantitative', title: `Component ${AXES.indexOf(y) + 1}`, scale: { zero: false } },
    // With many clusters the legend lists the first maxClusters (clusters are usually numbered by size).
    color: colorEncoding(ctx, ctx.shownNote ? { values: legendValues(ctx), symbolLimit: legendValues(ctx).length } : true),
    size: { condition: { test: 'datum.cluster < 0', value: Math.max(4, size / 2) }, value: size },
    opacity: { condition: { param: CLUSTER_PARAM, value: 0.8 }, value: 0.06 },
    tooltip: tooltip(ctx),
  };
  return view;
}

/**
 * Cluster scatter of a 2-D projection: one dot per row coloured by cluster, outliers grey and
 * smaller. Tooltips show the row, cluster, probability, outlier score, top terms and a text snippet;
 * drag to pan, scroll to zoom; click a legend entry (shift-click for several) to highlight clusters.
 * More than `maxPoints` rows are down-sampled per cluster, and the subtitle says so.
 *
 * @example
 * const spec = clusterScatter({ coords, labels, texts, clusters }, { theme: 'dark' });
 */
export function clusterScatter(input: VizInput, options: ChartOptions = {}): TopLevelSpec {
  const ctx = makeContext(input, options, 'clusterScatter');
  return finish(ctx, scatterView(ctx), 'Clusters', [ctx.sample.note]);
}

/**
 * Pairwise views of a 3-D projection (components 1–2, 1–3, 2–3) side by side, sharing the colour
 * legend and its cluster selection; each view zooms and pans on its own.
 *
 * @example
 * const spec = scatter3dPairs({ coords: umap3d, labels }, { width: 260, height: 260 });
 */
export function scatter3dPairs(input: VizInput, options: ChartOptions = {}): TopLevelSpec {
  const ctx = makeContext(input, { width: 260, height: 260, ...options }, 'scatter3dPairs');
  if (ctx.input.coords.cols !== 3) {
    throw new InputError(`scatter3dPairs needs a 3-D projection, got ${ctx.input.coords.cols} columns.`, {
      code: 'BAD_SHAPE',
      field: 'coords',
      fix: 'Reduce to 3 components, or use clusterScatter for 2-D.',
    });
  }
  const pairs: ['x' | 'y' | 'z', 'x' | 'y' | 'z'][] = [
    ['x', 'y'],
    ['x', 'z'],
    ['y', 'z'],
  ];
  const hconcat = pairs.map(([x, y]) => scatterView(ctx, { x, y }));
  return finish(ctx, { hconcat }, 'Clusters in three dimensions (pairwise views)', [ctx.sample.note]);
}
