import type { TopLevelSpec } from 'vega-lite';
import { InputError } from '../core/errors.js';
import { isMatrix } from '../core/matrix.js';
import {
  ChartOptionsSchema,
  OUTLIER_COLOR,
  OUTLIER_NAME,
  VEGA_LITE_SCHEMA,
  isDark,
  paletteOf,
  parseOptions,
  themeConfig,
  type ResolvedChartOptions,
} from './options.js';
import { stratifiedSample, type SampleResult } from './sample.js';
import type { VizInput } from './types.js';

/**
 * A loosely typed Vega-Lite view used while assembling specs (the whole spec is checked in tests).
 * @internal
 */
export type ViewSpec = Record<string, unknown>;

/**
 * A row of a chart dataset.
 * @internal
 */
export type Row = Record<string, string | number | boolean | null>;

/**
 * Name of the cluster selection every chart shares (legend clicks, bar clicks).
 * @example { filter: { param: CLUSTER_PARAM } } // keep the selected clusters
 */
export const CLUSTER_PARAM = 'cluster_pick';

/**
 * Rounds a coordinate to 6 significant digits: smaller specs, same picture.
 * @internal
 */
export function round6(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : 0;
}

/**
 * One entry of the cluster table shared by all charts.
 * @internal
 */
export interface ClusterEntry {
  cluster: number;
  name: string;
  size: number;
  color: string;
  terms: string;
}

/**
 * Collects datasets: inline ones go to the spec's top-level `datasets` (so several views share
 * one copy), URL ones become `{ url }` with `{dataset}` replaced by the dataset name.
 * @internal
 */
export class DataSink {
  readonly datasets: Record<string, Row[]> = {};
  constructor(private readonly mode: ResolvedChartOptions['data']) {}

  /** Registers `rows` under `name` and returns the Vega-Lite `data` reference. */
  ref(name: string, rows: Row[]): { name: string } | { name: string; url: string; format: { type: 'json' } } {
    this.datasets[name] = rows;
    if (this.mode === 'inline') return { name };
    return { name, url: this.mode.url.replace(/\{dataset\}/g, name), format: { type: 'json' } };
  }
}

/**
 * Everything a view builder needs: validated input, options, cluster table and data sink.
 * @internal
 */
export interface VizContext {
  input: VizInput;
  opts: ResolvedChartOptions;
  sink: DataSink;
  clusters: ClusterEntry[];
  byId: Map<number, ClusterEntry>;
  /** Legend domain (cluster names, then Outliers when present) and matching colours. */
  colorDomain: string[];
  colorRange: string[];
  sample: SampleResult;
  dark: boolean;
  n: number;
  /** The clusters per-cluster charts show: the `maxClusters` largest, in id order. */
  shown: ClusterEntry[];
  /** `largest 30 of 260 clusters` when some are left out of per-cluster charts. */
  shownNote: string | undefined;
}

function checkLength(value: ArrayLike<unknown> | undefined, n: number, field: string, where: string): void {
  if (value !== undefined && value.length !== n) {
    throw new InputError(`${where}: ${field} has ${value.length} entries but coords has ${n} rows.`, {
      code: 'LENGTH_MISMATCH',
      field,
      fix: `Give ${field} one entry per row of coords.`,
    });
  }
}

/**
 * Validates a {@link VizInput} and builds the shared chart context.
 * @example const ctx = makeContext(input, { width: 300 }, 'clusterScatter');
 */
export function makeContext(input: VizInput, options: unknown, where: string): VizContext {
  return contextFrom(input, parseOptions(ChartOptionsSchema, options, where), where);
}

/**
 * {@link makeContext} with options already parsed (builders with their own option schema).
 * @internal
 */
