import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, normalizedMutualInfo, toLabelArray } from '../../src/index.js';

describe('labels', () => {
  it('codes class names in sorted order', () => {
    expect(Array.from(toLabelArray(['Gentoo', 'Adelie', 'Gentoo', 'Chinstrap']))).toEqual([2, 0, 2, 1]);
  });

  it('scores string labels like their integer codes', () => {
    const truth = ['a', 'a', 'b', 'b', 'c', 'c'];
    const pred = [0, 0, 1, 1, 1, 2];
    const codes = [0, 0, 1, 1, 2, 2];
    expect(adjustedRandIndex(truth, pred)).toBe(adjustedRandIndex(codes, pred));
    expect(normalizedMutualInfo(truth, pred)).toBe(normalizedMutualInfo(codes, pred));
    expect(adjustedRandIndex(truth, ['x', 'x', 'y', 'y', 'z', 'z'])).toBe(1);
  });

  it('names a missing label and a non-integer number', () => {
    expect(() => toLabelArray(['a', null as unknown as string])).toThrow(/labels\[1\] is missing/);
    expect(() => toLabelArray([0, 1.5])).toThrow(/labels\[1\] is 1.5, not an integer/);
  });
});
