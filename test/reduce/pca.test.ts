import { describe, expect, it } from 'vitest';
import { PCA as MlPCA } from 'ml-pca';
import { fromArrays, matrix } from '../../src/core/matrix.js';
import { PCA, pca } from '../../src/reduce/index.js';
import { AbortError, ConfigError, InputError } from '../../src/core/errors.js';
import { useWasmKernels } from '../../src/linalg/index.js';
import fixture from './fixtures/sklearn-reference.json';
import { gaussianClusters, sameBytes } from './helpers.js';

describe('PCA', () => {
  it('solves a hand-computed case', async () => {
    // Variance 8/3 along y, 2/3 along x, no covariance.
    const x = fromArrays([[1, 0], [-1, 0], [0, 2], [0, -2]]);
    const model = new PCA({ nComponents: 2 });
    const y = await model.fit(x);
    expect(model.explainedVariance![0]).toBeCloseTo(8 / 3, 12);
    expect(model.explainedVariance![1]).toBeCloseTo(2 / 3, 12);
    expect(Array.from(model.explainedVarianceRatio!)).toEqual([expect.closeTo(0.8, 12), expect.closeTo(0.2, 12)]);
    expect(Array.from(model.components!.data)).toEqual([expect.closeTo(0, 12), 1, 1, expect.closeTo(0, 12)]);
    expect(Array.from(y.data)).toEqual([0, 1, 0, -1, 2, 0, -2, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('matches scikit-learn and ml-pca explained variance', async () => {
    const x = fromArrays(fixture.x);
    const model = new PCA({ nComponents: 4 });
    await model.fit(x);
    for (let c = 0; c < 4; c++) {
      expect(model.explainedVariance![c]).toBeCloseTo(fixture.pcaExplainedVariance[c]!, 8);
      expect(model.explainedVarianceRatio![c]).toBeCloseTo(fixture.pcaExplainedVarianceRatio[c]!, 10);
    }
    const ml = new MlPCA(fixture.x);
    const mlRatio = ml.getExplainedVariance();
    for (let c = 0; c < 4; c++) expect(Math.abs(model.explainedVarianceRatio![c]! - mlRatio[c]!)).toBeLessThan(1e-4);
  });

  it('gives the same axes with the covariance, Gram and randomized solvers', async () => {
    const { x } = gaussianClusters(60, 12, 3, 1);
    const ref = new PCA({ nComponents: 3, solver: 'exact' });
    await ref.fit(x);
    expect(ref.solverUsed).toBe('exact-covariance');
    const randomized = new PCA({ nComponents: 3, solver: 'randomized', nIter: 10, seed: 3 });
    await randomized.fit(x);
    // n < d: the Gram path.
    const wide = matrix(x.data.slice(0, 10 * 12), 10, 12);
    const gram = new PCA({ nComponents: 3 });
    await gram.fit(wide);
    expect(gram.solverUsed).toBe('exact-gram');
    const cov = new PCA({ nComponents: 3, solver: 'exact' });
    await cov.fit(matrix(new Float64Array(wide.data), 10, 12));
    for (let c = 0; c < 3; c++) {
      expect(randomized.explainedVariance![c]! / ref.explainedVariance![c]!).toBeCloseTo(1, 6);
      expect(gram.explainedVariance![c]! / cov.explainedVariance![c]!).toBeCloseTo(1, 8);
      for (let j = 0; j < 12; j++) {
        expect(randomized.components!.data[c * 12 + j]).toBeCloseTo(ref.components!.data[c * 12 + j]!, 4);
        expect(gram.components!.data[c * 12 + j]).toBeCloseTo(cov.components!.data[c * 12 + j]!, 6);
      }
    }
    const again = new PCA({ nComponents: 3, solver: 'randomized', nIter: 10, seed: 3 });
    await again.fit(x);
    expect(sameBytes(again.components!.data, randomized.components!.data)).toBe(true);
  });

  it('whitens, transforms and inverts', async () => {
    const { x } = gaussianClusters(50, 5, 2, 2);
    const model = new PCA({ nComponents: 5, whiten: true });
    const y = await model.fit(x);
    for (let c = 0; c < 5; c++) {
      let s = 0;
      for (let i = 0; i < 50; i++) s += y.data[i * 5 + c]! ** 2;
      expect(s / 49).toBeCloseTo(1, 8);
    }
    const back = model.inverseTransform(y);
    for (let s = 0; s < x.data.length; s++) expect(back.data[s]).toBeCloseTo(x.data[s]!, 4);
    const again = await model.transform(x);
    expect(Array.from(again.data)).toEqual(Array.from(y.data));
    expect((await pca(x, { nComponents: 2 })).cols).toBe(2);
  });

  it('reports bad options and input with the field', async () => {
    expect(() => new PCA({ nComponents: 0 })).toThrow(ConfigError);
    await expect(new PCA({ nComponents: 3 }).fit(fromArrays([[1, 2], [3, 4]]))).rejects.toBeInstanceOf(InputError);
    await expect(new PCA().fit(fromArrays([[1, NaN], [3, 4]]))).rejects.toThrow(/row 0, column 1/);
    const controller = new AbortController();
    controller.abort();
    await expect(new PCA().fit(gaussianClusters(20, 3, 2, 1).x, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('projects large inputs with the SIMD kernels like the float64 loops', async () => {
    const { x } = gaussianClusters(5000, 128, 5, 8); // n·d·k ≥ 2^26: kernel path
    const fast = await new PCA({ nComponents: 110 }).fit(x);
    useWasmKernels(false);
    let slow: Awaited<ReturnType<PCA['fit']>>;
    try {
      slow = await new PCA({ nComponents: 110 }).fit(x);
    } finally {
      useWasmKernels(true);
    }
    let worst = 0;
    let big = 0;
    for (let s = 0; s < fast.data.length; s++) {
      worst = Math.max(worst, Math.abs(fast.data[s]! - slow.data[s]!));
      big = Math.max(big, Math.abs(slow.data[s]!));
    }
    expect(worst / big).toBeLessThan(1e-4);
  });
});
