import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { KDTree } from '../../src/neighbors/kdtree.js';
import { bruteKernel, parallelSelfKnn, radiusKernel, selfKnnKernel } from '../../src/neighbors/tree-kernels.js';
import { useWasmKernels } from '../../src/linalg/wasm.js';

function randomPoints(n: number, d: number, seed: number, grid = false): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n * d);
  for (let i = 0; i < out.length; i++) out[i] = grid ? rng.int(5) : rng.normal();
  return out;
}

function bruteDistances(x: Float64Array, d: number, q: ArrayLike<number>, metric: 'euclidean' | 'manhattan'): number[] {
  const n = x.length / d;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const diff = x[i * d + j]! - q[j]!;
      s += metric === 'euclidean' ? diff * diff : Math.abs(diff);
    }
    out.push(metric === 'euclidean' ? Math.sqrt(s) : s);
  }
  return out;
}

describe('KDTree', () => {
  it('answers a hand-checked case', () => {
    const tree = KDTree.build(new Float64Array([0, 0, 1, 0, 5, 5]), 3, 2);
    expect(Array.from(tree.knn([0.9, 0], 2).indices)).toEqual([1, 0]);
    expect(tree.knn([0.9, 0], 2).distances[0]).toBeCloseTo(0.1, 12);
    expect(Array.from(tree.radius([0, 0], 1).indices)).toEqual([0, 1]); // inclusive radius
    expect(tree.radiusCount([0, 0], 0.999)).toBe(1);
  });

  for (const metric of ['euclidean', 'manhattan'] as const) {
    for (const [d, grid] of [[2, false], [5, false], [3, true], [12, false]] as const) {
      it(`matches brute force (${metric}, ${d}-d${grid ? ', many ties' : ''})`, () => {
        const n = 1500;
        const x = randomPoints(n, d, 7 + d, grid);
        const tree = KDTree.build(x, n, d, { metric, leafSize: 8 });
        const queries = randomPoints(40, d, 99, grid);
        const k = 9;
        for (let qi = 0; qi < 40; qi++) {
          const q = queries.subarray(qi * d, qi * d + d);
          const dist = bruteDistances(x, d, q, metric);
          const sorted = [...dist].sort((a, b) => a - b);
          const res = tree.knn(q, k);
          for (let s = 0; s < k; s++) {
            expect(res.distances[s]).toBeCloseTo(sorted[s]!, 9);
            expect(dist[res.indices[s]!]).toBeCloseTo(res.distances[s]!, 9);
          }
          const r = (sorted[25]! + sorted[26]!) / 2; // away from rounding at the boundary
          const inside = dist.map((v, i) => (v <= r ? i : -1)).filter((i) => i >= 0);
          expect(Array.from(tree.radius(q, r).indices)).toEqual(inside);
          expect(tree.radiusCount(q, r)).toBe(inside.length);
          expect(tree.radiusCount(q, r, 5)).toBe(Math.min(5, inside.length));
        }
      });
    }
  }

  it('handles identical points and k larger than n', () => {
    const x = new Float64Array(2 * 50).fill(1);
    const tree = KDTree.build(x, 50, 2);
    expect(tree.knn([1, 1], 60).indices.length).toBe(50);
    expect(tree.radiusCount([1, 1], 0)).toBe(50);
  });

  it('rejects bad shapes', () => {
    expect(() => KDTree.build(new Float64Array(5), 3, 2)).toThrow(/rows × dim/);
    const tree = KDTree.build(new Float64Array(4), 2, 2);
    expect(() => tree.knn([1, 2, 3], 1)).toThrow(/2 dimensions/);
  });
  it('selfKnnReduced matches knnReduced point by point (positions, distances, ties) and brute force', () => {
    for (const [metric, grid, d] of [['euclidean', false, 10], ['euclidean', true, 3], ['manhattan', false, 7], ['euclidean', false, 6]] as const) {
      const n = 700;
      const x = randomPoints(n, d, 11 + d, grid);
      const tree = KDTree.build(x, n, d, { metric, leafSize: 20 });
      const k = 9;
      const pos = new Int32Array(n * k);
      const dist = new Float64Array(n * k);
      tree.selfKnnReduced(k, pos, dist, 0, 300);
      tree.selfKnnReduced(k, pos, dist, 300);
      const p1 = new Int32Array(k);
      const d1 = new Float64Array(k);
      for (let q = 0; q < n; q++) {
        tree.knnReduced(tree.data, q * d, k, p1, d1, 0);
        expect(Array.from(pos.subarray(q * k, q * k + k))).toEqual(Array.from(p1));
        expect(Array.from(dist.subarray(q * k, q * k + k))).toEqual(Array.from(d1));
      }
      const q = 123;
      const brute = bruteDistances(x, d, Array.from(tree.data.subarray(q * d, q * d + d)), metric).sort((a, b) => a - b);
      for (let s = 0; s < k; s++) expect(tree.toDistance(dist[q * k + s]!)).toBeCloseTo(brute[s]!, 10);
    }
  });
  // Needs the WebAssembly kernels (off under HF_SEPARATE_NO_WASM=1).
  it.skipIf(process.env.HF_SEPARATE_NO_WASM === '1')('the WebAssembly self-kNN kernel gives the JavaScript walk’s positions and distances bit for bit', () => {
    // Gaussian data, a 5-value integer grid full of ties and duplicates, odd leaf sizes (SIMD tails),
    // one dimension, more neighbours than a leaf holds, and a chunked run.
    const cases = [
      { n: 900, d: 10, grid: false, leafSize: 20, k: 15 },
      { n: 800, d: 3, grid: true, leafSize: 7, k: 12 },
      { n: 500, d: 1, grid: false, leafSize: 5, k: 9 },
      { n: 600, d: 16, grid: false, leafSize: 13, k: 30 },
      { n: 40, d: 4, grid: true, leafSize: 24, k: 40 },
    ];
    for (const { n, d, grid, leafSize, k } of cases) {
      const x = randomPoints(n, d, 5 + d, grid);
      const tree = KDTree.build(x, n, d, { leafSize });
      const kernel = selfKnnKernel(tree, k);
      expect(kernel).not.toBeNull();
      kernel!.run(0, 100);
      kernel!.run(100, n);
      const pos = new Int32Array(n * k);
      const dist = new Float64Array(n * k);
      tree.selfKnnReduced(k, pos, dist);
      expect(Array.from(kernel!.pos)).toEqual(Array.from(pos));
      expect(Array.from(kernel!.dist)).toEqual(Array.from(dist));
    }
    expect(selfKnnKernel(KDTree.build(randomPoints(50, 3, 1), 50, 3, { metric: 'manhattan' }), 4)).toBeNull();
    // The radius search visits the same positions in the same order, with the same distances.
    for (const [n, d, leafSize, grid] of [[500, 3, 7, true], [400, 20, 16, false], [300, 1, 5, false]] as const) {
      const tree = KDTree.build(randomPoints(n, d, 3 + d, grid), n, d, { leafSize });
      const radius = radiusKernel(tree)!;
      expect(radius).not.toBeNull();
      for (const q of [0, 17, n - 1]) {
        for (const r2 of [0, grid ? 2 : 0.5, grid ? 5 : 3 * d]) {
          const pos: number[] = [];
          const dist: number[] = [];
          tree.radiusReduced(tree.data, q * d, r2, (p, v) => {
            pos.push(p);
            dist.push(v);
          });
          const found = radius.query(q, r2, Infinity);
          expect(Array.from(radius.pos.subarray(0, found))).toEqual(pos);
          expect(Array.from(radius.dist.subarray(0, found))).toEqual(dist);
          expect(radius.query(q, r2, 3)).toBe(Math.min(3, pos.length));
        }
      }
    }
    // The brute-force kernel (above 16 dimensions) loads too; its results are compared with the
    // JavaScript path through hdbscan in hdbscan.test.ts.
    const rows = { data: randomPoints(30, 20, 2), table: new Float64Array(30), perm: Int32Array.from({ length: 30 }, (_, i) => i), pivots: 1 };
    const brute = bruteKernel(rows, 20, 5, 64, 'euclidean', 1);
    expect(brute).not.toBeNull();
    brute!.core.fill(0);
    brute!.dist.fill(Infinity);
    for (let i = 1; i < 30; i++) brute!.remaining[i - 1] = i;
    const step = brute!.primStep(0, 29);
    let nearest = 1;
    const sq = (j: number): number => rows.data.subarray(j * 20, j * 20 + 20).reduce((acc, v, t) => acc + (v - rows.data[t]!) ** 2, 0);
    for (let j = 2; j < 30; j++) if (sq(j) < sq(nearest)) nearest = j;
    expect(step.vertex).toBe(nearest);
    expect(brute!.dist[nearest]).toBeCloseTo(Math.sqrt(sq(nearest)), 12);
    useWasmKernels(false);
    try {
      expect(selfKnnKernel(KDTree.build(randomPoints(50, 3, 1), 50, 3), 4)).toBeNull();
    } finally {
      useWasmKernels(true);
    }
  });
  // Needs the WebAssembly kernels (off under HF_SEPARATE_NO_WASM=1).
  it.skipIf(process.env.HF_SEPARATE_NO_WASM === '1')('worker threads fill the same neighbours as one thread, chunk by chunk, with progress', async () => {
    const n = 7000;
    const d = 6;
    const k = 11;
    const tree = KDTree.build(randomPoints(n, d, 21), n, d);
    const serial = selfKnnKernel(tree, k)!;
    serial.run(0, n);
    const parallel = selfKnnKernel(tree, k)!;
    const seen: number[] = [];
    const used = await parallelSelfKnn(parallel, tree, k, { threads: 3, onProgress: (done) => seen.push(done) });
    expect(used).toBe(true);
    expect(Array.from(parallel.pos)).toEqual(Array.from(serial.pos));
    expect(Array.from(parallel.dist)).toEqual(Array.from(serial.dist));
    expect(seen.at(-1)).toBe(n);
    expect(seen.length).toBe(Math.ceil(n / 2048));
    // One thread means no workers: the caller runs the kernel itself.
    expect(await parallelSelfKnn(selfKnnKernel(tree, k)!, tree, k, { threads: 1 })).toBe(false);
    const controller = new AbortController();
    controller.abort();
    await expect(parallelSelfKnn(selfKnnKernel(tree, k)!, tree, k, { threads: 2, signal: controller.signal })).rejects.toThrow(/cancelled/i);
  });
});
