import { describe, expect, it } from 'vitest';
import { AbortError, ConfigError, InputError } from '../../src/core/errors.js';
import {
  approximatePredict,
  hdbscan,
  HDBSCAN,
  membershipVectors,
  reduceOutliers,
} from '../../src/clustering/hdbscan.js';
import { adjustedRandIndex } from '../../src/metrics/external.js';
import { useWasmKernels } from '../../src/linalg/wasm.js';
import { append, blobs, FIXTURES, loadFixture } from './density-helpers.js';

describe('hdbscan: hand-checked cases', () => {
  it('finds two well-separated blobs and an isolated outlier', async () => {
    const x = append(blobs([[0, 0], [20, 20]], 30, 0.5, 1), [[10, -40]]);
    const res = await hdbscan(x, { minClusterSize: 5 });
    expect(res.nClusters).toBe(2);
    expect(res.labels[60]).toBe(-1);
    expect(res.probabilities[60]).toBe(0);
    // Labels follow condensed-tree order; each blob is one label.
    expect(new Set(res.labels.subarray(0, 30))).toEqual(new Set([res.labels[0]]));
    expect(new Set(res.labels.subarray(30, 60))).toEqual(new Set([res.labels[30]]));
    expect(res.labels[0]).not.toBe(res.labels[30]);
    expect(res.outlierScores[60]).toBeGreaterThan(0.9);
    expect(res.minimumSpanningTree.weight.length).toBe(60);
    for (const e of res.exemplars) expect(e.length).toBeGreaterThan(0);
    expect(res.exemplars[res.labels[0]!]!.every((i) => i < 30)).toBe(true);
  });

  it('computes the exact hierarchy of a 1-d example', async () => {
    // Points 0,1,2 and 10,11,12 with minSamples 1: core distance = nearest-neighbour distance = 1,
    // so the spanning tree has four edges of weight 1 and one of weight 8.
    const x = { data: Float64Array.from([0, 1, 2, 10, 11, 12]), rows: 6, cols: 1 };
    const res = await hdbscan(x, { minClusterSize: 3, minSamples: 1 });
    expect(Array.from(res.coreDistances)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(res.minimumSpanningTree.weight).sort((a, b) => a - b)).toEqual([1, 1, 1, 1, 8]);
    expect(Array.from(res.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    // Both clusters are born at lambda 1/8 and their points leave at lambda 1: stability 3 × (1 − 1/8).
    expect(res.clusterStability[0]).toBeCloseTo(3 * (1 - 1 / 8), 12);
    expect(Array.from(res.probabilities)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('leaf selection splits what EOM keeps together', async () => {
    // Two tight sub-blobs close to each other, far from a third blob.
    const x = blobs([[0, 0], [3, 0], [40, 40]], 40, 0.4, 3);
    const eom = await hdbscan(x, { minClusterSize: 10 });
    const leaf = await hdbscan(x, { minClusterSize: 10, clusterSelectionMethod: 'leaf' });
    expect(leaf.nClusters).toBe(3);
    expect(eom.nClusters).toBeLessThanOrEqual(3);
    const eps = await hdbscan(x, { minClusterSize: 10, clusterSelectionMethod: 'leaf', clusterSelectionEpsilon: 5 });
    expect(eps.nClusters).toBe(2);
    const capped = await hdbscan(x, { minClusterSize: 10, maxClusterSize: 50 });
    expect(capped.nClusters).toBe(3);
  });

  it('allowSingleCluster keeps one blob as one cluster', async () => {
    const x = blobs([[0, 0]], 80, 1, 4);
    const single = await hdbscan(x, { minClusterSize: 10, allowSingleCluster: true });
    expect(single.nClusters).toBeGreaterThanOrEqual(1);
  });
});

describe('hdbscan: agreement with R dbscan::hdbscan', () => {
  for (const name of FIXTURES) {
    it(`${name}: ARI ≥ 0.99 against R's labels (minPts = m ⇔ minClusterSize m, minSamples m − 1)`, async () => {
      const { f, x } = loadFixture(name);
      const m = f.r.hdbscan.minPts;
      const res = await hdbscan(x, { minClusterSize: m, minSamples: m - 1 });
      const rLabels = f.r.hdbscan.cluster.map((c) => c - 1);
      expect(adjustedRandIndex(rLabels, res.labels)).toBeGreaterThanOrEqual(0.99);
      expect(res.nClusters).toBe(Math.max(...f.r.hdbscan.cluster));
      // Same points called noise.
      const ours = res.labels.reduce((s, l) => s + (l < 0 ? 1 : 0), 0);
      const theirs = rLabels.filter((l) => l < 0).length;
      expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(Math.ceil(0.005 * x.rows));
    });
  }

  it('KD-tree Borůvka and brute-force Prim give spanning trees of equal weight', async () => {
    const { x } = loadFixture('varied-3d');
    const a = await hdbscan(x, { minClusterSize: 20, algorithm: 'kdtree' });
    const b = await hdbscan(x, { minClusterSize: 20, algorithm: 'brute' });
    const sum = (w: Float64Array) => w.reduce((s, v) => s + v, 0);
    expect(sum(a.minimumSpanningTree.weight)).toBeCloseTo(sum(b.minimumSpanningTree.weight), 8);
    expect(Array.from(a.coreDistances)).toEqual(Array.from(b.coreDistances).map((v, i) => (Math.abs(v - a.coreDistances[i]!) < 1e-12 ? a.coreDistances[i] : v)));
    expect(adjustedRandIndex(a.labels, b.labels)).toBeGreaterThanOrEqual(0.99);
  });

  it('handles many exact ties (integer grid) like the brute-force tree', async () => {
    const pts: number[] = [];
    for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) pts.push(i, j);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) pts.push(40 + i, j);
    const x = { data: Float64Array.from(pts), rows: pts.length / 2, cols: 2 };
    const a = await hdbscan(x, { minClusterSize: 8, algorithm: 'kdtree' });
    const b = await hdbscan(x, { minClusterSize: 8, algorithm: 'brute' });
    const sum = (w: Float64Array) => w.reduce((s, v) => s + v, 0);
    expect(sum(a.minimumSpanningTree.weight)).toBeCloseTo(sum(b.minimumSpanningTree.weight), 10);
    expect(a.nClusters).toBe(2);
  });
});

describe('hdbscan: determinism, prediction, soft clustering', () => {
  it('is deterministic byte for byte', async () => {
    const { x } = loadFixture('moons');
    const a = await hdbscan(x, { minClusterSize: 15 });
    const b = await hdbscan(x, { minClusterSize: 15 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.probabilities)).toEqual(Array.from(b.probabilities));
    expect(Array.from(a.outlierScores)).toEqual(Array.from(b.outlierScores));
  });

  it('gives the same result with and without the WebAssembly kernels (KD-tree and brute force; euclidean, cosine)', async () => {
    const wide = blobs([Array.from({ length: 40 }, () => 0), Array.from({ length: 40 }, (_, j) => (j % 3 === 0 ? 2 : 0)), Array.from({ length: 40 }, (_, j) => (j % 5 === 1 ? -2 : 0.5))], 120, 0.6, 9);
    const cases = [
      ['varied-3d', 'euclidean', 'auto'],
      ['blobs-5d', 'cosine', 'auto'],
      ['moons', 'euclidean', 'auto'],
      ['varied-3d', 'euclidean', 'brute'],
      ['blobs-5d', 'cosine', 'brute'],
      ['wide', 'euclidean', 'auto'],
      ['wide', 'cosine', 'auto'],
    ] as const;
    for (const [name, metric, algorithm] of cases) {
      const x = name === 'wide' ? wide : loadFixture(name).x;
      const fast = await hdbscan(x, { minClusterSize: 15, metric, algorithm });
      useWasmKernels(false);
      let plain: Awaited<ReturnType<typeof hdbscan>>;
      try {
        plain = await hdbscan(x, { minClusterSize: 15, metric, algorithm });
      } finally {
        useWasmKernels(true);
      }
      expect(Array.from(fast.coreDistances)).toEqual(Array.from(plain.coreDistances));
      expect(Array.from(fast.minimumSpanningTree.weight)).toEqual(Array.from(plain.minimumSpanningTree.weight));
      expect(Array.from(fast.minimumSpanningTree.from)).toEqual(Array.from(plain.minimumSpanningTree.from));
      expect(Array.from(fast.labels)).toEqual(Array.from(plain.labels));
      expect(Array.from(fast.probabilities)).toEqual(Array.from(plain.probabilities));
    }
  });

  it('gives the same result on one thread and with worker threads (large input)', async () => {
    const x = append(blobs([[0, 0, 0], [6, 0, 0], [0, 7, 1]], 5500, 1, 5), [[30, 30, 30], [-30, 20, 9], [14, -25, 3]]);
    expect(x.rows).toBeGreaterThanOrEqual(16384); // the size from which worker threads start
    const one = await hdbscan(x, { minClusterSize: 25, threads: 1 });
    const two = await hdbscan(x, { minClusterSize: 25, threads: 2 });
    expect(Array.from(two.coreDistances)).toEqual(Array.from(one.coreDistances));
    expect(Array.from(two.minimumSpanningTree.weight)).toEqual(Array.from(one.minimumSpanningTree.weight));
    expect(Array.from(two.labels)).toEqual(Array.from(one.labels));
    expect(one.nClusters).toBe(3);
    // Above 16 dimensions (brute force) threads share the core distances from 4,096 rows.
    const wide = blobs([Array.from({ length: 24 }, () => 0), Array.from({ length: 24 }, (_, j) => (j % 3 === 0 ? 3 : 0)), Array.from({ length: 24 }, (_, j) => (j % 4 === 1 ? -3 : 0))], 1400, 0.8, 12);
    for (const metric of ['euclidean', 'cosine'] as const) {
      const a = await hdbscan(wide, { minClusterSize: 25, metric, threads: 1 });
      const b = await hdbscan(wide, { minClusterSize: 25, metric, threads: 2 });
      expect(Array.from(b.coreDistances)).toEqual(Array.from(a.coreDistances));
      expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    }
  });

  for (const metric of ['euclidean', 'manhattan', 'cosine'] as const) {
    it(`approximatePredict agrees with fit on the training points (${metric})`, async () => {
      const { x } = loadFixture(metric === 'cosine' ? 'blobs-5d' : 'varied-3d');
      const res = await hdbscan(x, { minClusterSize: 15, metric });
      const pred = approximatePredict(res, x);
      expect(Array.from(pred.labels)).toEqual(Array.from(res.labels));
      for (let i = 0; i < x.rows; i++) expect(pred.probabilities[i]).toBeCloseTo(res.probabilities[i]!, 12);
    });
  }

  it('approximatePredict agrees with fit in high dimensions (brute-force path)', async () => {
    const centers = [Array.from({ length: 24 }, () => 0), Array.from({ length: 24 }, (_, j) => (j % 2 ? 6 : -6))];
    const x = blobs(centers, 60, 1, 9);
    const res = await hdbscan(x, { minClusterSize: 10 });
    expect(res.nClusters).toBe(2);
    expect(Array.from(approximatePredict(res, x).labels)).toEqual(Array.from(res.labels));
  });

  it('predicts new points near a cluster into it, far points as noise', async () => {
    const x = blobs([[0, 0], [20, 20]], 40, 0.5, 5);
    const engine = new HDBSCAN({ minClusterSize: 5 });
    const res = await engine.fit(x);
    const pred = await engine.predict({ data: Float64Array.from([0.1, -0.1, 19.9, 20.2, 100, -100]), rows: 3, cols: 2 });
    expect(pred.labels[0]).toBe(res.labels[0]);
    expect(pred.labels[1]).toBe(res.labels[40]);
    expect(pred.labels[2]).toBe(-1);
    expect(pred.probabilities[0]).toBeGreaterThan(0);
    expect(Array.from(engine.approximatePredict(x).labels)).toEqual(Array.from(res.labels));
    expect(engine.reduceOutliers(x).originalLabels).toEqual(res.labels);
  });

  it('membership vectors: rows sum to at most 1 and agree with the labels', async () => {
    const { x } = loadFixture('blobs-2d');
    const res = await hdbscan(x, { minClusterSize: 10 });
    const soft = membershipVectors(res);
    expect(soft.rows).toBe(x.rows);
    expect(soft.cols).toBe(res.nClusters);
    let agree = 0;
    let clustered = 0;
    for (let i = 0; i < x.rows; i++) {
      let sum = 0;
      let arg = 0;
      for (let c = 0; c < soft.cols; c++) {
        const v = soft.data[i * soft.cols + c]!;
        expect(v).toBeGreaterThanOrEqual(0);
        sum += v;
        if (v > soft.data[i * soft.cols + arg]!) arg = c;
      }
      expect(sum).toBeLessThanOrEqual(1 + 1e-9);
      if (res.labels[i]! >= 0) {
        clustered++;
        if (arg === res.labels[i]) agree++;
      }
    }
    expect(agree / clustered).toBeGreaterThan(0.98);
    const newSoft = membershipVectors(res, { data: Float64Array.from(x.data.subarray(0, 4)), rows: 2, cols: 2 });
    expect(newSoft.rows).toBe(2);
  });

  it('reduceOutliers assigns outliers under the threshold and keeps the original labels', async () => {
    const x = append(blobs([[0, 0], [20, 20]], 30, 0.5, 1), [[-32, 0], [10, -45]]);
    const res = await hdbscan(x, { minClusterSize: 5 });
    expect(res.labels[60]).toBe(-1);
    expect(res.labels[61]).toBe(-1);
    const near = reduceOutliers(res, x, { threshold: 36 });
    expect(near.labels[60]).toBe(res.labels[0]);
    expect(near.labels[61]).toBe(-1);
    expect(near.originalLabels[60]).toBe(-1);
    expect(near.reassigned).toBe(1);
    const all = reduceOutliers(res, x);
    expect(Array.from(all.labels).every((l) => l >= 0)).toBe(true);
    const soft = reduceOutliers(res, x, { strategy: 'membership', threshold: 0 });
    expect(soft.originalLabels).toEqual(res.labels);
  });

  it('clusters cities by great-circle distance in km (haversine)', async () => {
    // Points scattered within ~20 km around Paris and around Berlin.
    const rows: number[][] = [];
    for (let i = 0; i < 20; i++) rows.push([48.85 + 0.1 * Math.sin(i), 2.35 + 0.1 * Math.cos(i)]);
    for (let i = 0; i < 20; i++) rows.push([52.52 + 0.1 * Math.sin(i), 13.4 + 0.1 * Math.cos(i)]);
    const x = { data: Float64Array.from(rows.flat()), rows: 40, cols: 2 };
    const res = await hdbscan(x, { minClusterSize: 5, metric: 'haversine' });
    expect(res.nClusters).toBe(2);
    expect(res.labels[0]).not.toBe(res.labels[20]);
    // The longest spanning-tree edge is the Paris–Berlin gap: about 878 km between the nearest points.
    const maxEdge = Math.max(...res.minimumSpanningTree.weight);
    expect(maxEdge).toBeGreaterThan(850);
    expect(maxEdge).toBeLessThan(900);
    expect(Array.from(approximatePredict(res, x).labels)).toEqual(Array.from(res.labels));
  });
});

describe('hdbscan: errors and cancellation', () => {
  it('rejects bad options with the field named', async () => {
    const x = blobs([[0, 0]], 10, 1, 1);
    await expect(hdbscan(x, { minClusterSize: 1 })).rejects.toThrow(ConfigError);
    await expect(hdbscan(x, { minClusterSize: 1 })).rejects.toThrow(/minClusterSize/);
    await expect(hdbscan(x, { metric: 'chebyshev' as never })).rejects.toThrow(/metric/);
    expect(() => new HDBSCAN({ alpha: 0 })).toThrow(/alpha/);
  });

  it('names the row with a NaN', async () => {
    const x = blobs([[0, 0]], 10, 1, 1);
    x.data[7 * 2 + 1] = Number.NaN;
    await expect(hdbscan(x)).rejects.toThrow(InputError);
    await expect(hdbscan(x)).rejects.toThrow(/Row 7/);
  });

  it('stops on an aborted signal', async () => {
    const { x } = loadFixture('blobs-5d');
    const controller = new AbortController();
    controller.abort();
    await expect(hdbscan(x, { signal: controller.signal })).rejects.toThrow(AbortError);
  });

  it('requires a fit before predict', async () => {
    await expect(new HDBSCAN().predict(blobs([[0, 0]], 3, 1, 1))).rejects.toThrow(/fit/);
  });
});
