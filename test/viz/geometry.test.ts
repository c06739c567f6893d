import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import { clusterHulls, convexHull, densityRegions, forceLayout, polygonArea } from '../../src/viz/index.js';
import { matrix } from '../../src/core/matrix.js';

const cross = (xs: ArrayLike<number>, ys: ArrayLike<number>, o: number, a: number, b: number): number =>
  (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!);

describe('convexHull (Andrew monotone chain)', () => {
  it('hand-checked square with an interior point, a collinear edge point and a duplicate', () => {
    //            0  1  2  3  4  5  6
    const xs = [1, 0, 2, 1, 2, 0, 0];
    const ys = [1, 0, 0, 0, 2, 2, 0];
    const hull = convexHull(xs, ys);
    // counter-clockwise from the lowest-x, lowest-y corner; (1,0) is on an edge, (1,1) inside, 6 duplicates 1
    expect([...hull]).toEqual([1, 2, 4, 5]);
    expect(polygonArea(xs, ys, hull)).toBe(4);
  });

  it('small and degenerate cases', () => {
    expect([...convexHull([], [])]).toEqual([]);
    expect([...convexHull([3], [4])]).toEqual([0]);
    expect([...convexHull([0, 1, 2, 3], [0, 1, 2, 3])]).toEqual([0, 3]); // all collinear: the two ends
    expect([...convexHull([0, 4, 0], [0, 0, 3])]).toEqual([0, 1, 2]);
    expect(polygonArea([0, 4, 0], [0, 0, 3], [0, 1, 2])).toBe(6);
    // a subset of the rows
    expect([...convexHull([9, 0, 4, 0, 9], [9, 0, 0, 3, 9], [1, 2, 3])]).toEqual([1, 2, 3]);
  });

  it('on random clouds the hull contains every point and turns strictly left at every vertex', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + rng.int(300);
      const xs = Float64Array.from({ length: n }, () => rng.normal());
      const ys = Float64Array.from({ length: n }, () => (trial % 2 ? rng.next() : rng.normal()));
      const hull = convexHull(xs, ys);
      const h = hull.length;
      expect(h).toBeGreaterThanOrEqual(3);
      let minTurn = Infinity;
      let minSide = Infinity;
      for (let k = 0; k < h; k++) {
        const a = hull[k]!;
        const b = hull[(k + 1) % h]!;
        minTurn = Math.min(minTurn, cross(xs, ys, a, b, hull[(k + 2) % h]!));
        for (let p = 0; p < n; p++) minSide = Math.min(minSide, cross(xs, ys, a, b, p));
      }
      expect(minTurn).toBeGreaterThan(0);
      expect(minSide).toBeGreaterThanOrEqual(-1e-12);
    }
  });

  it('clusterHulls builds one closed ring per cluster, optionally from core rows only', () => {
    const coords = matrix(Float64Array.from([0, 0, 2, 0, 2, 2, 0, 2, 1.2, 1.2, 10, 10, 11, 10, 10, 11, 50, 50]), 9, 2);
    const labels = Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, -1]);
    const rows = clusterHulls({ coords, labels });
    expect(rows.filter((r) => r.cluster === 0).map((r) => [r.x, r.y])).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
    expect(rows.filter((r) => r.cluster === 1)).toHaveLength(3);
    const probabilities = Float64Array.from([1, 1, 0.1, 1, 1, 1, 1, 1, 0]);
    const core = clusterHulls({ coords, labels, probabilities }, 0.5);
    expect(core.filter((r) => r.cluster === 0).map((r) => [r.x, r.y])).toEqual([
      [0, 0],
      [2, 0],
      [1.2, 1.2],
      [0, 2],
    ]);
  });
});

describe('forceLayout (Fruchterman–Reingold)', () => {
  // Two 5-cliques joined by one edge.
  const edges: { source: number; target: number }[] = [];
  for (const offset of [0, 5]) {
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) edges.push({ source: offset + a, target: offset + b });
  }
  edges.push({ source: 0, target: 5 });

  it('is deterministic for a seed, byte for byte, and changes with the seed', () => {
    const a = forceLayout(10, edges, { seed: 1 });
    const b = forceLayout(10, edges, { seed: 1 });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = forceLayout(10, edges, { seed: 2 });
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('fits the unit square and pulls linked nodes together', () => {
    const xy = forceLayout(10, edges, { seed: 4 });
    for (const v of xy) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    const d = (i: number, j: number): number => Math.hypot(xy[2 * i]! - xy[2 * j]!, xy[2 * i + 1]! - xy[2 * j + 1]!);
    let within = 0;
    let across = 0;
    for (let i = 0; i < 10; i++) {
      for (let j = i + 1; j < 10; j++) {
        if (i < 5 === j < 5) within += d(i, j) / 20;
        else across += d(i, j) / 25;
      }
    }
    expect(within).toBeLessThan(across * 0.6);
  });

  it('handles tiny graphs and rejects bad edges', () => {
    expect([...forceLayout(0, [])]).toEqual([]);
    expect([...forceLayout(1, [])]).toEqual([0.5, 0.5]);
    const two = forceLayout(2, [{ source: 0, target: 1 }]);
    expect(Math.max(...two)).toBeLessThanOrEqual(1);
    expect(() => forceLayout(2, [{ source: 0, target: 2 }])).toThrow(/outside/);
  });
});

describe('densityRegions (binned Gaussian KDE per cluster)', () => {
  const rng = createRng(8);
  const n = 400;
  const xy = new Float64Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    labels[i] = c;
    xy[2 * i] = (c === 0 ? 0 : 10) + rng.normal();
    xy[2 * i + 1] = rng.normal();
  }
  const input = { coords: matrix(xy, n, 2), labels };
  const cellAt = (cells: ReturnType<typeof densityRegions>, x: number, y: number) =>
    cells.find((c) => c.x <= x && x < c.x2 && c.y <= y && y < c.y2);

  it('gives each centre to its own cluster, fades with distance, and leaves empty space empty', () => {
    const cells = densityRegions(input, { gridSize: 40 });
    expect(cellAt(cells, 0, 0)!.cluster).toBe(0);
    expect(cellAt(cells, 10, 0)!.cluster).toBe(1);
    expect(cellAt(cells, 0, 0)!.density).toBeGreaterThan(0.6);
    expect(cellAt(cells, 0, 2.5)?.density ?? 0).toBeLessThan(cellAt(cells, 0, 0)!.density);
    expect(cellAt(cells, 5, 0)).toBeUndefined(); // the gap between the blobs
    expect(Math.max(...cells.map((c) => c.density))).toBe(1);
  });

  it('is deterministic and validates the grid', () => {
    expect(densityRegions(input)).toEqual(densityRegions(input));
    expect(() => densityRegions(input, { gridSize: 2 })).toThrow(/gridSize/);
    expect(densityRegions({ coords: matrix(new Float64Array(4), 2, 2), labels: Int32Array.from([-1, -1]) })).toEqual([]);
  });
});
