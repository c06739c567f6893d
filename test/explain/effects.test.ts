import { describe, expect, it } from 'vitest';
import { cohensD, clusterFeatureEffects, type CategoryEffect, type NumericEffect } from '../../src/explain/effects.js';
import { featureTableFromRows } from '../../src/explain/table.js';
import { averageRanks, erfc, hypergeometricUpperTail, regularizedBeta, studentTTwoSided, welchTTest } from '../../src/explain/stats.js';

describe('stats', () => {
  it('matches reference values (scipy)', () => {
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(regularizedBeta(0.3, 2, 5)).toBeCloseTo(0.579825, 6);
    expect(studentTTwoSided(2.228, 10)).toBeCloseTo(0.05001177181711133, 9);
    const w = welchTTest(5, 1, 10, 4, 1, 10);
    expect(w.t).toBeCloseTo(2.23606797749979, 12);
    expect(w.df).toBeCloseTo(18, 12);
    expect(w.p).toBeCloseTo(0.038249614516113854, 10);
    expect(hypergeometricUpperTail(3, 10, 3, 3)).toBeCloseTo(1 / 120, 12);
    expect(hypergeometricUpperTail(3, 10, 4, 4)).toBeCloseTo(0.11904761904761904, 12);
    expect(hypergeometricUpperTail(1, 50, 10, 5)).toBeCloseTo(0.6894372179954313, 12);
    expect(hypergeometricUpperTail(0, 50, 10, 5)).toBe(1);
    // large N: far tail and around the mean (scipy hypergeom.sf)
    expect(hypergeometricUpperTail(6000, 100000, 25000, 20000) / 1.4558118377355042e-72).toBeCloseTo(1, 8);
    expect(hypergeometricUpperTail(5000, 100000, 25000, 20000)).toBeCloseTo(0.503277608645438, 9);
    expect(hypergeometricUpperTail(100, 100000, 25000, 20000)).toBe(1);
  });
});

