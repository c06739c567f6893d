import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { formatNumber, formatP, formatShare } from './format.js';
import { parseOptions } from './options.js';
import { averageRanks, hypergeometricUpperTail, mannWhitneyFromRanks, welchTTest } from './stats.js';
import { tableRows, type FeatureTable } from './table.js';

/** How a numeric column differs inside one cluster from the rest of the rows. */
export interface NumericEffect {
  kind: 'numeric';
  feature: string;
  cluster: number;
  nIn: number;
  nOut: number;
  meanIn: number;
  meanOut: number;
  sdIn: number;
  sdOut: number;
  /** Cohen's d: `(meanIn − meanOut) / pooled sd` (capped at ±99 when the pooled sd is 0). */
  cohensD: number;
  /** Welch's t statistic and its degrees of freedom. */
  t: number;
  df: number;
  /** Two-sided p-value of the chosen test (Welch's t, or Mann–Whitney U with `test: 'mannWhitney'`). */
  pValue: number;
  /** With `test: 'mannWhitney'`: U of the cluster and the rank-biserial correlation (−1..1). */
  u?: number;
  rankBiserial?: number;
  /** The ranking effect: Cohen's d. */
  effect: number;
  /** E.g. `"income: 61,200 vs 42,000 elsewhere (d = 1.3, p < 0.001)"`. */
  detail: string;
}

/** How over- (or under-) represented one category is inside one cluster. */
export interface CategoryEffect {
  kind: 'categorical';
  feature: string;
  category: string;
  cluster: number;
  /** Rows of the cluster with this category, and the cluster size (rows with a value). */
  countIn: number;
  nIn: number;
  /** Share of the category in the cluster and among all rows. */
  shareIn: number;
  shareAll: number;
  /** `shareIn / shareAll`. */
  lift: number;
  /** One-sided hypergeometric p-value in the direction of the difference (over- or under-representation). */
  pValue: number;
  /** Cohen's h, `2·asin√shareIn − 2·asin√shareOut`: on the same scale as Cohen's d, so both rank together. */
  cohensH: number;
  /** The ranking effect: Cohen's h. */
  effect: number;
  /** E.g. `"region = north: 64% vs 20% overall (lift 3.2, p < 0.001)"`. */
  detail: string;
}

/** A numeric or categorical effect. */
export type FeatureEffect = NumericEffect | CategoryEffect;

/** Options of {@link clusterFeatureEffects}. */
export const FeatureEffectOptionsSchema = z.object({
  /** Effects kept per cluster (largest |effect| first). Default: all. */
  topN: z.number().int().min(1).optional(),
  /** Drop effects with a larger p-value. Default `1` (keep all). */
  maxPValue: z.number().min(0).max(1).default(1),
  /** Drop effects with a smaller |effect|. Default `0`. */
  minAbsEffect: z.number().min(0).default(0),
  /** Include the outlier group `-1`. Default `false`. */
  includeOutliers: z.boolean().default(false),
  /**
   * Test for numeric columns: `welch` (t-test, default) or `mannWhitney` (rank test: robust to
   * skewed columns such as incomes and to outliers; tie- and continuity-corrected normal approximation).
   */
  test: z.enum(['welch', 'mannWhitney']).default('welch'),
});

/** Input type of the {@link clusterFeatureEffects} options. */
export type FeatureEffectOptions = z.input<typeof FeatureEffectOptionsSchema>;

/**
 * Cohen's d with the pooled standard deviation of two groups given as summary statistics
 * (sample variances). @example cohensD(5, 1, 10, 4, 1, 10) // 1
 */
export function cohensD(mean1: number, var1: number, n1: number, mean2: number, var2: number, n2: number): number {
  const pooled = Math.sqrt(((n1 - 1) * var1 + (n2 - 1) * var2) / (n1 + n2 - 2));
  if (!(pooled > 0)) return mean1 === mean2 || Number.isNaN(pooled) ? 0 : Math.sign(mean1 - mean2) * 99;
  return Math.max(-99, Math.min(99, (mean1 - mean2) / pooled));
}

/** Cohen's h between two proportions. @example cohensH(0.5, 0.5) // 0 */
export function cohensH(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

function clusterIds(labels: ArrayLike<number>, includeOutliers: boolean): number[] {
  const ids = new Set<number>();
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0 || includeOutliers) ids.add(labels[i]!);
  return [...ids].sort((a, b) => a - b);
}

/**
 * What sets each cluster apart: for every numeric column, Cohen's d and Welch's t-test of the
 * cluster against all other rows; for every category of every categorical column, its share in
 * the cluster vs overall, the lift, Cohen's h and a one-sided hypergeometric p-value. Missing
 * values (`NaN`, `null`) are left out of each comparison. Per cluster, effects are ranked by
 * |effect| (d and h share a scale: 0.2 small, 0.5 medium, 0.8 large).
 *
 * @example
 * const effects = clusterFeatureEffects({ numeric: { age }, categorical: { region } }, labels);
 * effects.get(0)?.[0].detail; // "age: 29 vs 47 elsewhere (d = -1.6, p < 0.001)"
 */
