import { describe, expect, it } from 'vitest';
import { AbortError, ConfigError, InputError } from '../../src/core/errors.js';
import { dbscan, DBSCAN, kneeOfIncreasing, suggestEps } from '../../src/clustering/dbscan.js';
import { adjustedRandIndex } from '../../src/metrics/external.js';
import { append, blobs, FIXTURES, loadFixture } from './density-helpers.js';

describe('dbscan', () => {
  it('labels core, border and noise points of a hand-checked 1-d case', async () => {
    // eps 1, minPts 3: 0,1,2 are core (3 points within 1 of 1; 0 and 2 see {0,1} and {1,2,3}?)
    // Points: 0 1 2 3 | 10 | 20 21 22
    const x = { data: Float64Array.from([0, 1, 2, 3, 10, 20, 21, 22]), rows: 8, cols: 1 };
    const res = await dbscan(x, { eps: 1, minPts: 3 });
    // Neighbourhoods (itself included): 0:{0,1} 1:{0,1,2} 2:{1,2,3} 3:{2,3} 10:{10} 20:{20,21} 21:{20,21,22} 22:{21,22}
    expect(Array.from(res.isCore)).toEqual([0, 1, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(res.labels)).toEqual([0, 0, 0, 0, -1, 1, 1, 1]);
    // Border points are clustered, with probability neighbours / minPts.
    expect(res.probabilities[0]).toBeCloseTo(2 / 3, 12);
    expect(res.probabilities[1]).toBe(1);
    expect(res.outlierScores[4]).toBe(1);
    // DBSCAN*: border points become noise.
    const star = await dbscan(x, { eps: 1, minPts: 3, borderPoints: false });
    expect(Array.from(star.labels)).toEqual([-1, 0, 0, -1, -1, -1, 1, -1]);
  });

  it('gives a border point between two clusters to the first cluster (by lowest core index)', async () => {
    // eps 1, minPts 4: 1.8 sees {0.9, 1.8, 2.7} (3 < 4, border) and is within eps of a core point of each cluster.
    const a = [0, 0.3, 0.6, 0.9];
    const b = [2.7, 3.0, 3.3, 3.6];
    const x = { data: Float64Array.from([...a, 1.8, ...b]), rows: 9, cols: 1 };
    const res = await dbscan(x, { eps: 1, minPts: 4 });
    expect(res.isCore[4]).toBe(0);
    expect(Array.from(res.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    const swapped = await dbscan({ data: Float64Array.from([...b, 1.8, ...a]), rows: 9, cols: 1 }, { eps: 1, minPts: 4 });
    expect(Array.from(swapped.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  for (const name of FIXTURES) {
    it(`${name}: labels equal R dbscan::dbscan exactly (borderPoints = TRUE)`, async () => {
      const { f, x } = loadFixture(name);
      const res = await dbscan(x, { eps: f.r.dbscan.eps, minPts: f.r.dbscan.minPts });
      expect(Array.from(res.labels)).toEqual(f.r.dbscan.cluster.map((c) => c - 1));
    });
  }

  it('is deterministic and its engine predicts training core points into their cluster', async () => {
    const { f, x } = loadFixture('moons');
    const engine = new DBSCAN({ eps: f.r.dbscan.eps, minPts: f.r.dbscan.minPts });
    const a = await engine.fit(x);
    const b = await dbscan(x, { eps: f.r.dbscan.eps, minPts: f.r.dbscan.minPts });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const pred = await engine.predict(x);
    for (let i = 0; i < x.rows; i++) if (a.isCore[i]) expect(pred.labels[i]).toBe(a.labels[i]);
    expect(adjustedRandIndex(a.labels, pred.labels)).toBeGreaterThan(0.95);
  });

  it('uses haversine distances in kilometres', async () => {
    // Three points ~1.1 km apart along a meridian (0.01° of latitude ≈ 1.112 km), one 50 km away.
    const x = { data: Float64Array.from([45, 7, 45.01, 7, 45.02, 7, 45.45, 7]), rows: 4, cols: 2 };
    const tight = await dbscan(x, { eps: 1.2, minPts: 3, metric: 'haversine' });
    expect(Array.from(tight.labels)).toEqual([0, 0, 0, -1]);
    const loose = await dbscan(x, { eps: 1.0, minPts: 2, metric: 'haversine' });
    expect(Array.from(loose.labels)).toEqual([-1, -1, -1, -1]);
  });

  it('suggests eps at the knee of the k-distance curve', async () => {
    const x = append(blobs([[0, 0], [10, 10]], 100, 0.3, 2), [[5, -5], [-6, 8], [15, 0], [0, 15]]);
    const s = await suggestEps(x, 4);
    expect(s.kDistances.length).toBe(204);
    for (let i = 1; i < s.kDistances.length; i++) expect(s.kDistances[i]!).toBeGreaterThanOrEqual(s.kDistances[i - 1]!);
    // The knee sits between the blobs' k-distances (≈ 0.2–0.5) and the outliers' (> 5).
    expect(s.eps).toBeGreaterThan(0.1);
    expect(s.eps).toBeLessThan(2);
    const res = await dbscan(x, { eps: s.eps, minPts: 5 });
    expect(res.nClusters).toBe(2);
    expect(Array.from(res.labels.subarray(200))).toEqual([-1, -1, -1, -1]);
    expect(kneeOfIncreasing(Float64Array.from([0, 0.1, 0.2, 0.3, 5, 10]))).toBe(3);
  });

  it('rejects bad options and NaN rows, and stops on abort', async () => {
    const x = blobs([[0, 0]], 20, 1, 1);
    await expect(dbscan(x, { eps: -1 })).rejects.toThrow(ConfigError);
    await expect(dbscan(x, { eps: 1, minPts: 0 })).rejects.toThrow(/minPts/);
    await expect(dbscan(x, {} as never)).rejects.toThrow(/eps/);
    x.data[5 * 2] = Number.NaN;
    await expect(dbscan(x, { eps: 1 })).rejects.toThrow(InputError);
    await expect(dbscan(x, { eps: 1 })).rejects.toThrow(/Row 5/);
    const { x: big } = loadFixture('blobs-5d');
    const c = new AbortController();
    c.abort();
    await expect(dbscan(big, { eps: 1, signal: c.signal })).rejects.toThrow(AbortError);
    await expect(dbscan({ data: Float64Array.from([100, 0]), rows: 1, cols: 2 }, { eps: 1, metric: 'haversine' })).rejects.toThrow(/latitude/);
  });
});
