import { describe, expect, it } from 'vitest';
import { NumericalSeparator, predictionStrength, localOutlierFactor, chooseScaling, createSeparator, STRATEGIES } from '../../src/separation/index.js';
import { loadData } from '../../src/data/dataset.js';
import { adjustedRandIndex } from '../../src/metrics/index.js';
import { createRng } from '../../src/core/random.js';
import { pipeline } from '../../src/pipeline/pipeline.js';

const PENGUINS = 'examples/data/penguins.csv';
const BODY = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex'];

function codes(values: ArrayLike<unknown>): number[] {
  const m = new Map<string, number>();
  return Array.from(values, (v) => {
    const k = String(v);
    if (!m.has(k)) m.set(k, m.size);
    return m.get(k)!;
  });
}

function blobs(centres: number[][], perBlob: number, spread: number, seed: number): { rows: Record<string, number>[]; truth: number[] } {
  const rng = createRng(seed);
  const rows: Record<string, number>[] = [];
  const truth: number[] = [];
  centres.forEach((c, k) => {
    for (let i = 0; i < perBlob; i++) {
      rows.push(Object.fromEntries(c.map((v, j) => [`x${j}`, v + spread * rng.normal()])));
      truth.push(k);
    }
  });
  return { rows, truth };
}

describe('NumericalSeparator', () => {
  it('separates the penguin species from body measurements + sex with no options (automatic k)', async () => {
    const data = await loadData(PENGUINS);
    const result = await new NumericalSeparator({ columns: BODY }).separate(data, { seed: 42 });
    const truth = codes(data.table.array('label') as ArrayLike<unknown>);
    const kept = Array.from(result.labels.keys()).filter((i) => result.skipped[i] === 0);
    expect(adjustedRandIndex(kept.map((i) => truth[i]!), kept.map((i) => result.labels[i]!))).toBeGreaterThanOrEqual(0.75);
    expect(result.numClusters).toBe(3);
    const options = result.choices.map((c) => `${c.stage}.${c.option}`);
    expect(options).toEqual(expect.arrayContaining(['preprocess.scaling', 'reduce.method', 'cluster.candidates', 'cluster.clusters', 'cluster.method', 'cluster.outliers']));
    const k = result.choices.find((c) => c.option === 'candidates')!;
    expect(k.scores!['k=2']).toBeGreaterThan(0.9); // Gentoo vs the rest is always reproducible
    const method = result.choices.find((c) => c.stage === 'cluster' && c.option === 'method')!;
    expect(Object.keys(method.scores!).length).toBeGreaterThanOrEqual(2);
    expect(result.choices.some((c) => c.reason.startsWith('no clusterer given'))).toBe(false);
  });

  it('gives the same labels twice for the same seed', async () => {
    const data = await loadData(PENGUINS);
    const a = await new NumericalSeparator({ columns: BODY }).separate(data, { seed: 7 });
    const b = await new NumericalSeparator({ columns: BODY }).separate(data, { seed: 7 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.outlierScores)).toEqual(Array.from(b.outlierScores));
  });

  it('honours a fixed number of clusters and a named clusterer', async () => {
    const { rows } = blobs([[0, 0], [6, 0], [0, 6], [6, 6]], 30, 0.5, 3);
    const r = await new NumericalSeparator({ clusters: 2, cluster: 'kmeans' }).separate(rows, { seed: 1 });
    expect(r.numClusters).toBe(2);
    const auto = await new NumericalSeparator().separate(rows, { seed: 1 });
    expect(auto.numClusters).toBe(4);
  });

  it('is available to the pipeline by name as the auto-numeric clusterer', async () => {
    const { rows, truth } = blobs([[0, 0], [8, 0], [4, 7]], 40, 0.8, 21);
    const r = await pipeline().cluster('auto-numeric').run(rows, { seed: 2 });
    expect(adjustedRandIndex(truth, r.labels)).toBe(1);
  });

  it('names a bad column and refuses empty data', async () => {
    await expect(new NumericalSeparator({ columns: ['bill_length_mm', 'beak_colour'] }).separate(PENGUINS)).rejects.toMatchObject({ message: expect.stringContaining('beak_colour') });
    await expect(new NumericalSeparator().separate([])).rejects.toThrow(/no rows|empty|No rows/i);
    await expect(createSeparator('numerical', { cluster: 'agglomerative' }).separate(PENGUINS)).rejects.toMatchObject({ field: 'clusters' });
  });

  it('accepts the CLI stage flags in its schema', () => {
    expect(() => STRATEGIES.numerical.schema.parse({ model: 'auto', reduce: 'umap', cluster: 'gmm' })).not.toThrow();
    expect(() => STRATEGIES.numerical.schema.parse({ reduce: 'lda' })).toThrow();
  });
});

describe('automatic choices', () => {
  it('picks robust scaling for a heavy-tailed column and standard otherwise', async () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 200 }, (_, i) => ({ normal: rng.normal(), income: i % 40 === 0 ? 1e6 : 30_000 + 1000 * rng.normal() }));
    const data = await loadData(rows);
    expect(chooseScaling(data, ['normal']).scaling).toBe('standard');
    const heavy = chooseScaling(data, ['normal', 'income']);
    expect(heavy.scaling).toBe('robust');
    expect(heavy.choice.reason).toContain('income');
    expect(heavy.shapes.find((s) => s.column === 'income')!.farOutliers).toBeCloseTo(5 / 200, 6);
  });

  it('prediction strength is high at the true k and drops when a group is split', async () => {
    const { rows } = blobs([[0, 0], [10, 0], [0, 10]], 60, 1, 11);
    const x = { data: Float64Array.from(rows.flatMap((r) => [r.x0!, r.x1!])), rows: rows.length, cols: 2 };
    const ps3 = await predictionStrength(x, 3, { seed: 1 });
    const ps6 = await predictionStrength(x, 6, { seed: 1 });
    expect(ps3).toBeGreaterThan(0.95);
    expect(ps6).toBeLessThan(ps3);
  });

  it('local outlier factor matches a hand computation and flags a far point', async () => {
    // 1-D points 0, 1, 2, 10 with k = 1: k-distances 1, 1, 1, 8; lrd = 1, 1, 1, 1/8; LOF(10) = 1 / (1/8) = 8.
    const small = await localOutlierFactor({ data: Float64Array.of(0, 1, 2, 10), rows: 4, cols: 1 }, { k: 1 });
    expect(Array.from(small.lof)).toEqual([1, 1, 1, 8]);
    expect(small.scores[3]).toBeCloseTo(1 - 1 / 8, 12);
    const pts: number[] = [];
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) pts.push(i, j);
    pts.push(20, 20);
    const { lof } = await localOutlierFactor({ data: Float64Array.from(pts), rows: 26, cols: 2 }, { k: 4 });
    expect(lof[25]).toBeGreaterThan(5);
    expect(Math.max(...Array.from(lof.subarray(0, 25)))).toBeLessThan(1.5);
  });
});
