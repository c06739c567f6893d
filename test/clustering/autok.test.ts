import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/core/errors.js';
import { autoK, AutoK } from '../../src/clustering/autok.js';
import { adjustedRandIndex } from '../../src/metrics/index.js';
import { blobs } from './kmeans-blobs.js';

const { x, y } = blobs(500, 5, 5, 21, 1, 12);

describe('autoK', () => {
  for (const method of ['silhouette', 'calinski-harabasz', 'davies-bouldin', 'gap'] as const) {
    it(`recovers k = 5 on well-separated blobs by ${method}`, async () => {
      const r = await autoK(x, { method, kMin: 2, kMax: 8, seed: 1, nInit: 2, gapReferences: 5 });
      expect(r.details.k).toBe(5);
      expect(r.nClusters).toBe(5);
      expect(r.details.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect(adjustedRandIndex(y, r.labels)).toBeGreaterThan(0.99);
    });
  }

  it('BIC with Gaussian mixtures, and the candidate scores are the criterion values', async () => {
    const r = await autoK(x, { method: 'bic', algorithm: 'gmm', kMin: 1, kMax: 7, covarianceType: 'diag', seed: 2 });
    expect(r.details.k).toBe(5);
    const best = r.details.candidates.find((c) => c.k === 5)!;
    expect(best.score).toBe(r.details.bic);
    for (const c of r.details.candidates) expect(c.score).toBeGreaterThanOrEqual(best.score);
  });

  it('engine predicts with the winning model and is deterministic', async () => {
    const e = new AutoK({ method: 'calinski-harabasz', kMax: 7, seed: 3 });
    const a = await e.fit(x);
    const b = await new AutoK({ method: 'calinski-harabasz', kMax: 7, seed: 3 }).fit(x);
    expect(a.details.candidates).toEqual(b.details.candidates);
    expect(Array.from((await e.predict(x)).labels)).toEqual(Array.from(a.labels));
  });

  it('clear errors and abort', async () => {
    await expect(autoK(x, { method: 'silhouette', kMin: 1 })).rejects.toMatchObject({ field: 'kMin' });
    await expect(autoK(x, { method: 'bic' })).rejects.toMatchObject({ field: 'algorithm' });
    await expect(autoK(x, { kMin: 5, kMax: 3 })).rejects.toMatchObject({ field: 'kMax' });
    await expect(autoK(x, { method: 'elbow' as never })).rejects.toMatchObject({ field: 'method' });
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(autoK(x, { signal: ctrl.signal })).rejects.toBeInstanceOf(AbortError);
  });
});
