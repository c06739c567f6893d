import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/core/matrix.js';
import { AbortError } from '../../src/core/errors.js';
import { agglomerative, Agglomerative, cutTree, reduceClusters, type Linkage } from '../../src/clustering/agglomerative.js';
import { kmeans } from '../../src/clustering/kmeans.js';
import { adjustedRandIndex } from '../../src/metrics/index.js';
import fixture from '../fixtures/sklearn/agglomerative.json';
import { blobs } from './kmeans-blobs.js';

const x = fromArrays(fixture.x);

describe('agglomerative', () => {
  for (const f of fixture.fits) {
    it(`${f.linkage}: dendrogram equals SciPy linkage, labels equal scikit-learn`, async () => {
      const r = await agglomerative(x, { linkage: f.linkage as Linkage, nClusters: f.nClusters });
      const z = r.details.linkage;
      expect(z.rows).toBe(x.rows - 1);
      f.scipyLinkage.forEach((row, i) => {
        expect(z.data[i * 4]).toBe(row[0]);
        expect(z.data[i * 4 + 1]).toBe(row[1]);
        expect(Math.abs(z.data[i * 4 + 2]! - row[2]!)).toBeLessThan(1e-9 * Math.max(1, row[2]!));
        expect(z.data[i * 4 + 3]).toBe(row[3]);
      });
      expect(adjustedRandIndex(f.labels, r.labels)).toBe(1);
      const t = await agglomerative(x, { linkage: f.linkage as Linkage, distanceThreshold: f.threshold });
      expect(t.nClusters).toBe(f.thresholdClusters);
      expect(adjustedRandIndex(f.thresholdLabels, t.labels)).toBe(1);
    });
  }

  it('wide rows (blocked distance kernel): the fixture padded to 20 columns still equals SciPy', async () => {
    const wide = fromArrays(fixture.x.map((r) => [...r, ...new Array<number>(17).fill(0)]));
    for (const f of fixture.fits) {
      const r = await agglomerative(wide, { linkage: f.linkage as Linkage, nClusters: f.nClusters });
      f.scipyLinkage.forEach((row, i) => {
        expect(r.details.linkage.data[i * 4]).toBe(row[0]);
        expect(r.details.linkage.data[i * 4 + 1]).toBe(row[1]);
        expect(Math.abs(r.details.linkage.data[i * 4 + 2]! - row[2]!)).toBeLessThan(1e-9 * Math.max(1, row[2]!));
      });
      expect(adjustedRandIndex(f.labels, r.labels)).toBe(1);
    }
  });

  it('cosine: the kernel path (20 padded columns) gives the same dendrogram as the direct path (3 columns)', async () => {
    const wide = fromArrays(fixture.x.map((r) => [...r, ...new Array<number>(17).fill(0)]));
    for (const linkage of ['average', 'complete', 'single'] as const) {
      const a = await agglomerative(x, { linkage, metric: 'cosine', nClusters: 4 });
      const b = await agglomerative(wide, { linkage, metric: 'cosine', nClusters: 4 });
      for (let t = 0; t < a.details.linkage.data.length; t++) {
        expect(Math.abs(a.details.linkage.data[t]! - b.details.linkage.data[t]!)).toBeLessThan(1e-9);
      }
    }
  });

  it('hand-computed case: four points on a line', async () => {
    // 0, 1, 5, 7: single merges (0,1)@1, (2,3)@2, then @4; complete: last merge @7
    const p = fromArrays([[0], [1], [5], [7]]);
    const s = await agglomerative(p, { linkage: 'single', nClusters: 2 });
    expect(Array.from(s.details.linkage.data)).toEqual([0, 1, 1, 2, 2, 3, 2, 2, 4, 5, 4, 4]);
    const c = await agglomerative(p, { linkage: 'complete', nClusters: 2 });
    expect(c.details.linkage.data[10]).toBe(7);
    expect(Array.from(c.labels)).toEqual([0, 0, 1, 1]);
    // ward of {0,1} and {5,7}: sqrt(2·2·2/4) · |0.5 − 6| = sqrt(2) · 5.5
    const w = await agglomerative(p, { linkage: 'ward', nClusters: 1 });
    expect(w.details.linkage.data[10]).toBeCloseTo(Math.SQRT2 * 5.5, 12);
    expect(Array.from(cutTree(w.details.linkage, 3))).toEqual([0, 0, 1, 2]);
  });

  it('reduceClusters merges an over-split k-means back to the true groups, keeping noise', async () => {
    const { x: b, y } = blobs(600, 4, 3, 5, 0.8, 15);
    const over = await kmeans(b, { k: 12, seed: 1 });
    const lab = Int32Array.from(over.labels);
    lab[0] = -1;
    const r = await reduceClusters(lab, b, 3);
    expect(r.labels[0]).toBe(-1);
    expect(new Set(Array.from(r.labels).filter((v) => v >= 0)).size).toBe(3);
    expect(adjustedRandIndex(Array.from(y).slice(1), Array.from(r.labels).slice(1))).toBe(1);
    const viaCentroids = await reduceClusters(over.labels, over.details.centroids, 3);
    expect(adjustedRandIndex(y, viaCentroids.labels)).toBe(1);
    expect(viaCentroids.mapping).toHaveLength(12);
  });

  it('engine predicts training rows into their clusters; clear errors; abort', async () => {
    const { x: b } = blobs(200, 3, 4, 6, 0.5, 20);
    const e = new Agglomerative({ linkage: 'average', nClusters: 4 });
    const r = await e.fit(b);
    expect(Array.from((await e.predict(b)).labels)).toEqual(Array.from(r.labels));
    await expect(agglomerative(b, { linkage: 'ward' })).rejects.toMatchObject({ field: 'nClusters' });
    await expect(agglomerative(b, { nClusters: 500 })).rejects.toMatchObject({ field: 'nClusters' });
    await expect(agglomerative(b, { nClusters: 2, metric: 'cosine' })).rejects.toMatchObject({ field: 'metric' });
    await expect(agglomerative(b, { nClusters: 2, maxRows: 100 })).rejects.toMatchObject({ code: 'TOO_MANY_ROWS' });
    const ctrl = new AbortController();
    ctrl.abort();
    const { x: big } = blobs(600, 3, 3, 1);
    await expect(agglomerative(big, { nClusters: 3, signal: ctrl.signal })).rejects.toBeInstanceOf(AbortError);
  });
});
