import { describe, expect, it } from 'vitest';
import { fromArrays, matrix } from '../../src/core/matrix.js';
import { ConfigError, AbortError } from '../../src/core/errors.js';
import { kmeans, KMeans } from '../../src/clustering/kmeans.js';
import { adjustedRandIndex } from '../../src/metrics/index.js';
import fixture from '../fixtures/sklearn/kmeans.json';
import { blobs } from './kmeans-blobs.js';
import { miniBatchKMeans, MiniBatchKMeans } from '../../src/clustering/minibatch.js';

const xk = fromArrays(fixture.x);

describe('kmeans', () => {
  for (const algorithm of ['elkan', 'hamerly', 'lloyd'] as const) {
    it(`matches scikit-learn from fixed initial centroids (${algorithm})`, async () => {
      const r = await kmeans(xk, { k: 5, init: fromArrays(fixture.init), algorithm, tol: fixture.fixedInit.tol });
      expect(Math.abs(r.details.inertia - fixture.fixedInit.inertia) / fixture.fixedInit.inertia).toBeLessThan(1e-9);
      expect(Array.from(r.labels)).toEqual(fixture.fixedInit.labels);
      expect(r.details.iterations).toBe(fixture.fixedInit.iterations);
      const c = r.details.centroids.data;
      fixture.fixedInit.centroids.flat().forEach((v, t) => expect(c[t]!).toBeCloseTo(v, 8));
    });
  }

  it('k-means++ with 10 inits reaches scikit-learn inertia (no worse)', async () => {
    const r = await kmeans(xk, { k: 5, nInit: 10, seed: 3 });
    expect(r.details.inertia).toBeLessThanOrEqual(fixture.kmeansPlusPlus.inertia * (1 + 1e-9));
    expect(r.details.inertias).toHaveLength(10);
  });

  it('recovers well-separated blobs and is deterministic for a seed', async () => {
    const { x, y } = blobs(600, 8, 4, 1);
    const a = await kmeans(x, { k: 4, seed: 5, nInit: 2 });
    const b = await kmeans(x, { k: 4, seed: 5, nInit: 2 });
    expect(adjustedRandIndex(y, a.labels)).toBe(1);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.details.centroids.data).toEqual(b.details.centroids.data);
    for (let i = 0; i < 600; i++) {
      expect(a.probabilities[i]!).toBeGreaterThan(0.5);
      expect(a.probabilities[i]!).toBeLessThanOrEqual(1);
      expect(a.outlierScores[i]!).toBeGreaterThanOrEqual(0);
      expect(a.outlierScores[i]!).toBeLessThanOrEqual(1);
    }
  });

  it('hand-computed 1-D case: probabilities and outlier scores', async () => {
    const x = fromArrays([[0], [2], [10], [12]]);
    const r = await kmeans(x, { k: 2, init: fromArrays([[0], [10]]) });
    expect(Array.from(r.labels)).toEqual([0, 0, 1, 1]);
    expect(r.details.inertia).toBeCloseTo(4, 12); // centroids 1 and 11, each row at distance 1
    // row 0: d1 = 1, d2 = 11 → 11/12; outlier = 1 / 1
    expect(r.probabilities[0]).toBeCloseTo(11 / 12, 12);
    expect(r.outlierScores[0]).toBeCloseTo(1, 12);
  });

  it('predict agrees with fit on the training rows', async () => {
    const { x } = blobs(300, 20, 3, 2);
    const engine = new KMeans({ k: 3, seed: 1 });
    const fit = await engine.fit(x);
    const p = await engine.predict(x);
    expect(Array.from(p.labels)).toEqual(Array.from(fit.labels));
  });

  it('float32 input in high dimension works like float64', async () => {
    const { x, y } = blobs(400, 64, 5, 3);
    const x32 = matrix(Float32Array.from(x.data), x.rows, x.cols);
    const a = await kmeans(x32, { k: 5, seed: 2, nInit: 3 });
    expect(adjustedRandIndex(y, a.labels)).toBe(1);
  });

  it('clear errors for bad options and abort', async () => {
    const x = fromArrays([[0], [1]]);
    await expect(kmeans(x, { k: 3 })).rejects.toThrow(ConfigError);
    await expect(kmeans(x, { k: 3 })).rejects.toMatchObject({ field: 'k', code: 'K_TOO_LARGE' });
    await expect(kmeans(x, { k: 0 })).rejects.toMatchObject({ field: 'k' });
    await expect(kmeans(x, { k: 1, nInits: 2 } as never)).rejects.toMatchObject({ code: 'UNKNOWN_KEY' });
    await expect(kmeans(fromArrays([[0], [Number.NaN]]), { k: 1 })).rejects.toMatchObject({ field: 'x[1]' });
    const ctrl = new AbortController();
    ctrl.abort();
    const { x: big } = blobs(200, 4, 3, 1);
    await expect(kmeans(big, { k: 3, signal: ctrl.signal })).rejects.toThrow(AbortError);
    await expect(new KMeans({ k: 2 }).predict(x)).rejects.toMatchObject({ code: 'NOT_FITTED' });
  });

  it('mini-batch k-means recovers blobs, is seeded, and predicts', async () => {
    const { x, y } = blobs(3000, 10, 6, 4);
    const a = await miniBatchKMeans(x, { k: 6, seed: 9, batchSize: 256 });
    const b = await miniBatchKMeans(x, { k: 6, seed: 9, batchSize: 256 });
    expect(adjustedRandIndex(y, a.labels)).toBeGreaterThan(0.99);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const full = await kmeans(x, { k: 6, seed: 9, nInit: 3 });
    expect(a.details.inertia).toBeLessThan(full.details.inertia * 1.05);
    const engine = new MiniBatchKMeans({ k: 6, seed: 9, batchSize: 256 });
    const fit = await engine.fit(x);
    expect(Array.from((await engine.predict(x)).labels)).toEqual(Array.from(fit.labels));
    await expect(miniBatchKMeans(x, { k: 6, batchSize: 0 })).rejects.toMatchObject({ field: 'batchSize' });
  });
});
