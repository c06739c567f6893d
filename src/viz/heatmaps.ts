import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { ChartOptionsSchema, parseOptions } from './options.js';
import { CLUSTER_PARAM, contextFrom, finish, nameOf, round6, type Row, type ViewSpec, type VizContext } from './context.js';
import type { VizFeatureEffect, VizInput } from './types.js';
import { clusterFeatureEffects } from '../explain/effects.js';

/**
 * Per-cluster standardised mean differences (Cohen's d of the cluster against all other rows,
 * pooled standard deviation) for every feature column. Outliers count as "other rows".
 *
 * @example
 * featureEffects(x, labels, ['income', 'age']).get(0); // [{ feature: 'income', effect: 1.4 }, ...]
 */
export function featureEffects(
  features: Matrix,
  labels: Int32Array,
  names?: readonly string[],
): Map<number, VizFeatureEffect[]> {
  const n = features.rows;
  const f = features.cols;
  const columns = Array.from({ length: f }, (_, j) => names?.[j] ?? `feature ${j}`);
  const numeric: Record<string, Float64Array> = {};
  columns.forEach((name, j) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = features.data[i * f + j]!;
    numeric[name] = col;
  });
  // The same Cohen's d the cluster explanations report, kept in column order for the heatmap.
  const effects = clusterFeatureEffects({ numeric }, labels);
  const out = new Map<number, VizFeatureEffect[]>();
  for (const [cluster, list] of effects) {
    const byName = new Map(list.map((e) => [e.feature, e.effect]));
    out.set(cluster, columns.map((feature) => ({ feature, effect: byName.get(feature) ?? 0 })));
  }
  return out;
}

/**
 * Cosine similarity between cluster centroids of `x` (rows labelled -1 are ignored). Row/column
 * `k` is the k-th smallest cluster id. Useful as {@link VizInput.similarity} when you have none.
 *
 * @example
 * const sim = centroidSimilarity(embeddings, labels); // k × k
 */
export function centroidSimilarity(x: Matrix, labels: Int32Array): Matrix<Float64Array> {
  const ids = [...new Set(labels)].filter((l) => l >= 0).sort((a, b) => a - b);
  const index = new Map(ids.map((c, k) => [c, k]));
  const k = ids.length;
  const d = x.cols;
  const cent = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const c = index.get(labels[i]!);
    if (c === undefined) continue;
    counts[c]!++;
    for (let j = 0; j < d; j++) cent[c * d + j]! += x.data[i * d + j]!;
  }
  const norms = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      cent[c * d + j]! /= Math.max(1, counts[c]!);
      s += cent[c * d + j]! ** 2;
    }
    norms[c] = Math.sqrt(s);
  }
  const sim = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += cent[a * d + j]! * cent[b * d + j]!;
      const den = norms[a]! * norms[b]!;
      sim[a * k + b] = den > 0 ? s / den : 0;
    }
  }
  return { data: sim, rows: k, cols: k };
}

/**
 * Options of {@link featureHeatmap}.
 * @example FeatureHeatmapOptionsSchema.parse({ maxFeatures: 10 })
 */
export const FeatureHeatmapOptionsSchema = ChartOptionsSchema.extend({
  /** Most features shown (those with the largest absolute effect in any cluster). */
  maxFeatures: z.number().int().positive().default(20),
});
/**
 * Options of {@link featureHeatmap}.
 * @example const o: FeatureHeatmapOptions = { maxFeatures: 10 };
 */
export type FeatureHeatmapOptions = z.input<typeof FeatureHeatmapOptionsSchema>;

