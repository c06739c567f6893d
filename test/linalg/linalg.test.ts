import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';
import { crossProduct, columnMeans, randomizedSvd, symmetricEigen, useWasmKernels } from '../../src/linalg/index.js';

describe('symmetricEigen', () => {
  it('solves a 2 × 2 case by hand', () => {
    const { values, vectors } = symmetricEigen(matrix(new Float64Array([2, 1, 1, 2]), 2, 2));
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(vectors.data[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors.data[1]).toBeCloseTo(Math.SQRT1_2, 12);
    // Second vector ±(1, −1)/√2 with its largest entry positive (tie: first wins).
    expect(Math.abs(vectors.data[2]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors.data[2]! * vectors.data[3]!).toBeCloseTo(-0.5, 12);
  });

  it('reconstructs a random symmetric matrix', () => {
    const n = 30;
    const rng = createRng(3);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen(matrix(a, n, n));
    for (let i = 1; i < n; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]!);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += values[r]! * vectors.data[r * n + i]! * vectors.data[r * n + j]!;
        worst = Math.max(worst, Math.abs(s - a[i * n + j]!));
      }
    }
    expect(worst).toBeLessThan(1e-10);
  });
});

describe('randomizedSvd', () => {
  it('recovers the singular values of a low-rank matrix', () => {
    const n = 200;
    const d = 40;
    const rng = createRng(5);
    // X = A · diag(10, 5, 2) · B with random orthonormal-ish factors: rank 3.
    const a = Array.from({ length: 3 }, () => Float64Array.from({ length: n }, () => rng.normal()));
    const b = Array.from({ length: 3 }, () => Float64Array.from({ length: d }, () => rng.normal()));
    const x = new Float64Array(n * d);
    const w = [10, 5, 2];
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) for (let r = 0; r < 3; r++) x[i * d + j] = x[i * d + j]! + w[r]! * a[r]![i]! * b[r]![j]!;
    const m = matrix(x, n, d);
    const svd = randomizedSvd(m, 3, { seed: 1 });
    // Exact singular values from the eigenvalues of XᵀX.
    const exact = symmetricEigen(matrix(crossProduct(m), d, d)).values;
    for (let c = 0; c < 3; c++) expect(svd.s[c]! / Math.sqrt(exact[c]!)).toBeCloseTo(1, 8);
    // Reconstruction is exact for a rank-3 matrix.
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let c = 0; c < 3; c++) s += svd.u.data[i * 3 + c]! * svd.s[c]! * svd.vt.data[c * d + j]!;
        worst = Math.max(worst, Math.abs(s - x[i * d + j]!));
      }
    }
    expect(worst).toBeLessThan(1e-8);
    const again = randomizedSvd(m, 3, { seed: 1 });
    expect(Buffer.from(again.vt.data.buffer).equals(Buffer.from(svd.vt.data.buffer))).toBe(true);
  });

  it('centres implicitly', () => {
    const rng = createRng(9);
    const n = 100;
    const x = new Float32Array(n * 5);
    for (let i = 0; i < x.length; i++) x[i] = rng.normal() + 100;
    const m = matrix(x, n, 5);
    const svd = randomizedSvd(m, 5, { center: true, seed: 2 });
    const mean = columnMeans(m);
    const exact = symmetricEigen(matrix(crossProduct(m, mean), 5, 5)).values;
    for (let c = 0; c < 5; c++) expect(svd.s[c]! ** 2).toBeCloseTo(exact[c]!, 6);
  });

  it('rejects a rank larger than the matrix', () => {
    expect(() => randomizedSvd(matrix(new Float64Array(6), 2, 3), 3)).toThrow(/min\(n, d\)/);
  });
});

describe('crossProduct', () => {
  it('gives the same scatter matrix with the SIMD kernel and in float64', () => {
    const n = 1000;
    const d = 390; // n·d² ≥ 2^27: kernel path; d not a multiple of 4
    const rng = createRng(4);
    const x = new Float32Array(n * d);
    for (let i = 0; i < x.length; i++) x[i] = rng.normal() + 3;
    const m = matrix(x, n, d);
    const mean = columnMeans(m);
    const fast = crossProduct(m, mean);
    useWasmKernels(false);
    let exact: Float64Array;
    try {
      exact = crossProduct(m, mean);
    } finally {
      useWasmKernels(true);
    }
    let worst = 0;
    for (let j = 0; j < d; j++) {
      const scale = Math.sqrt(exact[j * d + j]!);
      for (let t = 0; t < d; t++) worst = Math.max(worst, Math.abs(fast[j * d + t]! - exact[j * d + t]!) / (scale * Math.sqrt(exact[t * d + t]!)));
    }
    expect(worst).toBeLessThan(1e-5);
  });
});