export function clusterFeatureEffects(
  table: FeatureTable,
  labels: ArrayLike<number>,
  options: FeatureEffectOptions = {},
): Map<number, FeatureEffect[]> {
  const o = parseOptions(FeatureEffectOptionsSchema, options, 'clusterFeatureEffects');
  const n = tableRows(table);
  if (n !== labels.length && n > 0) {
    throw new InputError(`The feature table has ${n} rows but there are ${labels.length} labels.`, {
      code: 'LENGTH_MISMATCH',
      field: 'labels',
      fix: 'Pass one label per row.',
    });
  }
  const ids = clusterIds(labels, o.includeOutliers);
  const index = new Map(ids.map((c, r) => [c, r]));
  const C = ids.length;
  const out = new Map<number, FeatureEffect[]>(ids.map((c) => [c, []]));

  for (const [feature, values] of Object.entries(table.numeric ?? {})) {
    // One pass: per-cluster count, sum, sum of squares (shifted by the first value for stability).
    const cnt = new Float64Array(C);
    const sum = new Float64Array(C);
    const sq = new Float64Array(C);
    let totalN = 0;
    let totalSum = 0;
    let totalSq = 0;
    let shift = NaN;
    for (let i = 0; i < labels.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (Number.isNaN(shift)) shift = v;
      const x = v - shift;
      totalN++;
      totalSum += x;
      totalSq += x * x;
      const r = index.get(labels[i]!);
      if (r === undefined) continue;
      cnt[r]!++;
      sum[r] = sum[r]! + x;
      sq[r] = sq[r]! + x * x;
    }
    let rankSum: Float64Array | undefined;
    let tieTerm = 0;
    if (o.test === 'mannWhitney') {
      const ranked = averageRanks(values);
      tieTerm = ranked.tieTerm;
      rankSum = new Float64Array(C);
      for (let i = 0; i < labels.length; i++) {
        const r = index.get(labels[i]!);
        if (r !== undefined && Number.isFinite(ranked.ranks[i]!)) rankSum[r] = rankSum[r]! + ranked.ranks[i]!;
      }
    }
    for (let r = 0; r < C; r++) {
      const nIn = cnt[r]!;
      const nOut = totalN - nIn;
      if (nIn < 1 || nOut < 1) continue;
      const mIn = sum[r]! / nIn;
      const mOut = (totalSum - sum[r]!) / nOut;
      const vIn = nIn > 1 ? Math.max(0, (sq[r]! - nIn * mIn * mIn) / (nIn - 1)) : 0;
      const vOut = nOut > 1 ? Math.max(0, (totalSq - sq[r]! - nOut * mOut * mOut) / (nOut - 1)) : 0;
      const d = cohensD(mIn, vIn, nIn, mOut, vOut, nOut);
      const w = welchTTest(mIn, vIn, nIn, mOut, vOut, nOut);
      const meanIn = mIn + shift;
      const meanOut = mOut + shift;
      const mw = rankSum ? mannWhitneyFromRanks(rankSum[r]!, nIn, totalN, tieTerm) : undefined;
      const pValue = mw ? mw.p : w.p;
      out.get(ids[r]!)!.push({
        kind: 'numeric',
        feature,
        cluster: ids[r]!,
        nIn,
        nOut,
        meanIn,
        meanOut,
        sdIn: Math.sqrt(vIn),
        sdOut: Math.sqrt(vOut),
        cohensD: d,
        t: w.t,
        df: w.df,
        pValue,
        ...(mw ? { u: mw.u, rankBiserial: mw.rankBiserial } : {}),
        effect: d,
        detail: `${feature}: ${formatNumber(meanIn)} vs ${formatNumber(meanOut)} elsewhere (d = ${d.toFixed(2)}, ${mw ? 'U test ' : ''}${formatP(pValue)})`,
      });
    }
  }

  for (const [feature, values] of Object.entries(table.categorical ?? {})) {
    const catIndex = new Map<string, number>();
    const cats: string[] = [];
    const codes = new Int32Array(labels.length).fill(-1);
    for (let i = 0; i < labels.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const key = String(v);
      let k = catIndex.get(key);
      if (k === undefined) {
        k = cats.length;
        catIndex.set(key, k);
        cats.push(key);
      }
      codes[i] = k;
    }
    const K = cats.length;
    const counts = new Float64Array(C * K);
    const catTotal = new Float64Array(K);
    const clusterN = new Float64Array(C);
    let N = 0;
    for (let i = 0; i < labels.length; i++) {
      const k = codes[i]!;
      if (k < 0) continue;
      N++;
      catTotal[k]!++;
      const r = index.get(labels[i]!);
      if (r === undefined) continue;
      clusterN[r]!++;
      counts[r * K + k]!++;
    }
    for (let r = 0; r < C; r++) {
      const nIn = clusterN[r]!;
      if (nIn < 1 || N - nIn < 1) continue;
      for (let k = 0; k < K; k++) {
        const countIn = counts[r * K + k]!;
        const shareIn = countIn / nIn;
        const shareAll = catTotal[k]! / N;
        const shareOut = (catTotal[k]! - countIn) / (N - nIn);
        const lift = shareAll > 0 ? shareIn / shareAll : 0;
        const over = shareIn >= shareAll;
        // Under-representation: the upper tail of the complement (rows of the cluster without k).
        const p = over
          ? hypergeometricUpperTail(countIn, N, catTotal[k]!, nIn)
          : hypergeometricUpperTail(nIn - countIn, N, N - catTotal[k]!, nIn);
        const h = cohensH(shareIn, shareOut);
        out.get(ids[r]!)!.push({
          kind: 'categorical',
          feature,
          category: cats[k]!,
          cluster: ids[r]!,
          countIn,
          nIn,
          shareIn,
          shareAll,
          lift,
          pValue: p,
          cohensH: h,
          effect: h,
          detail: `${feature} = ${cats[k]}: ${formatShare(shareIn)} vs ${formatShare(shareAll)} overall (lift ${lift.toFixed(2)}, ${formatP(p)})`,
        });
      }
    }
  }

  for (const [c, list] of out) {
    const kept = list
      .filter((e) => !(e.pValue > o.maxPValue) && Math.abs(e.effect) >= o.minAbsEffect)
      .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || a.feature.localeCompare(b.feature));
    out.set(c, o.topN !== undefined ? kept.slice(0, o.topN) : kept);
  }
  return out;
}