/** The feature heatmap view. @internal */
export function featureView(ctx: VizContext, o: { maxFeatures: number; highlight?: boolean }): ViewSpec {
  const given = (ctx.input.clusters ?? []).filter((c) => c.features && c.features.length > 0);
  let effects: Map<number, readonly VizFeatureEffect[]>;
  if (given.length > 0) effects = new Map(given.map((c) => [c.cluster, c.features!]));
  else if (ctx.input.features) effects = featureEffects(ctx.input.features, ctx.input.labels, ctx.input.featureNames);
  else {
    throw new InputError('featureHeatmap: no feature effects to show.', {
      code: 'MISSING_FEATURES',
      field: 'features',
      fix: 'Pass clusters[].features, or the feature matrix as features (with featureNames).',
    });
  }
  const strength = new Map<string, number>();
  for (const list of effects.values()) {
    for (const e of list) strength.set(e.feature, Math.max(strength.get(e.feature) ?? 0, Math.abs(e.effect)));
  }
  const keep = [...strength.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, o.maxFeatures)
    .map(([name]) => name);
  const kept = new Set(keep);
  const rows: Row[] = [];
  const extent = Math.max(0.5, ...[...strength.entries()].filter(([f]) => kept.has(f)).map(([, v]) => v));
  for (const c of ctx.shown) {
    for (const e of effects.get(c.cluster) ?? []) {
      if (kept.has(e.feature)) rows.push({ cluster: c.cluster, clusterName: c.name, feature: e.feature, effect: round6(e.effect) });
    }
  }
  const cells = rows.length;
  const x = { field: 'clusterName', type: 'nominal', title: null, sort: ctx.colorDomain, axis: { labelAngle: -30 } };
  const y = { field: 'feature', type: 'nominal', title: null, sort: keep };
  const layer: ViewSpec[] = [
    {
      mark: { type: 'rect', cursor: 'pointer' },
      encoding: {
        x,
        y,
        color: {
          field: 'effect',
          type: 'quantitative',
          title: 'Effect (d)',
          scale: { scheme: 'blueorange', domain: [-extent, extent], domainMid: 0 },
        },
        ...(o.highlight ? { opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.2 } } : {}),
        tooltip: [
          { field: 'clusterName', title: 'Cluster' },
          { field: 'feature', title: 'Feature' },
          { field: 'effect', title: 'Effect (d)', format: '.2f' },
        ],
      },
    },
  ];
  if (cells <= 300) {
    layer.push({
      mark: { type: 'text', fontSize: 10 },
      encoding: {
        x,
        y,
        text: { field: 'effect', type: 'quantitative', format: '.1f' },
        color: { condition: { test: `abs(datum.effect) > ${round6(extent * 0.6)}`, value: 'white' }, value: 'black' },
      },
    });
  }
  return {
    width: { step: 44 },
    height: { step: 20 },
    data: ctx.sink.ref('features', rows),
    layer,
  };
}

/**
 * Heatmap of what sets each cluster apart: one cell per cluster and feature, coloured by a signed
 * effect (diverging blue–orange, centred on 0). Uses `clusters[].features` when given, otherwise
 * computes Cohen's d of each cluster against the rest from `features` ({@link featureEffects}).
 *
 * @example
 * const spec = featureHeatmap({ coords, labels, features: x, featureNames: ['income', 'age'] });
 */
export function featureHeatmap(input: VizInput, options: FeatureHeatmapOptions = {}): TopLevelSpec {
  const { maxFeatures, ...rest } = parseOptions(FeatureHeatmapOptionsSchema, options, 'featureHeatmap');
  const ctx = contextFrom(input, rest, 'featureHeatmap');
  return finish(ctx, featureView(ctx, { maxFeatures }), 'What sets each cluster apart', [ctx.shownNote]);
}

/**
 * Options of {@link similarityHeatmap}.
 * @example SimilarityHeatmapOptionsSchema.parse({ level: 'row' })
 */
export const SimilarityHeatmapOptionsSchema = ChartOptionsSchema.extend({
  /** `'cluster'` (k × k), `'row'` (n × n), or `'auto'` (from the matrix shape). */
  level: z.enum(['auto', 'cluster', 'row']).default('auto'),
  /** Most rows shown at row level (more are refused: use the cluster level). */
  maxRows: z.number().int().positive().default(200),
});
/**
 * Options of {@link similarityHeatmap}.
 * @example const o: SimilarityHeatmapOptions = { level: 'cluster' };
 */
export type SimilarityHeatmapOptions = z.input<typeof SimilarityHeatmapOptionsSchema>;

