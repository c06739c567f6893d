import { Matrix as MlMatrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  fromArrays,
  fromMlMatrix,
  hconcat,
  InputError,
  isMatrix,
  matrix,
  rowView,
  sliceRows,
  takeRows,
  toArrays,
  toFloat32,
  toMlMatrix,
  zeros,
} from '../../src/index.js';

describe('Matrix', () => {
  it('is row-major and views rows without copying', () => {
    const x = matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 2);
    const r = rowView(x, 1);
    expect(Array.from(r)).toEqual([3, 4]);
    r[0] = 30;
    expect(x.data[2]).toBe(30);
    const s = sliceRows(x, 1, 3);
    expect(s.rows).toBe(2);
    expect(s.data.buffer).toBe(x.data.buffer);
    expect(toArrays(s)).toEqual([
      [30, 4],
      [5, 6],
    ]);
  });

  it('rejects data of the wrong length, naming the field', () => {
    expect(() => matrix(new Float32Array(5), 2, 3)).toThrow(InputError);
    try {
      matrix(new Float32Array(5), 2, 3);
    } catch (e) {
      expect((e as InputError).code).toBe('BAD_SHAPE');
      expect((e as InputError).field).toBe('data');
    }
  });

  it('round-trips through number[][] and ml-matrix', () => {
    const rows = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const x = fromArrays(rows);
    expect(isMatrix(x)).toBe(true);
    expect(toArrays(x)).toEqual(rows);
    const ml = toMlMatrix(x);
    expect(ml).toBeInstanceOf(MlMatrix);
    expect(ml.get(1, 2)).toBe(6);
    expect(toArrays(fromMlMatrix(ml))).toEqual(rows);
    expect(() => fromArrays([[1, 2], [3]])).toThrow(/Row 1 has 1 values/);
  });

  it('takes rows, concatenates and converts precision', () => {
    const a = fromArrays([[1], [2], [3]]);
    const b = fromArrays([[10, 20], [30, 40], [50, 60]]);
    expect(toArrays(takeRows(a, [2, 0]))).toEqual([[3], [1]]);
    expect(toArrays(hconcat([a, b]))).toEqual([
      [1, 10, 20],
      [2, 30, 40],
      [3, 50, 60],
    ]);
    expect(toFloat32(a).data).toBeInstanceOf(Float32Array);
    expect(zeros(2, 2, 'float32').data).toBeInstanceOf(Float32Array);
    expect(isMatrix({ data: new Float32Array(3), rows: 2, cols: 2 })).toBe(false);
  });
});

describe('totalVariance', () => {
  it('sums the population variances of the columns', async () => {
    const { totalVariance } = await import('../../src/index.js');
    // column 0: values 0, 2 → variance 1; column 1: 0, 4 → variance 4
    expect(totalVariance(fromArrays([[0, 0], [2, 4]]))).toBe(5);
  });
});
