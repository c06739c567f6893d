import { describe, expect, it } from 'vitest';
import { loadData, pipeline } from '../../src/index.js';

describe('explainers inside the pipeline', () => {
  it('explains penguin clusters with effect sizes and surrogate rules', async () => {
    const data = await loadData('examples/data/penguins.csv');
    const result = await pipeline()
      .preprocess({ numericColumns: ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'], categoricalColumns: ['island'], idColumn: 'id' })
      .cluster('kmeans', { k: 3, nInit: 3 })
      .explain('features', { minLeaf: 0.02 })
      .run(data, { seed: 3 });
    expect(result.clusters).toHaveLength(3);
    for (const c of result.clusters) {
      expect(c.features!.length).toBeGreaterThan(0);
      expect(c.label).toMatch(/↑|↓|=/);
      expect((c.rules as { text: string }[])[0]!.text).toMatch(/<=|>|=/);
      expect(c.ruleFidelity as number).toBeGreaterThan(0.8);
    }
  });

  it('explains text clusters with c-TF-IDF keywords by default (auto)', async () => {
    const data = await loadData('examples/data/wordnet_glosses_sample.csv');
    const result = await pipeline()
      .preprocess({ textColumns: ['text'], idColumn: 'id' })
      .embed('tfidf', { lsa: 30 })
      .cluster('kmeans', { k: 4, nInit: 2 })
      .run(data, { seed: 1 });
    expect(result.clusters.length).toBe(4);
    for (const c of result.clusters) {
      expect(c.keywords!.length).toBeGreaterThanOrEqual(3);
      expect(c.label.split(' · ').length).toBe(3);
      expect(c.labelId).toMatch(/^\d+_/);
      expect(c.exemplars!.length).toBe(3);
    }
  });
});