/** The similarity heatmap view. @internal */
export function similarityView(
  ctx: VizContext,
  o: { level: 'auto' | 'cluster' | 'row'; maxRows: number; highlight?: boolean },
): ViewSpec {
  const sim = ctx.input.similarity;
  if (!sim) {
    throw new InputError('similarityHeatmap: no similarity matrix.', {
      code: 'MISSING_SIMILARITY',
      field: 'similarity',
      fix: 'Pass similarity (k × k between clusters, e.g. centroidSimilarity(embeddings, labels), or n × n between rows).',
    });
  }
  const k = ctx.clusters.length;
  const level = o.level === 'auto' ? (sim.rows === k && k !== ctx.n ? 'cluster' : 'row') : o.level;
  const expected = level === 'cluster' ? k : ctx.n;
  if (sim.rows !== expected || sim.cols !== expected) {
    throw new InputError(`similarityHeatmap: a ${level}-level similarity must be ${expected} × ${expected}, got ${sim.rows} × ${sim.cols}.`, {
      code: 'BAD_SHAPE',
      field: 'similarity',
      fix: level === 'cluster' ? 'Give one row and column per cluster, in the order of the sorted cluster ids.' : 'Give one row and column per row of coords.',
    });
  }
  if (level === 'row' && ctx.n > o.maxRows) {
    throw new InputError(`similarityHeatmap: ${ctx.n} rows is too many for a row-level heatmap (maxRows ${o.maxRows}).`, {
      code: 'TOO_MANY_ROWS',
      field: 'similarity',
      fix: 'Pass a cluster-level similarity (centroidSimilarity) or raise maxRows.',
    });
  }
  const rows: Row[] = [];
  let order: string[];
  if (level === 'cluster') {
    // Matrix rows follow the sorted cluster ids (ctx.clusters); show the largest maxClusters.
    const shown = new Set(ctx.shown.map((c) => c.cluster));
    const keep = ctx.clusters.map((c, a) => [c, a] as const).filter(([c]) => shown.has(c.cluster));
    order = keep.map(([c]) => c.name);
    for (const [ca, a] of keep) {
      for (const [cb, b] of keep) {
        rows.push({ clusterName: ca.name, other: cb.name, value: round6(sim.data[a * k + b]!) });
      }
    }
  } else {
    const n = ctx.n;
    const labels = ctx.input.labels;
    const perm = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
      const la = labels[a]! < 0 ? Number.MAX_SAFE_INTEGER : labels[a]!;
      const lb = labels[b]! < 0 ? Number.MAX_SAFE_INTEGER : labels[b]!;
      return la - lb || a - b;
    });
    const id = (i: number): string => String(ctx.input.ids?.[i] ?? i);
    order = perm.map(id);
    for (const a of perm) {
      for (const b of perm) {
        rows.push({ row: id(a), other: id(b), clusterName: nameOf(ctx, labels[a]!), value: round6(sim.data[a * n + b]!) });
      }
    }
  }
  const yField = level === 'cluster' ? 'clusterName' : 'row';
  const step = level === 'cluster' ? Math.max(12, Math.min(40, Math.floor(480 / Math.max(1, order.length)))) : Math.max(2, Math.floor(360 / ctx.n));
  const axis = level === 'cluster' ? {} : { axis: null };
  const layer: ViewSpec[] = [
    {
      mark: { type: 'rect', cursor: 'pointer' },
      encoding: {
        x: { field: 'other', type: 'nominal', title: null, sort: order, ...axis, ...(level === 'cluster' ? { axis: { labelAngle: -30 } } : {}) },
        y: { field: yField, type: 'nominal', title: null, sort: order, ...axis },
        color: { field: 'value', type: 'quantitative', title: 'Similarity', scale: { scheme: 'viridis' } },
        ...(o.highlight ? { opacity: { condition: { param: CLUSTER_PARAM, value: 1 }, value: 0.2 } } : {}),
        tooltip: [
          { field: yField, title: level === 'cluster' ? 'Cluster' : 'Row' },
          { field: 'other', title: level === 'cluster' ? 'Cluster' : 'Row' },
          ...(level === 'row' ? [{ field: 'clusterName', title: 'Cluster' }] : []),
          { field: 'value', title: 'Similarity', format: '.3f' },
        ],
      },
    },
  ];
  if (level === 'cluster' && order.length <= 12) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) {
      lo = Math.min(lo, r.value as number);
      hi = Math.max(hi, r.value as number);
    }
    const mid = (lo + hi) / 2;
    layer.push({
      mark: { type: 'text', fontSize: 10 },
      encoding: {
        x: { field: 'other', type: 'nominal', sort: order },
        y: { field: yField, type: 'nominal', sort: order },
        text: { field: 'value', type: 'quantitative', format: '.2f' },
        color: { condition: { test: `datum.value > ${round6(mid)}`, value: 'black' }, value: 'white' },
      },
    });
  }
  return { width: { step }, height: { step }, data: ctx.sink.ref('similarity', rows), layer };
}

/**
 * Similarity heatmap between clusters (`k × k`) or, for small data, between rows (`n × n`, rows
 * ordered by cluster so blocks show on the diagonal). Colour: viridis (perceptually uniform,
 * colour-blind-safe).
 *
 * @example
 * const spec = similarityHeatmap({ coords, labels, similarity: centroidSimilarity(emb, labels) });
 */
export function similarityHeatmap(input: VizInput, options: SimilarityHeatmapOptions = {}): TopLevelSpec {
  const { level, maxRows, ...rest } = parseOptions(SimilarityHeatmapOptionsSchema, options, 'similarityHeatmap');
  const ctx = contextFrom(input, rest, 'similarityHeatmap');
  return finish(ctx, similarityView(ctx, { level, maxRows }), 'Similarity', [ctx.shownNote]);
}
