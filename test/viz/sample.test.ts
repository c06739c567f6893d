import { describe, expect, it } from 'vitest';
import { stratifiedSample } from '../../src/viz/index.js';

function labelsOf(sizes: number[], outliers = 0): Int32Array {
  const out: number[] = [];
  sizes.forEach((s, c) => {
    for (let i = 0; i < s; i++) out.push(c);
  });
  for (let i = 0; i < outliers; i++) out.push(-1);
  // interleave deterministically so clusters are not contiguous
  return Int32Array.from(out.map((l, i) => [l, (i * 7919) % out.length] as const).sort((a, b) => a[1] - b[1]).map((p) => p[0]));
}

function countBy(labels: Int32Array, idx: Int32Array): Map<number, number> {
  const m = new Map<number, number>();
  for (const i of idx) m.set(labels[i]!, (m.get(labels[i]!) ?? 0) + 1);
  return m;
}

describe('stratifiedSample', () => {
  it('keeps everything when under the cap', () => {
    const labels = labelsOf([3, 4], 2);
    const s = stratifiedSample(labels, { maxPoints: 100 });
    expect([...s.indices]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.sampled).toBe(false);
    expect(s.note).toBeUndefined();
  });

  it('keeps every cluster (even tiny ones), in proportion, and all outliers up to the cap', () => {
    const labels = labelsOf([100000, 15000, 4000, 3, 1], 900);
    const s = stratifiedSample(labels, { maxPoints: 5000, maxOutliers: 1000, seed: 3 });
    expect(s.indices.length).toBe(5000);
    const counts = countBy(labels, s.indices);
    expect(counts.get(-1)).toBe(900); // all outliers
    expect(counts.get(3)).toBe(1); // tiny clusters survive (at least one row each)
    expect(counts.get(4)).toBe(1);
    // the rest is split in proportion to size: 4100 over 119004 rows
    expect(counts.get(0)).toBeGreaterThanOrEqual(Math.floor((4096 * 100000) / 119004) - 1);
    expect(Math.abs(counts.get(0)! / counts.get(1)! - 100000 / 15000)).toBeLessThan(0.02);
    expect(s.note).toBe('showing 5,000 of 119,904 points, sampled per cluster, all 900 outliers kept');
    // ascending, unique, in range
    for (let k = 1; k < s.indices.length; k++) expect(s.indices[k]!).toBeGreaterThan(s.indices[k - 1]!);
  });

  it('caps outliers and says so', () => {
    const labels = labelsOf([500, 500], 400);
    const s = stratifiedSample(labels, { maxPoints: 300, maxOutliers: 50, seed: 1 });
    const counts = countBy(labels, s.indices);
    expect(counts.get(-1)).toBe(50);
    expect(counts.get(0)! + counts.get(1)!).toBe(250);
    expect(s.outliers).toEqual({ total: 400, kept: 50 });
    expect(s.note).toBe('showing 300 of 1,400 points, sampled per cluster, 50 of 400 outliers kept');
  });

  it('is deterministic for a seed and varies with it', () => {
    const labels = labelsOf([2000, 1000], 10);
    const a = stratifiedSample(labels, { maxPoints: 100, seed: 9 });
    const b = stratifiedSample(labels, { maxPoints: 100, seed: 9 });
    const c = stratifiedSample(labels, { maxPoints: 100, seed: 10 });
    expect([...a.indices]).toEqual([...b.indices]);
    expect([...a.indices]).not.toEqual([...c.indices]);
  });

  it('with more clusters than room, the largest clusters get one row each', () => {
    const labels = labelsOf([5, 50, 20, 30, 1]);
    const s = stratifiedSample(labels, { maxPoints: 3, seed: 2 });
    expect([...countBy(labels, s.indices).keys()].sort()).toEqual([1, 2, 3]);
  });

  it('rejects a non-positive cap', () => {
    expect(() => stratifiedSample(new Int32Array(3), { maxPoints: 0 })).toThrow(/maxPoints/);
  });
});
