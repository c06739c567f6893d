import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/core/matrix.js';
import {
  calinskiHarabasz,
  clusterStability,
  daviesBouldin,
  dbcv,
  silhouetteSamples,
  silhouetteScore,
  stabilityAcrossRuns,
} from '../../src/metrics/index.js';

const line = fromArrays([[0], [1], [10], [11]]);

describe('internal metrics, hand-computed cases', () => {
  it('silhouette on two pairs on a line', () => {
    const s = silhouetteSamples(line, [0, 0, 1, 1]);
    // row 0: a = 1, b = (10 + 11) / 2 = 10.5 → 9.5 / 10.5
    expect(s[0]).toBeCloseTo(9.5 / 10.5, 12);
    // row 1: a = 1, b = (9 + 10) / 2 = 9.5 → 8.5 / 9.5
    expect(s[1]).toBeCloseTo(8.5 / 9.5, 12);
    expect(silhouetteScore(line, [0, 0, 1, 1])).toBeCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, 12);
  });

  it('silhouette: singleton clusters score 0; noise can be excluded', () => {
    const x = fromArrays([[0], [1], [10], [50]]);
    const s = silhouetteSamples(x, [0, 0, 1, 2]);
    expect(s[2]).toBe(0);
    expect(s[3]).toBe(0);
    const ex = silhouetteSamples(line, [0, 0, 1, -1], { noise: 'exclude' });
    expect(Number.isNaN(ex[3]!)).toBe(true);
    expect(() => silhouetteScore(line, [0, 0, 0, 0])).toThrow(/between 2 and n - 1/);
  });

  it('silhouette sampling is seeded and exact: true ignores the sample size', () => {
    const rows: number[][] = [];
    const lab: number[] = [];
    for (let i = 0; i < 200; i++) {
      rows.push([(i % 2) * 10 + Math.sin(i), Math.cos(i * 7)]);
      lab.push(i % 2);
    }
    const x = fromArrays(rows);
    const a = silhouetteScore(x, lab, { sampleSize: 50, seed: 3 });
    expect(silhouetteScore(x, lab, { sampleSize: 50, seed: 3 })).toBe(a);
    expect(silhouetteScore(x, lab, { sampleSize: 50, seed: 4 })).not.toBe(a);
    expect(silhouetteScore(x, lab, { sampleSize: 50, exact: true })).toBe(silhouetteScore(x, lab));
  });

  it('Calinski–Harabasz and Davies–Bouldin on two pairs', () => {
    // means 0.5 and 10.5, overall 5.5: extra = 2*25 + 2*25 = 100; intra = 4 * 0.25 = 1
    // CH = 100 * (4 - 2) / (1 * 1) = 200
    expect(calinskiHarabasz(line, [0, 0, 1, 1])).toBeCloseTo(200, 10);
    // spreads 0.5 and 0.5, centroid distance 10: DB = (1/10 + 1/10) / 2
    expect(daviesBouldin(line, [0, 0, 1, 1])).toBeCloseTo(0.1, 12);
  });

  it('DBCV on a hand-computed 1-D case', () => {
    // clusters {0,1,2} and {10,11,12}, d = 1: core(0) = ((1/1 + 1/2)/2)^-1 = 4/3, core(1) = 1.
    // MST of cluster 0: edges (0,1) w=max(1, 4/3, 1)=4/3 and (1,2) w=4/3 → middle node internal only,
    // no internal edge → sparseness = max over all edges = 4/3.
    // separation between internal nodes 1 and 11: max(10, 1, 1) = 10.
    // V = (10 - 4/3) / 10 = 0.8666..., both clusters, weights 3/6 each → 0.8666...
    const x = fromArrays([[0], [1], [2], [10], [11], [12]]);
    const r = dbcv(x, [0, 0, 0, 1, 1, 1]);
    expect(r.sparseness[0]).toBeCloseTo(4 / 3, 12);
    expect(r.separation[0]).toBeCloseTo(10, 12);
    expect(r.score).toBeCloseTo((10 - 4 / 3) / 10, 12);
    // Noise rows count in n: adding one noise row scales the score by 6/7.
    const xn = fromArrays([[0], [1], [2], [10], [11], [12], [100]]);
    expect(dbcv(xn, [0, 0, 0, 1, 1, 1, -1]).score).toBeCloseTo(((10 - 4 / 3) / 10) * (6 / 7), 12);
  });

  it('DBCV stays finite in high dimension', () => {
    const rows: number[][] = [];
    const lab: number[] = [];
    for (let i = 0; i < 60; i++) {
      const c = i % 2;
      rows.push(Array.from({ length: 384 }, (_, j) => c * 5 + Math.sin(i * 13 + j)));
      lab.push(c);
    }
    const r = dbcv(fromArrays(rows), lab);
    expect(Number.isFinite(r.score)).toBe(true);
    expect(r.score).toBeGreaterThan(0);
  });

  it('stability: identical partitions give 1, resampled runs compare shared rows', async () => {
    expect(clusterStability([[0, 0, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1]]).mean).toBe(1);
    const r = clusterStability([[0, 0, 1, 1], [0, 1, 0, 1]]);
    expect(r.mean).toBeCloseTo(-0.5, 12);
    // run 0 saw rows 0..3, run 1 saw rows 2,3,0,0(dup): shared rows 0,2,3
    const b = clusterStability([[0, 0, 1, 1], [5, 5, 7, 7]], { indices: [[0, 1, 2, 3], [2, 3, 0, 0]] });
    // run 0 labels rows 0,2,3 as 0,1,1; run 1 as 7,5,5 → identical partition
    expect(b.mean).toBe(1);
    const s = await stabilityAcrossRuns(line, (m) => Array.from({ length: m.rows }, (_, i) => (m.data[i]! > 5 ? 1 : 0)), {
      runs: 3,
      mode: 'bootstrap',
      seed: 1,
    });
    expect(s.runs).toBe(3);
    expect(s.indices).toHaveLength(3);
  });
});

