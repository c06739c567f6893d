import type { Matrix } from '../core/matrix.js';
import { takeRows } from '../core/matrix.js';
import { InputError } from '../core/errors.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { createRng } from '../core/random.js';
import { adjustedRandIndex, type ExternalMetricOptions } from './external.js';
import { toLabelArray, type LabelsLike } from './labels.js';

/** Agreement between repeated clusterings. */
export interface StabilityResult {
  /** Mean pairwise adjusted Rand index (1 = every run gave the same partition). */
  mean: number;
  /** Standard deviation of the pairwise ARIs. */
  std: number;
  /** Lowest pairwise ARI. */
  min: number;
  /** `runs × runs` matrix of pairwise ARIs (1 on the diagonal). */
  pairwise: Matrix<Float64Array>;
  /** Number of runs compared. */
  runs: number;
}

/** Options of {@link clusterStability}. */
export interface ClusterStabilityOptions extends ExternalMetricOptions {
  /**
   * For runs on resampled data: `indices[r][t]` is the original row behind `labelings[r][t]`.
   * Two runs are compared on the original rows both of them saw (the first copy of a repeated row).
   */
  indices?: ArrayLike<number>[];
}

/**
 * Stability of a clustering across runs: the mean pairwise adjusted Rand index of several labellings
 * of the same rows (different seeds), or of resampled rows (pass `indices`).
 *
 * @example
 * clusterStability([[0, 0, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1]]).mean; // 1
 */
export function clusterStability(labelings: LabelsLike[], options?: ClusterStabilityOptions): StabilityResult {
  const runs = labelings.length;
  if (runs < 2) {
    throw new InputError(`Stability needs at least two labellings, got ${runs}.`, {
      code: 'BAD_LABELS',
      field: 'labelings',
      fix: 'Cluster the data at least twice (different seeds or resamples) and pass every labelling.',
    });
  }
  const labs = labelings.map((l, r) => toLabelArray(l, `labelings[${r}]`));
  const indices = options?.indices;
  if (indices && indices.length !== runs) {
    throw new InputError(`indices has ${indices.length} entries but labelings has ${runs}.`, {
      code: 'LENGTH_MISMATCH',
      field: 'indices',
      fix: 'Pass one index array per labelling.',
    });
  }
  // Per run: original row → label (first occurrence), when resampled.
  const maps = indices?.map((idx, r) => {
    const lab = labs[r]!;
    if (idx.length !== lab.length) {
      throw new InputError(`indices[${r}] has ${idx.length} entries but labelings[${r}] has ${lab.length}.`, {
        code: 'LENGTH_MISMATCH',
        field: `indices[${r}]`,
        fix: 'Each index array must list the original row of every labelled row.',
      });
    }
    const m = new Map<number, number>();
    for (let t = 0; t < idx.length; t++) if (!m.has(idx[t]!)) m.set(idx[t]!, lab[t]!);
    return m;
  });
  const pair = new Float64Array(runs * runs);
  const values: number[] = [];
  for (let r = 0; r < runs; r++) {
    pair[r * runs + r] = 1;
    for (let s = r + 1; s < runs; s++) {
      let ari: number;
      if (maps) {
        const a: number[] = [];
        const b: number[] = [];
        for (const [row, la] of maps[r]!) {
          const lb = maps[s]!.get(row);
          if (lb !== undefined) {
            a.push(la);
            b.push(lb);
          }
        }
        ari = adjustedRandIndex(a, b, options);
      } else {
        ari = adjustedRandIndex(labs[r]!, labs[s]!, options);
      }
      pair[r * runs + s] = ari;
      pair[s * runs + r] = ari;
      values.push(ari);
    }
  }
  const mean = values.reduce((p, v) => p + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((p, v) => p + (v - mean) * (v - mean), 0) / values.length);
  return { mean, std, min: Math.min(...values), pairwise: { data: pair, rows: runs, cols: runs }, runs };
}

/** Options of {@link stabilityAcrossRuns}. */
export interface StabilityRunOptions extends RunOptions, ExternalMetricOptions {
  /** Number of clusterings. Default 5. */
  runs?: number;
  /**
   * `'seeds'` (default): cluster all rows with a different seed each run.
   * `'bootstrap'`: cluster a resample of the rows (drawn with replacement) each run.
   */
  mode?: 'seeds' | 'bootstrap';
  /** Resample size as a fraction of the rows (bootstrap only). Default 1. */
  fraction?: number;
  /** Master seed: run seeds and resamples are drawn from it. Default 42. */
  seed?: number;
}

/** A clustering function for {@link stabilityAcrossRuns}: cluster `x` with `seed`, return labels. */
export type ClusterFn = (x: Matrix, seed: number) => Promise<LabelsLike> | LabelsLike;

/**
 * Runs a clusterer several times (new seeds, or bootstrap resamples) and measures how much the
 * partitions agree ({@link clusterStability}). A stable clustering scores near 1.
 *
 * @example
 * const s = await stabilityAcrossRuns(x, async (m, seed) => (await kmeans(m, { k: 3, seed })).labels, { runs: 5 });
 * s.mean; // mean pairwise ARI
 */
export async function stabilityAcrossRuns(
  x: Matrix,
  cluster: ClusterFn,
  options?: StabilityRunOptions,
): Promise<StabilityResult & { labelings: Int32Array[]; indices?: Int32Array[] }> {
  const runs = options?.runs ?? 5;
  const mode = options?.mode ?? 'seeds';
  const fraction = options?.fraction ?? 1;
  if (!Number.isInteger(runs) || runs < 2) {
    throw new InputError(`runs must be an integer ≥ 2, got ${runs}.`, {
      code: 'INVALID_OPTION',
      field: 'runs',
      fix: 'Use runs: 5 or more.',
    });
  }
  if (mode !== 'seeds' && mode !== 'bootstrap') {
    throw new InputError(`mode must be 'seeds' or 'bootstrap', got ${String(mode)}.`, {
      code: 'INVALID_OPTION',
      field: 'mode',
      fix: "Use mode: 'seeds' or mode: 'bootstrap'.",
    });
  }
  if (!(fraction > 0 && fraction <= 1)) {
    throw new InputError(`fraction must be in (0, 1], got ${fraction}.`, {
      code: 'INVALID_OPTION',
      field: 'fraction',
      fix: 'Use a fraction such as 0.8 or 1.',
    });
  }
  const rng = createRng(options?.seed ?? 42);
  const labelings: Int32Array[] = [];
  const indices: Int32Array[] = [];
  for (let r = 0; r < runs; r++) {
    await checkpoint(options?.signal, 'stability');
    const seed = rng.uint32();
    if (mode === 'seeds') {
      labelings.push(Int32Array.from(toLabelArray(await cluster(x, seed), 'cluster(x, seed)')));
    } else {
      const m = Math.max(2, Math.round(x.rows * fraction));
      const idx = new Int32Array(m);
      for (let t = 0; t < m; t++) idx[t] = rng.int(x.rows);
      indices.push(idx);
      labelings.push(Int32Array.from(toLabelArray(await cluster(takeRows(x, idx), seed), 'cluster(x, seed)')));
    }
    options?.onProgress?.({ stage: 'stability', done: r + 1, total: runs });
  }
  const result = clusterStability(labelings, { ...(mode === 'bootstrap' ? { indices } : {}), noise: options?.noise ?? 'cluster' });
  return mode === 'bootstrap' ? { ...result, labelings, indices } : { ...result, labelings };
}