export function contextFrom(input: VizInput, opts: ResolvedChartOptions, where: string): VizContext {
  if (!input || !isMatrix(input.coords)) {
    throw new InputError(`${where}: coords must be a Matrix (n × 2 or n × 3).`, {
      code: 'BAD_INPUT',
      field: 'coords',
      fix: 'Pass the 2-D or 3-D projection as a Matrix, e.g. matrix(Float64Array, n, 2).',
    });
  }
  const n = input.coords.rows;
  if (input.coords.cols < 2 || input.coords.cols > 3) {
    throw new InputError(`${where}: coords has ${input.coords.cols} columns; charts need 2 or 3.`, {
      code: 'BAD_SHAPE',
      field: 'coords',
      fix: 'Reduce to 2 or 3 dimensions first (PCA, UMAP or t-SNE with nComponents 2 or 3).',
    });
  }
  if (!(input.labels instanceof Int32Array)) {
    throw new InputError(`${where}: labels must be an Int32Array.`, {
      code: 'BAD_INPUT',
      field: 'labels',
      fix: 'Pass the clustering labels as Int32Array (use Int32Array.from(array)).',
    });
  }
  checkLength(input.labels, n, 'labels', where);
  checkLength(input.probabilities, n, 'probabilities', where);
  checkLength(input.outlierScores, n, 'outlierScores', where);
  checkLength(input.texts, n, 'texts', where);
  checkLength(input.ids, n, 'ids', where);
  checkLength(input.silhouette, n, 'silhouette', where);
  if (input.features !== undefined) {
    if (!isMatrix(input.features) || input.features.rows !== n) {
      throw new InputError(`${where}: features must be a Matrix with one row per row of coords.`, {
        code: 'LENGTH_MISMATCH',
        field: 'features',
        fix: 'Pass the numeric feature matrix (n × f) the clusters were found on.',
      });
    }
    if (input.featureNames !== undefined && input.featureNames.length !== input.features.cols) {
      throw new InputError(`${where}: featureNames has ${input.featureNames.length} names for ${input.features.cols} columns.`, {
        code: 'LENGTH_MISMATCH',
        field: 'featureNames',
        fix: 'Give one name per column of features.',
      });
    }
  }
  const counts = new Map<number, number>();
  let outliers = 0;
  for (let i = 0; i < n; i++) {
    const l = input.labels[i]!;
    if (l < 0) outliers++;
    else counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const described = new Map((input.clusters ?? []).map((c) => [c.cluster, c]));
  const ids = [...new Set([...counts.keys(), ...described.keys()])].filter((c) => c >= 0).sort((a, b) => a - b);
  const palette = paletteOf(opts.colorScheme, ids.length);
  const dark = isDark(opts.theme);
  const clusters: ClusterEntry[] = ids.map((cluster, k) => {
    const d = described.get(cluster);
    const keywords = [...(d?.keywords ?? [])].sort((a, b) => b.weight - a.weight);
    return {
      cluster,
      name: d?.label ? `${cluster}: ${d.label}` : `Cluster ${cluster}`,
      size: counts.get(cluster) ?? d?.size ?? 0,
      color: palette[k % palette.length]!,
      terms: keywords
        .slice(0, 5)
        .map((w) => w.term)
        .join(', '),
    };
  });
  const colorDomain = clusters.map((c) => c.name);
  const colorRange = clusters.map((c) => c.color);
  if (outliers > 0) {
    colorDomain.push(OUTLIER_NAME);
    colorRange.push(dark ? OUTLIER_COLOR.dark : OUTLIER_COLOR.light);
  }
  const largest = [...clusters].sort((a, b) => b.size - a.size || a.cluster - b.cluster).slice(0, opts.maxClusters);
  const keep = new Set(largest.map((c) => c.cluster));
  const shown = clusters.filter((c) => keep.has(c.cluster));
  return {
    input,
    opts,
    shown,
    shownNote: shown.length < clusters.length ? `largest ${shown.length} of ${clusters.length} clusters` : undefined,
    sink: new DataSink(opts.data),
    clusters,
    byId: new Map(clusters.map((c) => [c.cluster, c])),
    colorDomain,
    colorRange,
    sample: stratifiedSample(input.labels, { maxPoints: opts.maxPoints, maxOutliers: opts.maxOutliers, seed: opts.seed }),
    dark,
    n,
  };
}

/**
 * The display name of a label (`Outliers` for -1).
 * @internal
 */
export function nameOf(ctx: VizContext, label: number): string {
  return label < 0 ? OUTLIER_NAME : (ctx.byId.get(label)?.name ?? `Cluster ${label}`);
}

/**
 * The shared colour encoding: cluster names with the palette, outliers grey.
 * @internal
 */
export function colorEncoding(ctx: VizContext, legend: boolean | Record<string, unknown> = true): ViewSpec {
  return {
    field: 'clusterName',
    type: 'nominal',
    title: 'Cluster',
    scale: { domain: ctx.colorDomain, range: ctx.colorRange },
    ...(legend === false ? { legend: null } : legend === true ? {} : { legend }),
  };
}

/** Where URL-mode specs keep their rows (a symbol, so it never reaches the JSON). */
const DATASETS: unique symbol = Symbol.for('hf-separate.viz.datasets') as never;

/**
 * Wraps a view as a complete top-level spec: schema, title and subtitle, theme config, datasets.
 * @internal
 */
export function finish(ctx: VizContext, view: ViewSpec, defaultTitle: string, notes: (string | undefined)[] = []): TopLevelSpec {
  const subtitle = notes.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const spec: ViewSpec = {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle.length > 0 ? { text: ctx.opts.title ?? defaultTitle, subtitle } : ctx.opts.title ?? defaultTitle,
    ...view,
    config: themeConfig(ctx.opts.theme),
  };
  if (ctx.opts.data === 'inline') spec.datasets = ctx.sink.datasets;
  // URL mode: keep the rows reachable (for saveDashboard) without putting them in the JSON.
  else Object.defineProperty(spec, DATASETS, { value: ctx.sink.datasets, enumerable: false });
  return spec as unknown as TopLevelSpec;
}


/**
 * The datasets a chart or dashboard refers to, by name. With `data: { url }` the spec only holds
 * URLs: write each dataset as JSON to its URL (`saveDashboard` does this for you).
 * @example const rows = chartDatasets(spec)?.points;
 */
export function chartDatasets(spec: TopLevelSpec): Record<string, unknown[]> | undefined {
  const s = spec as { datasets?: Record<string, unknown[]>; [DATASETS]?: Record<string, unknown[]> };
  return s.datasets ?? s[DATASETS];
}
