import { describe, expect, it } from 'vitest';
import { fromArrays } from '../../src/core/matrix.js';
import {
  adjustedMutualInfo,
  adjustedRandIndex,
  calinskiHarabasz,
  contingency,
  daviesBouldin,
  homogeneityCompletenessVMeasure,
  mutualInformation,
  normalizedMutualInfo,
  purity,
  silhouetteSamples,
  silhouetteScore,
  type AverageMethod,
  type DistanceMetric,
} from '../../src/metrics/index.js';
import fixture from '../fixtures/sklearn/metrics.json';

const x = fromArrays(fixture.x);
const labelings = fixture.labelings as Record<string, number[]>;
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6);

describe('metrics agree with scikit-learn 1.2 to 1e-6', () => {
  for (const e of fixture.external) {
    it(`external metrics: true vs ${e.pred}`, () => {
      const a = labelings[e.true]!;
      const b = labelings[e.pred]!;
      close(adjustedRandIndex(a, b), e.ari);
      close(mutualInformation(a, b), e.mi);
      for (const [m, v] of Object.entries(e.nmi)) close(normalizedMutualInfo(a, b, { averageMethod: m as AverageMethod }), v);
      for (const [m, v] of Object.entries(e.ami)) close(adjustedMutualInfo(a, b, { averageMethod: m as AverageMethod }), v);
      const h = homogeneityCompletenessVMeasure(a, b);
      close(h.homogeneity, e.homogeneity);
      close(h.completeness, e.completeness);
      close(h.vMeasure, e.vMeasure);
      close(purity(a, b), e.purity);
      expect(contingency(a, b).table.data).toEqual(Float64Array.from(e.contingency.flat()));
    });
  }
  for (const e of fixture.internal) {
    it(`internal metrics: ${e.labels}`, () => {
      const lab = labelings[e.labels]!;
      for (const [m, v] of Object.entries(e.silhouette)) close(silhouetteScore(x, lab, { metric: m as DistanceMetric }), v);
      close(calinskiHarabasz(x, lab), e.calinskiHarabasz);
      close(daviesBouldin(x, lab), e.daviesBouldin);
      if (e.silhouetteSamples) {
        const s = silhouetteSamples(x, lab);
        e.silhouetteSamples.forEach((v, i) => close(s[i]!, v));
      }
    });
  }
});
