import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/core/matrix.js';
import { trustworthiness } from '../../src/reduce/index.js';
import fixture from './fixtures/sklearn-reference.json';

describe('trustworthiness', () => {
  it('equals scikit-learn on a fixture', () => {
    const high = fromArrays(fixture.x);
    const low = fromArrays(fixture.low);
    for (const [k, value] of Object.entries(fixture.trustworthiness)) {
      expect(trustworthiness(high, low, Number(k))).toBeCloseTo(value, 12);
    }
  });

  it('is 1 for an embedding that keeps every neighbourhood', () => {
    const x = fromArrays([[0, 0, 5], [1, 0, 5], [3, 0, 5], [7, 0, 5], [15, 0, 5], [31, 0, 5]]);
    const y = fromArrays([[0], [1], [3], [7], [15], [31]]);
    expect(trustworthiness(x, y, 2)).toBe(1);
  });
});