describe('clusterFeatureEffects', () => {
  it('computes Cohen d and Welch t by hand', () => {
    // cluster 0: 1 2 3 (mean 2, var 1); rest: 4 5 6 7 (mean 5.5, var 5/3)
    // pooled sd = sqrt((2·1 + 3·5/3)/5) = sqrt(7/5); d = −3.5 / sqrt(1.4) = −2.9580
    // Welch t = −3.5 / sqrt(1/3 + 5/12) = −4.0415, p = 0.010077 (scipy)
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 1]);
    const e = clusterFeatureEffects({ numeric: { x: [1, 2, 3, 4, 5, 6, 7] } }, labels);
    const x0 = e.get(0)![0] as NumericEffect;
    expect(x0.meanIn).toBeCloseTo(2, 12);
    expect(x0.meanOut).toBeCloseTo(5.5, 12);
    expect(x0.cohensD).toBeCloseTo(-3.5 / Math.sqrt(1.4), 10);
    expect(x0.t).toBeCloseTo(-4.041451884327381, 10);
    expect(x0.pValue).toBeCloseTo(0.010076943347988853, 8);
    expect(x0.detail).toBe('x: 2 vs 5.5 elsewhere (d = -2.96, p = 0.01)');
    expect((e.get(1)![0] as NumericEffect).cohensD).toBeCloseTo(3.5 / Math.sqrt(1.4), 10);
    expect(cohensD(1, 0, 5, 1, 0, 5)).toBe(0);
  });

  it('offers the Mann–Whitney U test (matches scipy, asymptotic with tie and continuity correction)', () => {
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 1]);
    const e = clusterFeatureEffects({ numeric: { x: [1, 2, 3, 4, 5, 6, 7] } }, labels, { test: 'mannWhitney' });
    const x0 = e.get(0)![0] as NumericEffect;
    expect(x0.u).toBe(0);
    expect(x0.rankBiserial).toBe(-1);
    expect(x0.pValue).toBeCloseTo(0.05182992721790968, 6);
    expect(x0.detail).toBe('x: 2 vs 5.5 elsewhere (d = -2.96, U test p = 0.05)');
    // ties: group [1, 2, 2, 5, 9] vs [2, 3, 4, 4, 7, 8]: scipy U = 11, p = 0.5180
    const tied = clusterFeatureEffects(
      { numeric: { x: [1, 2, 2, 5, 9, 2, 3, 4, 4, 7, 8] } },
      Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]),
      { test: 'mannWhitney' },
    );
    const t0 = tied.get(0)![0] as NumericEffect;
    expect(t0.u).toBe(11);
    expect(t0.pValue).toBeCloseTo(0.5180220945903762, 6);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 7);
    expect(averageRanks([10, 20, 20, NaN, 30]).ranks).toEqual(Float64Array.from([1, 2.5, 2.5, NaN, 4]));
  });

  it('ignores missing values', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1]);
    const e = clusterFeatureEffects({ numeric: { x: [1, 2, NaN, 3, 4, 5, 6, 7, NaN] } }, labels);
    const x0 = e.get(0)![0] as NumericEffect;
    expect([x0.nIn, x0.nOut]).toEqual([3, 4]);
    expect(x0.t).toBeCloseTo(-4.041451884327381, 10);
  });

  it('computes lift, Cohen h and hypergeometric p-values by hand', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const color = ['a', 'a', 'a', 'b', 'a', 'b', 'b', 'c', 'c', 'c'];
    const e = clusterFeatureEffects({ categorical: { color } }, labels);
    const list = e.get(0)! as CategoryEffect[];
    const a = list.find((x) => x.category === 'a')!;
    expect(a.shareIn).toBe(0.75);
    expect(a.shareAll).toBe(0.4);
    expect(a.lift).toBeCloseTo(1.875, 12);
    expect(a.pValue).toBeCloseTo(0.11904761904761904, 12); // P(X >= 3), X ~ H(N=10, K=4, n=4)
    expect(a.cohensH).toBeCloseTo(2 * Math.asin(Math.sqrt(0.75)) - 2 * Math.asin(Math.sqrt(1 / 6)), 12);
    expect(a.detail).toBe('color = a: 75% vs 40% overall (lift 1.88, p = 0.12)');
    const c = list.find((x) => x.category === 'c')!;
    expect(c.pValue).toBeCloseTo(1 / 6, 12); // P(X <= 0), X ~ H(10, 3, 4)
    // ranked by |effect|: a (h = 1.25) and c (h = −1.57) come before b
    expect(list.map((x) => x.category)).toEqual(['c', 'a', 'b']);
  });

  it('filters and truncates', () => {
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 1]);
    const e = clusterFeatureEffects({ numeric: { x: [1, 2, 3, 4, 5, 6, 7], y: [1, 1, 2, 1, 2, 1, 2] } }, labels, { maxPValue: 0.05 });
    expect(e.get(0)!.map((f) => f.feature)).toEqual(['x']);
    expect(clusterFeatureEffects({ numeric: { x: [1, 2, 3, 4, 5, 6, 7], y: [1, 1, 2, 1, 2, 1, 2] } }, labels, { topN: 1 }).get(0)!.length).toBe(1);
  });
});

describe('featureTableFromRows', () => {
  it('infers numeric and categorical columns and skips ids and free text', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      id: i + 1,
      age: 20 + (i % 9),
      region: i % 2 ? 'north' : 'south',
      note: `free text number ${i}`,
      flag: i % 3 === 0,
    }));
    const t = featureTableFromRows(rows);
    expect(Object.keys(t.numeric!)).toEqual(['age']);
    expect(Object.keys(t.categorical!).sort()).toEqual(['flag', 'region']);
    const named = featureTableFromRows(rows, { numericColumns: ['id'] });
    expect(Array.from(named.numeric!.id!).slice(0, 2)).toEqual([1, 2]);
  });
});
