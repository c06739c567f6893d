import { describe, expect, it } from 'vitest';
import { qualityReport, qualityReportMarkdown } from '../../src/explain/quality.js';
import { fromArrays } from '../../src/core/matrix.js';

const x = fromArrays([
  [0, 0],
  [0, 1],
  [4, 0],
  [4, 1],
  [10, 10],
]);
const labels = Int32Array.from([0, 0, 1, 1, -1]);

describe('qualityReport', () => {
  it('computes per-cluster and overall numbers by hand', () => {
    const r = qualityReport({
      features: x,
      labels,
      probabilities: [1, 0.5, 0.8, 0.6, 0],
      outlierScores: [0, 0.9, 0.1, 0.2, 1],
      persistence: { 0: 0.9, 1: 0.4 },
      stability: 0.95,
      clusterStability: [0.97, 0.5],
      explanations: [{ cluster: 0, label: 'bird · wing' }, { cluster: 1, label: 'fish | water' }],
    });
    // silhouette of (0,0): a = 1, b = (4 + √17) / 2; every clustered point is symmetric
    const s = 1 - 1 / ((4 + Math.sqrt(17)) / 2);
    expect(r.overall.silhouette).toBeCloseTo(s, 12);
    expect(r.clusters[0]!.silhouette).toBeCloseTo(s, 12);
    expect(r.overall.calinskiHarabasz).toBeCloseTo(32, 9); // B = 16 (k−1 = 1), W = 1 (n−k = 2)
    expect(r.overall.daviesBouldin).toBeCloseTo(0.25, 12); // (0.5 + 0.5) / 4
    expect(r.overall).toMatchObject({ rows: 5, clusters: 2, outliers: 1, outlierShare: 0.2, stability: 0.95 });
    expect(r.overall.meanProbability).toBeCloseTo(0.725, 12);
    expect(r.overall.meanOutlierScore).toBeCloseTo(0.44, 12);
    expect(r.clusters[0]).toMatchObject({ cluster: 0, size: 2, share: 0.4, meanProbability: 0.75, persistence: 0.9, outlierShare: 0.5, stability: 0.97 });
    expect(r.clusters[1]!.meanOutlierScore).toBeCloseTo(0.15, 12);
    expect(r.notes).toEqual(['Cluster 1 is unstable across runs (0.50).']);

    expect(qualityReportMarkdown(r)).toBe(`## Cluster quality

| measure | value |
| --- | --- |
| rows | 5 |
| clusters | 2 |
| outliers | 1 (20.0%) |
| mean silhouette | 0.75 |
| Calinski–Harabasz | 32.0 |
| Davies–Bouldin | 0.25 |
| mean probability | 0.72 |
| mean outlier score | 0.44 |
| stability | 0.95 |
| cluster share (min – max) | 40.0% – 40.0% |

| cluster | label | size | share | silhouette | silhouette < 0 | mean probability | persistence | mean outlier score | outlier-ish rows | stability |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| 0 | bird · wing | 2 | 40.0% | 0.75 | 0.0% | 0.75 | 0.90 | 0.45 | 50.0% | 0.97 |
| 1 | fish \\| water | 2 | 40.0% | 0.75 | 0.0% | 0.70 | 0.40 | 0.15 | 0.0% | 0.50 |

- Cluster 1 is unstable across runs (0.50).
`);
  });

  it('samples the silhouette deterministically above the limit and handles one cluster', () => {
    const n = 60;
    const f = fromArrays(Array.from({ length: n }, (_, i) => [i % 2 === 0 ? 0 : 5, (i * 7) % 11]));
    const l = Int32Array.from({ length: n }, (_, i) => i % 2);
    const a = qualityReport({ features: f, labels: l }, { silhouetteSampleSize: 20, seed: 3 });
    const b = qualityReport({ features: f, labels: l }, { silhouetteSampleSize: 20, seed: 3 });
    expect(a.overall.silhouetteRows).toBe(20);
    expect(a.overall.silhouette).toBe(b.overall.silhouette);
    expect(qualityReportMarkdown(a)).toContain('(sample of 20 rows)');
    const one = qualityReport({ features: f, labels: new Int32Array(n) });
    expect(one.overall.silhouette).toBeUndefined();
    expect(one.notes[0]).toMatch(/Fewer than two clusters/);
    expect(qualityReportMarkdown(one)).toContain('| 0 | 60 | 100.0% |');
  });
});
