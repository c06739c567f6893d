import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/core/matrix.js';
import { AbortError, ConfigError } from '../../src/core/errors.js';
import { chooseComponents, gaussianMixture, GaussianMixture, mixtureParameterCount } from '../../src/clustering/gmm.js';
import { adjustedRandIndex } from '../../src/metrics/index.js';
import fixture from '../fixtures/sklearn/gmm.json';
import { blobs } from './kmeans-blobs.js';

const x = fromArrays(fixture.x);
const close = (a: number, b: number, tol = 1e-6) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('gaussianMixture', () => {
  for (const f of fixture.fits) {
    it(`matches scikit-learn GaussianMixture from a fixed init (${f.covarianceType})`, async () => {
      const r = await gaussianMixture(x, {
        k: 3,
        covarianceType: f.covarianceType as 'full' | 'diag' | 'spherical',
        init: { weights: f.init.weights, means: fromArrays(f.init.means), covariances: f.init.covariances },
        tol: 1e-10,
        maxIter: 2000,
      });
      close(r.details.logLikelihood, f.meanLogLikelihood);
      close(r.details.bic, f.bic);
      close(r.details.aic, f.aic);
      f.weights.forEach((w, c) => close(r.details.weights[c]!, w));
      f.means.flat().forEach((v, t) => close(r.details.means.data[t]!, v));
      (f.covariances as unknown[]).flat(2).forEach((v, t) => close(r.details.covariances[t]!, v as number));
      expect(Array.from(r.labels)).toEqual(f.labels);
      const gm = new GaussianMixture({ k: 3 });
      gm.model = r.details.model;
      const proba = gm.predictProba(fromArrays(fixture.x.slice(0, 10)));
      f.probaHead.flat().forEach((v, t) => close(proba.data[t]!, v));
    });
  }

  it('k-means init reaches scikit-learn BIC (no worse than its best of 3 inits)', async () => {
    for (const f of fixture.fits) {
      const r = await gaussianMixture(x, { k: 3, covarianceType: f.covarianceType as 'full', nInit: 3, seed: 0 });
      expect(r.details.bic).toBeLessThanOrEqual(f.defaultInit.bic + 1e-6 * Math.abs(f.defaultInit.bic));
    }
  });

  it('parameter count follows scikit-learn', () => {
    expect(mixtureParameterCount(3, 2, 'full')).toBe(3 * 3 + 6 + 2);
    expect(mixtureParameterCount(3, 2, 'diag')).toBe(6 + 6 + 2);
    expect(mixtureParameterCount(3, 2, 'spherical')).toBe(3 + 6 + 2);
  });

  it('chooseComponents picks the true k by BIC and keeps every candidate', async () => {
    const { x: b, y } = blobs(400, 3, 4, 11);
    const r = await chooseComponents(b, { kMin: 2, kMax: 6, seed: 1, covarianceType: 'diag' });
    expect(r.k).toBe(4);
    expect(r.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6]);
    expect(adjustedRandIndex(y, r.result.labels)).toBeGreaterThan(0.99);
  });

  it('deterministic for a seed; soft probabilities sum to 1; predict agrees with fit', async () => {
    const { x: b } = blobs(300, 4, 3, 2, 3, 3);
    const gm = new GaussianMixture({ k: 3, seed: 4 });
    const a = await gm.fit(b);
    const again = await new GaussianMixture({ k: 3, seed: 4 }).fit(b);
    expect(a.details.means.data).toEqual(again.details.means.data);
    const p = gm.predictProba(b);
    for (let i = 0; i < 300; i++) close(p.data[i * 3]! + p.data[i * 3 + 1]! + p.data[i * 3 + 2]!, 1, 1e-12);
    expect(Array.from((await gm.predict(b)).labels)).toEqual(Array.from(a.labels));
  });

  it('clear errors: k > n, singular covariance, bad type, abort', async () => {
    await expect(gaussianMixture(fromArrays([[0], [1]]), { k: 3 })).rejects.toMatchObject({ field: 'k' });
    await expect(gaussianMixture(x, { k: 2, covarianceType: 'tied' as never })).rejects.toMatchObject({ field: 'covarianceType' });
    const dup = fromArrays([[1, 1], [1, 1], [1, 1], [2, 2]]);
    await expect(gaussianMixture(dup, { k: 2, regCovar: 0 })).rejects.toBeInstanceOf(ConfigError);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(gaussianMixture(x, { k: 2, signal: ctrl.signal })).rejects.toBeInstanceOf(AbortError);
  });
});