describe('silhouette on wide rows (blocked kernel path) equals a brute-force computation', () => {
  it('euclidean, sqeuclidean and cosine, 150 × 40 with a zero row', () => {
    const n = 150;
    const d = 40;
    const rows: number[][] = [];
    const lab: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = i % 3;
      rows.push(Array.from({ length: d }, (_, j) => (i === 7 ? 0 : c * 2 + Math.sin(i * 31 + j * 7) + 3)));
      lab.push(c);
    }
    const x = fromArrays(rows);
    const dist = {
      euclidean: (a: number[], b: number[]) => Math.sqrt(a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0)),
      sqeuclidean: (a: number[], b: number[]) => a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0),
      cosine: (a: number[], b: number[]) => {
        const na = Math.hypot(...a);
        const nb = Math.hypot(...b);
        const dotAB = a.reduce((s, v, j) => s + v * b[j]!, 0);
        return 1 - (na && nb ? dotAB / (na * nb) : 0);
      },
    };
    for (const metric of ['euclidean', 'sqeuclidean', 'cosine'] as const) {
      const s = silhouetteSamples(x, lab, { metric });
      for (let i = 0; i < n; i++) {
        const mean = (c: number) => {
          let t = 0;
          let m = 0;
          for (let j = 0; j < n; j++) {
            if (j === i || lab[j] !== c) continue;
            t += dist[metric](rows[i]!, rows[j]!);
            m++;
          }
          return t / m;
        };
        const a = mean(lab[i]!);
        const b = Math.min(...[0, 1, 2].filter((c) => c !== lab[i]).map(mean));
        expect(Math.abs(s[i]! - (b - a) / Math.max(a, b))).toBeLessThan(1e-9);
      }
    }
  });
});
