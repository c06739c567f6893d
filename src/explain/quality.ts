import { z } from 'zod';
import type { ClusterExplanation } from '../core/contracts.js';
import { InputError } from '../core/errors.js';
import { takeRows, type Matrix } from '../core/matrix.js';
import { createRng } from '../core/random.js';
import { calinskiHarabasz, daviesBouldin, silhouetteSamples } from '../metrics/internal.js';
import type { DistanceMetric } from '../metrics/distance.js';
import type { StabilityResult } from '../metrics/stability.js';
import { checkLabels } from './centroids.js';
import { parseOptions } from './options.js';

/** Per-cluster numbers indexed by cluster id: an array (index = id) or a record. */
export type PerCluster = ArrayLike<number> | Record<number, number> | ReadonlyMap<number, number>;

/** Input of {@link qualityReport}. Only `features` and `labels` are required. */
export interface QualityInput {
  /** The matrix the clusterer saw. */
  features: Matrix;
  /** Cluster per row, `-1` = outlier. */
  labels: ArrayLike<number>;
  /** Membership strength per row (0..1). */
  probabilities?: ArrayLike<number>;
  /** Outlier score per row (0..1, e.g. GLOSH). */
  outlierScores?: ArrayLike<number>;
  /** Persistence (HDBSCAN cluster stability) per cluster. */
  persistence?: PerCluster;
  /** Stability across runs: a number (e.g. mean pairwise ARI) or a `clusterStability` result. */
  stability?: number | StabilityResult;
  /** Per-cluster stability (e.g. mean Jaccard of the cluster across bootstrap runs). */
  clusterStability?: PerCluster;
  /** Names per cluster (e.g. from an explainer), shown in the Markdown table. */
  explanations?: readonly Pick<ClusterExplanation, 'cluster' | 'label'>[];
}

/** Options of {@link qualityReport}. */
export const QualityOptionsSchema = z.object({
  /** Distance of the silhouette. Default `euclidean`. */
  metric: z.enum(['euclidean', 'sqeuclidean', 'cosine', 'manhattan']).default('euclidean'),
  /** Silhouettes are exact up to this many clustered rows, then computed on a seeded sample. Default `5000`. */
  silhouetteSampleSize: z.number().int().min(10).default(5000),
  /** A member counts as an outlier-ish row when its outlier score is at least this. Default `0.8`. */
  outlierThreshold: z.number().min(0).max(1).default(0.8),
  /** Seed of the silhouette sample. Default `42`. */
  seed: z.number().int().default(42),
});

/** Input type of the {@link qualityReport} options. */
export type QualityOptions = z.input<typeof QualityOptionsSchema>;

/** One row of the per-cluster table. */
export interface ClusterQuality {
  cluster: number;
  label?: string;
  size: number;
  /** Share of all rows. */
  share: number;
  /** Mean silhouette of the cluster's rows (outliers excluded from the computation). */
  silhouette?: number;
  /** Share of the cluster's rows with a negative silhouette (probably in the wrong cluster). */
  negativeSilhouetteShare?: number;
  meanProbability?: number;
  persistence?: number;
  meanOutlierScore?: number;
  /** Share of the cluster's rows with outlier score ≥ `outlierThreshold`. */
  outlierShare?: number;
  stability?: number;
}

/** Result of {@link qualityReport}. */
export interface QualityReport {
  overall: {
    rows: number;
    clusters: number;
    /** Rows labelled `-1`. */
    outliers: number;
    outlierShare: number;
    /** Mean silhouette over clustered rows. */
    silhouette?: number;
    /** Rows the silhouette was computed on (less than the clustered rows when sampled). */
    silhouetteRows?: number;
    calinskiHarabasz?: number;
    daviesBouldin?: number;
    meanProbability?: number;
    meanOutlierScore?: number;
    stability?: number;
    /** Smallest and largest cluster share. */
    smallestShare: number;
    largestShare: number;
  };
  clusters: ClusterQuality[];
  /** Short plain-language warnings (e.g. "cluster 3 has a negative mean silhouette"). */
  notes: string[];
}

