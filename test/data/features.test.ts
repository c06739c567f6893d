import { describe, expect, it } from 'vitest';
import { buildFeatures, loadData, quantileSorted, scaleParams } from '../../src/index.js';

describe('buildFeatures', () => {
  it('standardises numeric columns (population standard deviation)', async () => {
    const data = await loadData([{ a: 1, b: 10 }, { a: 2, b: 10 }, { a: 3, b: 10 }]);
    const f = buildFeatures(data, { numeric: ['a', 'b'] });
    // a: mean 2, sd sqrt(2/3); b is constant: scale falls back to 1.
    const sd = Math.sqrt(2 / 3);
    expect(Array.from(f.matrix.data)).toEqual([-1 / sd, 0, 0, 0, 1 / sd, 0]);
    expect(f.names).toEqual(['a', 'b']);
  });

  it('computes robust and min-max scaling by hand', () => {
    const v = Float64Array.from([1, 2, 3, 4, 100]);
    expect(scaleParams(v, 'minmax')).toEqual({ centre: 1, scale: 99 });
    // numpy percentiles: q1 = 2, median = 3, q3 = 4
    expect(scaleParams(v, 'robust')).toEqual({ centre: 3, scale: 2 });
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('imputes the median and says so, or skips rows and lists them', async () => {
    const rows = [{ a: 1 }, { a: null }, { a: 5 }, { a: 'NA' }];
    const data = await loadData(rows);
    const imputed = buildFeatures(data, { numeric: ['a'], scaling: 'none' });
    expect(Array.from(imputed.matrix.data)).toEqual([1, 3, 5, 3]);
    expect(imputed.missing).toEqual([{ column: 'a', count: 2, action: 'imputed with the median 3' }]);
    const skipped = buildFeatures(data, { numeric: ['a'], scaling: 'none', missing: 'skip' });
    expect(Array.from(skipped.rowIndex)).toEqual([0, 2]);
    expect(skipped.skipped).toEqual([
      { row: 1, reason: 'missing a' },
      { row: 3, reason: 'missing a' },
    ]);
    expect(() => buildFeatures(data, { numeric: ['a'], missing: 'error' })).toThrow(/2 missing values \(first on row 2\)/);
  });

  it('names the column and row of a value that is not a number', async () => {
    const data = await loadData([{ a: 1 }, { a: 2 }, { a: 'three' }], { kinds: { a: 'numeric' } });
    expect(() => buildFeatures(data, { numeric: ['a'] })).toThrow(/Column "a" in the data, row 3: "three" is not a number/);
  });

  it('one-hot encodes categories, pooling rare ones', async () => {
    const rows = [...Array(50).fill({ c: 'x' }), ...Array(49).fill({ c: 'y' }), { c: 'z' }];
    const data = await loadData(rows);
    const f = buildFeatures(data, { categorical: ['c'], minCategoryShare: 0.05 });
    expect(f.names).toEqual(['c=x', 'c=y', 'c=(other)']);
    const w = Math.SQRT1_2;
    expect(Array.from(f.matrix.data.subarray(0, 3))).toEqual([w, 0, 0]);
    expect(Array.from(f.matrix.data.subarray(99 * 3, 100 * 3))).toEqual([0, 0, w]);
  });
});
