import { describe, expect, it } from 'vitest';
import { matrix, takeRows } from '../../src/core/matrix.js';
import { AbortError, ConfigError } from '../../src/core/errors.js';
import { findAbParams, fuzzyUnion, smoothKnnDist, trustworthiness, UMAP, umap } from '../../src/reduce/index.js';
import { gaussianClusters, neighborPurity, sameBytes } from './helpers.js';

describe('UMAP building blocks', () => {
  it('fits the a/b curve like umap-learn', () => {
    // umap-learn find_ab_params(1.0, 0.1) = (1.5769434604, 0.8950608781)
    const { a, b } = findAbParams(1, 0.1);
    expect(a).toBeCloseTo(1.5769434604, 3);
    expect(b).toBeCloseTo(0.8950608781, 3);
    const wide = findAbParams(1, 0.5);
    // umap-learn find_ab_params(1.0, 0.5) = (0.5830300199, 1.3341669930)
    expect(wide.a).toBeCloseTo(0.58303, 3);
    expect(wide.b).toBeCloseTo(1.33417, 3);
  });

  it('solves smooth_knn_dist by hand', () => {
    // Distances 0 (self), 1, 2, 3: rho = 1 and 1 + u + u² = log2(4) = 2 with u = e^(−1/σ),
    // so u = (√5 − 1) / 2 and σ = −1 / ln u.
    const { sigmas, rhos } = smoothKnnDist(new Float64Array([0, 1, 2, 3]), 1, 4);
    expect(rhos[0]).toBe(1);
    expect(sigmas[0]).toBeCloseTo(-1 / Math.log((Math.sqrt(5) - 1) / 2), 4);
  });

  it('takes the fuzzy union a + b − ab', () => {
    const g = fuzzyUnion({ n: 2, rowPtr: new Int32Array([0, 1, 2]), cols: new Int32Array([1, 0]), vals: new Float64Array([0.5, 0.2]) });
    expect(Array.from(g.vals)).toEqual([expect.closeTo(0.6, 12), expect.closeTo(0.6, 12)]);
    const one = fuzzyUnion({ n: 2, rowPtr: new Int32Array([0, 1, 1]), cols: new Int32Array([1]), vals: new Float64Array([0.5]) });
    expect(Array.from(one.cols)).toEqual([1, 0]);
    expect(Array.from(one.vals)).toEqual([0.5, 0.5]);
  });
});

describe('UMAP', () => {
  const { x, labels } = gaussianClusters(240, 12, 4, 11);

  it('separates clusters, is byte-identical for a seed and reports progress', async () => {
    const events: string[] = [];
    const model = new UMAP({ nEpochs: 120, seed: 5 });
    const y = await model.fit(x, { onProgress: (e) => events.push(`${e.stage}:${e.step}`) });
    expect(y.rows).toBe(240);
    expect(y.cols).toBe(2);
    expect(neighborPurity(y, labels, 10)).toBeGreaterThan(0.98);
    expect(trustworthiness(x, y, 10)).toBeGreaterThan(0.85);
    expect(events).toContain('reduce:optimize');
    expect(events.some((e) => e.startsWith('neighbors'))).toBe(true);
    const again = await new UMAP({ nEpochs: 120, seed: 5 }).fit(x);
    expect(sameBytes(again.data, y.data)).toBe(true);
    const other = await new UMAP({ nEpochs: 120, seed: 6 }).fit(x);
    expect(sameBytes(other.data, y.data)).toBe(false);
  });

  it('places training points near their fitted positions with transform', async () => {
    const model = new UMAP({ nEpochs: 120, seed: 2 });
    const y = await model.fit(x);
    const sample = Array.from({ length: 40 }, (_, i) => i * 6);
    const placed = await model.transform(takeRows(x, sample));
    let minX = Infinity;
    let maxX = -Infinity;
    for (let i = 0; i < y.rows; i++) {
      minX = Math.min(minX, y.data[2 * i]!);
      maxX = Math.max(maxX, y.data[2 * i]!);
    }
    const errors = sample.map((row, i) => Math.hypot(placed.data[2 * i]! - y.data[2 * row]!, placed.data[2 * i + 1]! - y.data[2 * row + 1]!));
    errors.sort((a, b) => a - b);
    expect(errors[20]!).toBeLessThan(0.05 * (maxX - minX));
    // Every placed point is closest to the fitted points of its own cluster.
    const purity = neighborPurity(
      matrix(Float32Array.from([...y.data, ...placed.data]), y.rows + placed.rows, 2),
      Int32Array.from([...labels, ...sample.map((r) => labels[r]!)]),
      5,
    );
    expect(purity).toBeGreaterThan(0.98);
  });

  it('works with fewer points than neighbours, one point, cosine and NN-descent', async () => {
    const small = gaussianClusters(8, 5, 2, 3).x;
    const y = await umap(small, { nNeighbors: 15, nEpochs: 50 });
    expect(y.rows).toBe(8);
    expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
    const single = await umap(matrix(new Float32Array([1, 2, 3]), 1, 3));
    expect(Array.from(single.data)).toEqual([0, 0]);
    const cos = await umap(x, { metric: 'cosine', nnMethod: 'nndescent', nEpochs: 60, nComponents: 3 });
    expect(cos.cols).toBe(3);
    expect(neighborPurity(cos, labels, 10)).toBeGreaterThan(0.95);
  });

  it('uses labels (semi-supervised) to pull classes apart', async () => {
    // Two overlapping clusters: labels should make the embedding purer.
    const { x: mixed, labels: truth } = gaussianClusters(200, 8, 2, 4, 0.35);
    const y = Int32Array.from(truth, (v, i) => (i % 4 === 0 ? -1 : v));
    const plain = await umap(mixed, { nEpochs: 100, seed: 1 });
    const supervised = await umap(mixed, { nEpochs: 100, seed: 1, y });
    expect(neighborPurity(supervised, truth, 10)).toBeGreaterThan(neighborPurity(plain, truth, 10) + 0.1);
  });

  it('validates options and stops on abort', async () => {
    expect(() => new UMAP({ minDist: 2, spread: 1 })).toThrow(ConfigError);
    expect(() => new UMAP({ nComponents: 51 })).toThrow(/nComponents/);
    const controller = new AbortController();
    const run = new UMAP({ nEpochs: 500 }).fit(x, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.step === 'optimize' && e.done === 3) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AbortError);
  });
});