function perCluster(values: PerCluster | undefined, cluster: number): number | undefined {
  if (!values) return undefined;
  let v: number | undefined;
  if (values instanceof Map) v = values.get(cluster);
  else v = (values as Record<number, number>)[cluster];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * A quality report per cluster and overall: size and share, mean silhouette (via `metrics/`, exact
 * up to `silhouetteSampleSize` clustered rows, sampled with a seed above), mean membership
 * probability, persistence, outlier share and stability when given, Calinski–Harabasz and
 * Davies–Bouldin overall, and plain-language notes. Render it with {@link qualityReportMarkdown}.
 *
 * @example
 * const report = qualityReport({ features: x, labels: res.labels, probabilities: res.probabilities });
 * console.log(qualityReportMarkdown(report));
 */
export function qualityReport(input: QualityInput, options: QualityOptions = {}): QualityReport {
  const o = parseOptions(QualityOptionsSchema, options, 'qualityReport');
  const { features, labels } = input;
  checkLabels(features, labels, 'qualityReport');
  for (const [name, arr] of [['probabilities', input.probabilities], ['outlierScores', input.outlierScores]] as const) {
    if (arr && arr.length !== labels.length) {
      throw new InputError(`${name} has ${arr.length} values but there are ${labels.length} labels.`, {
        code: 'LENGTH_MISMATCH',
        field: name,
        fix: `Pass one ${name} value per row.`,
      });
    }
  }
  const n = labels.length;
  const ids = [...new Set(Array.from(labels))].filter((c) => c >= 0).sort((a, b) => a - b);
  const index = new Map(ids.map((c, r) => [c, r]));
  const size = new Float64Array(ids.length);
  const probSum = new Float64Array(ids.length);
  const outSum = new Float64Array(ids.length);
  const outHigh = new Float64Array(ids.length);
  let outliers = 0;
  let probTotal = 0;
  let outTotal = 0;
  const clustered: number[] = [];
  for (let i = 0; i < n; i++) {
    if (input.outlierScores) outTotal += input.outlierScores[i]!;
    const r = index.get(labels[i]!);
    if (r === undefined) {
      outliers++;
      continue;
    }
    clustered.push(i);
    size[r]!++;
    if (input.probabilities) {
      probSum[r] = probSum[r]! + input.probabilities[i]!;
      probTotal += input.probabilities[i]!;
    }
    if (input.outlierScores) {
      outSum[r] = outSum[r]! + input.outlierScores[i]!;
      if (input.outlierScores[i]! >= o.outlierThreshold) outHigh[r]!++;
    }
  }

  // Silhouette on clustered rows (a seeded sample above the limit).
  let sil: Float64Array | undefined;
  let silRows: Int32Array | undefined;
  if (ids.length >= 2 && clustered.length > ids.length) {
    let rows = Int32Array.from(clustered);
    if (rows.length > o.silhouetteSampleSize) {
      const rng = createRng(o.seed);
      const a = Int32Array.from(rows);
      for (let t = 0; t < o.silhouetteSampleSize; t++) {
        const j = t + rng.int(a.length - t);
        const tmp = a[t]!;
        a[t] = a[j]!;
        a[j] = tmp;
      }
      rows = a.subarray(0, o.silhouetteSampleSize).sort();
    }
    const subLabels = Int32Array.from(rows, (i) => labels[i]!);
    if (new Set(subLabels).size >= 2) {
      sil = silhouetteSamples(takeRows(features, rows), subLabels, { metric: o.metric as DistanceMetric });
      silRows = rows;
    }
  }
  const silSum = new Float64Array(ids.length);
  const silCount = new Float64Array(ids.length);
  const silNeg = new Float64Array(ids.length);
  let silTotal = 0;
  if (sil && silRows) {
    for (let t = 0; t < silRows.length; t++) {
      const r = index.get(labels[silRows[t]!]!)!;
      silSum[r] = silSum[r]! + sil[t]!;
      silCount[r]!++;
      if (sil[t]! < 0) silNeg[r]!++;
      silTotal += sil[t]!;
    }
  }
  const names = new Map((input.explanations ?? []).map((e) => [e.cluster, e.label]));
  const clusters: ClusterQuality[] = ids.map((cluster, r) => {
    const q: ClusterQuality = { cluster, size: size[r]!, share: n > 0 ? size[r]! / n : 0 };
    const label = names.get(cluster);
    if (label !== undefined) q.label = label;
    if (silCount[r]! > 0) {
      q.silhouette = silSum[r]! / silCount[r]!;
      q.negativeSilhouetteShare = silNeg[r]! / silCount[r]!;
    }
    if (input.probabilities) q.meanProbability = probSum[r]! / size[r]!;
    const p = perCluster(input.persistence, cluster);
    if (p !== undefined) q.persistence = p;
    if (input.outlierScores) {
      q.meanOutlierScore = outSum[r]! / size[r]!;
      q.outlierShare = outHigh[r]! / size[r]!;
    }
    const s = perCluster(input.clusterStability, cluster);
    if (s !== undefined) q.stability = s;
    return q;
  });

  const shares = clusters.map((c) => c.share);
  const overall: QualityReport['overall'] = {
    rows: n,
    clusters: ids.length,
    outliers,
    outlierShare: n > 0 ? outliers / n : 0,
    smallestShare: shares.length ? Math.min(...shares) : 0,
    largestShare: shares.length ? Math.max(...shares) : 0,
  };
  if (sil && silRows) {
    overall.silhouette = silTotal / silRows.length;
    overall.silhouetteRows = silRows.length;
  }
  if (ids.length >= 2 && clustered.length > ids.length) {
    overall.calinskiHarabasz = calinskiHarabasz(features, labels, { noise: 'exclude' });
    overall.daviesBouldin = daviesBouldin(features, labels, { noise: 'exclude' });
  }
  if (input.probabilities && clustered.length > 0) overall.meanProbability = probTotal / clustered.length;
  if (input.outlierScores && n > 0) overall.meanOutlierScore = outTotal / n;
  if (input.stability !== undefined) overall.stability = typeof input.stability === 'number' ? input.stability : input.stability.mean;

  const notes: string[] = [];
  if (ids.length < 2) notes.push('Fewer than two clusters: silhouette and separation scores are undefined.');
  if (overall.outlierShare > 0.3) notes.push(`${Math.round(overall.outlierShare * 100)}% of rows are outliers; consider a smaller minimum cluster size.`);
  for (const c of clusters) {
    if (c.silhouette !== undefined && c.silhouette < 0) notes.push(`Cluster ${c.cluster} has a negative mean silhouette (${c.silhouette.toFixed(2)}): its rows sit closer to other clusters.`);
    if (c.stability !== undefined && c.stability < 0.6) notes.push(`Cluster ${c.cluster} is unstable across runs (${c.stability.toFixed(2)}).`);
  }
  if (overall.largestShare > 0.8 && ids.length > 1) notes.push(`One cluster holds ${Math.round(overall.largestShare * 100)}% of the rows.`);
  if (overall.stability !== undefined && overall.stability < 0.6) notes.push(`Low stability across runs (${overall.stability.toFixed(2)}).`);
  return { overall, clusters, notes };
}

const f2 = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(2));
const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

