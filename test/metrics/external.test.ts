import { describe, expect, it } from 'vitest';
import {
  adjustedMutualInfo,
  adjustedRandIndex,
  completeness,
  contingency,
  homogeneity,
  homogeneityCompletenessVMeasure,
  mutualInformation,
  normalizedMutualInfo,
  purity,
  vMeasure,
} from '../../src/metrics/index.js';
import { InputError } from '../../src/core/errors.js';

describe('external metrics, hand-computed cases', () => {
  it('ARI of identical, permuted and anti-correlated partitions', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    // 3 vs 3 split: true {0,1,2},{3,4,5}; pred {0,1},{2,3},{4,5}
    // pairs: tp=2 (01,45), same-true pairs=6, same-pred pairs=3, total 15
    // ARI = (2 - 6*3/15) / (0.5*(6+3) - 6*3/15) = (2 - 1.2) / (4.5 - 1.2) = 0.8/3.3
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.8 / 3.3, 12);
  });

  it('MI, NMI and V-measure on a two-class case', () => {
    // perfect 2×2 with equal halves: MI = ln 2, entropies ln 2
    expect(mutualInformation([0, 0, 1, 1], [5, 5, 7, 7])).toBeCloseTo(Math.LN2, 12);
    expect(normalizedMutualInfo([0, 0, 1, 1], [5, 5, 7, 7])).toBeCloseTo(1, 12);
    expect(normalizedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(normalizedMutualInfo([1, 1, 1], [2, 2, 2])).toBe(1);
    const h = homogeneityCompletenessVMeasure([0, 0, 1, 1], [0, 0, 1, 2]);
    expect(h.homogeneity).toBeCloseTo(1, 12);
    // completeness = MI / H(pred) = ln2 / (1.5 ln 2) = 2/3
    expect(h.completeness).toBeCloseTo(2 / 3, 12);
    expect(h.vMeasure).toBeCloseTo(0.8, 12);
    expect(homogeneity([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(1, 12);
    expect(completeness([0, 0, 1, 1], [0, 0, 0, 0])).toBe(1);
    expect(vMeasure([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 12);
  });

  it('AMI is 1 for identical partitions and 0 for all-singletons vs one cluster', () => {
    expect(adjustedMutualInfo([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1])).toBeCloseTo(1, 12);
    expect(adjustedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3])).toBeCloseTo(0, 12);
  });

  it('purity counts the majority class per predicted cluster', () => {
    expect(purity([0, 0, 1, 1, 1], [0, 0, 0, 1, 1])).toBeCloseTo(0.8, 12);
    expect(purity([0, 1, 2], [0, 1, 2])).toBe(1);
  });

  it('contingency table rows are true labels, columns predicted', () => {
    const c = contingency([0, 0, 1, -1], [1, 1, 1, 2]);
    expect(c.trueValues).toEqual([-1, 0, 1]);
    expect(c.predValues).toEqual([1, 2]);
    expect(Array.from(c.table.data)).toEqual([0, 1, 2, 0, 1, 0]);
  });

  it('noise handling: -1 is a label by default; exclude and singletons change the score', () => {
    const t = [0, 0, 0, 1, 1, 1];
    const p = [0, 0, -1, 1, 1, -1];
    // excluding the two noise rows leaves a perfect match
    expect(adjustedRandIndex(t, p, { noise: 'exclude' })).toBe(1);
    const asCluster = adjustedRandIndex(t, p);
    const singletons = adjustedRandIndex(t, p, { noise: 'singletons' });
    expect(asCluster).toBeLessThan(1);
    // singletons: pred {0,1},{2},{3,4},{5}: tp = 2, same-true = 6, same-pred = 2
    expect(singletons).toBeCloseTo((2 - (6 * 2) / 15) / (0.5 * (6 + 2) - (6 * 2) / 15), 12);
    expect(asCluster).not.toBeCloseTo(singletons, 6);
  });

  it('rejects mismatched lengths and non-integer labels, naming the field', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(InputError);
    try {
      adjustedRandIndex([0, 1.5], [0, 1]);
    } catch (e) {
      expect((e as InputError).field).toBe('labelsTrue[1]');
    }
    expect(() => adjustedRandIndex([0, 1], [0, 1], { noise: 'nope' as never })).toThrow(/noise/);
  });
});
