import { createRng } from '../core/random.js';
import { InputError } from '../core/errors.js';

/**
 * Options of {@link stratifiedSample}.
 * @example stratifiedSample(labels, { maxPoints: 5000, maxOutliers: 500, seed: 1 })
 */
export interface StratifiedSampleOptions {
  /** Most rows kept in total. */
  maxPoints: number;
  /** Most outliers (label `-1`) kept; all are kept when there are fewer. */
  maxOutliers?: number;
  /** Seed of the random choice within each cluster. */
  seed?: number;
}

/**
 * What {@link stratifiedSample} kept.
 * @example const { indices, note } = stratifiedSample(labels, { maxPoints: 5000 });
 */
export interface SampleResult {
  /** Kept row indices, ascending. */
  indices: Int32Array;
  /** Rows in the input. */
  total: number;
  /** True when rows were dropped. */
  sampled: boolean;
  /** Outliers in the input and kept. */
  outliers: { total: number; kept: number };
  /** A sentence for the chart subtitle, e.g. `showing 5,000 of 120,000 points, sampled per cluster`. */
  note: string | undefined;
}

/**
 * Formats an integer with thousands separators, the same on every machine.
 * @example formatCount(120000) // '120,000'
 */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Down-samples rows for a chart, stratified by cluster: every cluster keeps a share proportional to
 * its size (at least one row), outliers are all kept up to `maxOutliers`, and the choice within a
 * group is random with a seed. When nothing needs dropping, all rows are kept.
 *
 * @example
 * const s = stratifiedSample(labels, { maxPoints: 5000, seed: 1 });
 * s.note; // 'showing 5,000 of 120,000 points, sampled per cluster'
 */
export function stratifiedSample(labels: Int32Array, options: StratifiedSampleOptions): SampleResult {
  const n = labels.length;
  const maxPoints = Math.floor(options.maxPoints);
  const maxOutliers = Math.max(0, Math.floor(options.maxOutliers ?? maxPoints));
  if (!(maxPoints >= 1)) {
    throw new InputError(`maxPoints must be at least 1, got ${options.maxPoints}.`, {
      code: 'BAD_SAMPLE_SIZE',
      field: 'maxPoints',
      fix: 'Pass a positive maxPoints.',
    });
  }
  // Group row indices by label (outliers under -1), in row order.
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const l = labels[i]! < 0 ? -1 : labels[i]!;
    let g = groups.get(l);
    if (!g) groups.set(l, (g = []));
    g.push(i);
  }
  const outlierRows = groups.get(-1) ?? [];
  if (n <= maxPoints) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return {
      indices: all,
      total: n,
      sampled: false,
      outliers: { total: outlierRows.length, kept: outlierRows.length },
      note: undefined,
    };
  }
  const clusterIds = [...groups.keys()].filter((l) => l >= 0).sort((a, b) => a - b);
  // Outliers first, up to their cap, but never crowding out one row per cluster.
  const outlierBudget = Math.min(outlierRows.length, maxOutliers, Math.max(0, maxPoints - clusterIds.length));
  const budget = maxPoints - outlierBudget;
  const sizes = clusterIds.map((c) => groups.get(c)!.length);
  const quota = allocate(sizes, budget);
  const rng = createRng(options.seed ?? 42);
  const kept: number[] = [];
  const pick = (rows: number[], m: number): void => {
    if (m >= rows.length) {
      for (const r of rows) kept.push(r);
      return;
    }
    const copy = rows.slice();
    // Partial Fisher–Yates: the first m entries become a uniform sample.
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(rng.next() * (copy.length - i));
      const t = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = t;
      kept.push(copy[i]!);
    }
  };
  clusterIds.forEach((c, k) => pick(groups.get(c)!, quota[k]!));
  pick(outlierRows, outlierBudget);
  const indices = Int32Array.from(kept).sort();
  const outlierNote =
    outlierRows.length === 0
      ? ''
      : outlierBudget === outlierRows.length
        ? `, all ${formatCount(outlierRows.length)} outliers kept`
        : `, ${formatCount(outlierBudget)} of ${formatCount(outlierRows.length)} outliers kept`;
  return {
    indices,
    total: n,
    sampled: true,
    outliers: { total: outlierRows.length, kept: outlierBudget },
    note: `showing ${formatCount(indices.length)} of ${formatCount(n)} points, sampled per cluster${outlierNote}`,
  };
}

/**
 * Splits `budget` rows over groups of the given sizes in proportion to size (largest remainder),
 * at least one row per group when the budget allows; with more groups than budget, the largest
 * groups get one row each.
 */
function allocate(sizes: readonly number[], budget: number): number[] {
  const k = sizes.length;
  const total = sizes.reduce((a, b) => a + b, 0);
  const order = sizes.map((_, j) => j);
  if (k === 0 || total === 0) return sizes.map(() => 0);
  if (budget >= total) return sizes.slice();
  if (budget <= k) {
    const quota = sizes.map(() => 0);
    order.sort((a, b) => sizes[b]! - sizes[a]! || a - b);
    for (let j = 0; j < budget; j++) quota[order[j]!] = 1;
    return quota;
  }
  const exact = sizes.map((s) => (budget * s) / total);
  const quota = exact.map((e, j) => Math.min(sizes[j]!, Math.max(1, Math.floor(e))));
  let used = quota.reduce((a, b) => a + b, 0);
  // Hand out what is left by largest remainder (ties to the lower index).
  order.sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)) || a - b);
  while (used < budget) {
    let moved = false;
    for (const j of order) {
      if (used >= budget) break;
      if (quota[j]! < sizes[j]!) {
        quota[j]!++;
        used++;
        moved = true;
      }
    }
    if (!moved) break;
  }
  // The "at least one" floor can overshoot: take back from the largest quotas.
  while (used > budget) {
    let largest = 0;
    for (let j = 1; j < k; j++) if (quota[j]! > quota[largest]!) largest = j;
    quota[largest]!--;
    used--;
  }
  return quota;
}
