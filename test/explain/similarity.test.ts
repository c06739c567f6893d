import { describe, expect, it } from 'vitest';
import { clusterSimilarity, explainRow } from '../../src/explain/similarity.js';
import { clusterCentroids } from '../../src/explain/centroids.js';
import { fromArrays } from '../../src/core/matrix.js';
import { InputError } from '../../src/core/errors.js';

// Two tight pairs and one outlier.
const x = fromArrays([
  [0, 0],
  [0, 1],
  [4, 0],
  [4, 1],
  [10, 10],
]);
const labels = Int32Array.from([0, 0, 1, 1, -1]);
const texts = ['red bird wing', 'bird feather wing', 'fish water fin', 'water fish scale', 'nothing here'];

describe('explainRow', () => {
  it('explains a row on a tiny set by hand', () => {
    const e = explainRow(1, {
      features: x,
      labels,
      texts,
      probabilities: [1, 0.5, 0.8, 0.6, 0],
      outlierScores: [0, 0.9, 0.1, 0.2, 1],
      keywords: new Map([[0, ['bird', 'wing', 'red']], [1, ['fish', 'water']]]),
      table: { numeric: { weight: [1, 2, 10, 11, 30] }, categorical: { kind: ['bird', 'bird', 'fish', 'fish', 'rock'] } },
    });
    expect(e.cluster).toBe(0);
    expect(e.distanceToCentroid).toBeCloseTo(0.5, 12); // centroid (0, 0.5)
    expect(e.nearestOtherCluster!.cluster).toBe(1);
    expect(e.nearestOtherCluster!.distance).toBeCloseTo(Math.sqrt(16.25), 12); // to (4, 0.5)
    expect(e.margin).toBeCloseTo(0.5 / Math.sqrt(16.25), 12);
    expect(e.exemplars).toEqual([{ row: 0, distance: 1, text: 'red bird wing' }]);
    expect(e.sharedTerms).toEqual(['bird', 'wing']);
    expect([e.probability, e.outlierScore]).toEqual([0.5, 0.9]);
    // weight: overall mean 10.8, sd = sqrt(Σ(x−10.8)²/4) = sqrt(542.8/4) = 11.649; cluster mean 1.5
    expect(e.closestFeatures![0]!.feature).toBe('weight');
    expect(e.closestFeatures![0]!.z).toBeCloseTo((2 - 1.5) / Math.sqrt(542.8 / 4), 10);
    expect(e.sharedCategories).toEqual([{ feature: 'kind', value: 'bird', clusterShare: 1 }]);
    expect(e.summary).toBe(
      'Row 1 is in cluster 0 (probability 0.50): 8.1× closer to its centre than to cluster 1; shares bird, wing; typical weight 2; kind = bird like 100% of it.',
    );
  });

  it('points an outlier to its nearest cluster', () => {
    const e = explainRow(4, { features: x, labels });
    expect(e.cluster).toBe(-1);
    expect(Number.isNaN(e.distanceToCentroid)).toBe(true);
    expect(e.nearestOtherCluster!.cluster).toBe(1);
    expect(e.exemplars.map((r) => r.row)).toEqual([3, 2]);
    expect(e.summary).toBe('Row 4 is an outlier: nearest cluster 1.');
    const centroids = clusterCentroids(x, labels);
    expect(explainRow(4, { features: x, labels, centroids })).toEqual(e);
    expect(() => explainRow(9, { features: x, labels })).toThrow(InputError);
  });
});

describe('clusterSimilarity', () => {
  it('computes the centroid cosine matrix and nearest clusters', () => {
    // centroids (1, 0), (0, 1), (1, 1)
    const f = fromArrays([[1, 0], [1, 0], [0, 1], [0, 1], [1, 1], [1, 1]]);
    const s = clusterSimilarity(f, [0, 0, 1, 1, 2, 2], { center: false });
    expect(s.clusters).toEqual([0, 1, 2]);
    const m = Array.from(s.matrix.data);
    const r = Math.SQRT1_2;
    [1, 0, r, 0, 1, r, r, r, 1].forEach((v, k) => expect(m[k]).toBeCloseTo(v, 12));
    expect(s.nearest[0]!.neighbors.map((n) => n.cluster)).toEqual([2, 1]);
    // centred: mean (2/3, 2/3) → (1/3, −2/3), (−2/3, 1/3), (1/3, 1/3); cos(0, 1) = (−2/9 − 2/9) / (5/9) = −0.8
    const c = clusterSimilarity(f, [0, 0, 1, 1, 2, 2]);
    expect(c.matrix.data[1]).toBeCloseTo(-0.8, 12);
  });
});