/**
 * Renders a {@link QualityReport} as Markdown: an overall table, a per-cluster table (columns for
 * optional measures appear only when present) and the notes.
 *
 * @example
 * writeFileSync('quality.md', qualityReportMarkdown(qualityReport({ features, labels })));
 */
export function qualityReportMarkdown(report: QualityReport, options: { title?: string } = {}): string {
  const o = report.overall;
  const lines: string[] = [`## ${options.title ?? 'Cluster quality'}`, '', '| measure | value |', '| --- | --- |'];
  lines.push(`| rows | ${o.rows} |`, `| clusters | ${o.clusters} |`, `| outliers | ${o.outliers} (${pct(o.outlierShare)}) |`);
  if (o.silhouette !== undefined) {
    lines.push(`| mean silhouette | ${f2(o.silhouette)}${o.silhouetteRows! < o.rows - o.outliers ? ` (sample of ${o.silhouetteRows} rows)` : ''} |`);
  }
  if (o.calinskiHarabasz !== undefined) lines.push(`| Calinski–Harabasz | ${o.calinskiHarabasz.toFixed(1)} |`);
  if (o.daviesBouldin !== undefined) lines.push(`| Davies–Bouldin | ${f2(o.daviesBouldin)} |`);
  if (o.meanProbability !== undefined) lines.push(`| mean probability | ${f2(o.meanProbability)} |`);
  if (o.meanOutlierScore !== undefined) lines.push(`| mean outlier score | ${f2(o.meanOutlierScore)} |`);
  if (o.stability !== undefined) lines.push(`| stability | ${f2(o.stability)} |`);
  lines.push(`| cluster share (min – max) | ${pct(o.smallestShare)} – ${pct(o.largestShare)} |`, '');

  const cs = report.clusters;
  const has = (k: keyof ClusterQuality) => cs.some((c) => c[k] !== undefined);
  const cols: [string, (c: ClusterQuality) => string][] = [['cluster', (c) => String(c.cluster)]];
  if (has('label')) cols.push(['label', (c) => (c.label ?? '').replace(/\|/g, '\\|')]);
  cols.push(['size', (c) => String(c.size)], ['share', (c) => pct(c.share)]);
  if (has('silhouette')) cols.push(['silhouette', (c) => f2(c.silhouette)], ['silhouette < 0', (c) => pct(c.negativeSilhouetteShare)]);
  if (has('meanProbability')) cols.push(['mean probability', (c) => f2(c.meanProbability)]);
  if (has('persistence')) cols.push(['persistence', (c) => f2(c.persistence)]);
  if (has('meanOutlierScore')) cols.push(['mean outlier score', (c) => f2(c.meanOutlierScore)], ['outlier-ish rows', (c) => pct(c.outlierShare)]);
  if (has('stability')) cols.push(['stability', (c) => f2(c.stability)]);
  lines.push(`| ${cols.map((c) => c[0]).join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`);
  for (const c of cs) lines.push(`| ${cols.map(([, get]) => get(c)).join(' | ')} |`);
  if (report.notes.length > 0) {
    lines.push('', ...report.notes.map((n) => `- ${n}`));
  }
  return `${lines.join('\n')}\n`;
}
