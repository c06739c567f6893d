import { describe, expect, it } from 'vitest';
import { exportModel, loadData, pipeline, predictWithModel } from '../../src/index.js';

const measures = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g'];

describe('exportModel / predictWithModel', () => {
  it('assigns the training rows to the clusters the fit gave them', async () => {
    const data = await loadData('examples/data/penguins.csv');
    const result = await pipeline()
      .preprocess({ numericColumns: measures, categoricalColumns: ['sex'], idColumn: 'id' })
      .cluster('kmeans', { k: 3, nInit: 5 })
      .run(data, { seed: 3 });
    const { model, vectors } = await exportModel(result);
    expect(model.training.rows).toBe(342);
    expect(vectors.length).toBe(342 * model.training.cols);
    // The saved model survives a JSON round trip.
    const saved = JSON.parse(JSON.stringify(model));
    const p = await predictWithModel(saved, vectors, data);
    let agree = 0;
    for (let i = 0; i < 342; i++) if (p.labels[i] === result.labels[i]) agree++;
    expect(agree).toBe(342);
    expect(p.ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(Array.from(p.nearest.slice(0, 3))).toEqual([0, 1, 2]);
  });

  it('places new rows with the saved scaling, imputes missing values and flags far-away rows as outliers', async () => {
    const data = await loadData('examples/data/penguins.csv');
    const result = await pipeline().preprocess({ numericColumns: measures }).cluster('kmeans', { k: 3 }).run(data, { seed: 1 });
    const { model, vectors } = await exportModel(result);
    const rows = data.table.objects() as Record<string, unknown>[];
    const gentoo = rows.find((r) => r.label === 'Gentoo')!;
    const fresh = [
      { ...gentoo, id: 'new-1', bill_length_mm: (gentoo.bill_length_mm as number) + 0.1 },
      { ...gentoo, id: 'new-2', body_mass_g: null },
      { ...gentoo, id: 'far', flipper_length_mm: 900 },
    ];
    const p = await predictWithModel(model, vectors, fresh);
    const gentooCluster = result.labels[rows.indexOf(gentoo)]!;
    expect(p.labels[0]).toBe(gentooCluster);
    expect(p.labels[1]).toBe(gentooCluster);
    expect(p.labels[2]).toBe(-1);
    expect(p.outlierScores[2]).toBe(1);
    expect(p.probabilities[0]).toBeGreaterThan(0.5);
  });

  it('keeps a lexical embedder fitted on the training texts, so new texts land in the same space', async () => {
    const data = await loadData('examples/data/wordnet_glosses_sample.csv');
    const result = await pipeline()
      .preprocess({ textColumns: ['text'], idColumn: 'id' })
      .embed('tfidf')
      .cluster('kmeans', { k: 10, nInit: 3 })
      .run(data, { seed: 2 });
    const { model, vectors } = await exportModel(result);
    expect((model.embed?.state as { kind?: string } | undefined)?.kind).toBe('tfidf');
    const saved = JSON.parse(JSON.stringify(model));
    const rows = (data.table.objects() as Record<string, unknown>[]).slice(0, 40);
    const p = await predictWithModel(saved, vectors, rows);
    for (let i = 0; i < 40; i++) expect(p.labels[i]).toBe(result.labels[i]);
  });

  it('rejects vectors that do not match the model', async () => {
    const result = await pipeline().preprocess({ numericColumns: ['a'] }).cluster('kmeans', { k: 2 }).run([{ a: 1 }, { a: 2 }, { a: 10 }, { a: 11 }]);
    const { model } = await exportModel(result);
    await expect(predictWithModel(model, new Float32Array(3), [{ a: 1 }])).rejects.toMatchObject({ code: 'BAD_MODEL', field: 'model.f32' });
    await expect(predictWithModel({ ...model, format: 'other' }, new Float32Array(4), [{ a: 1 }])).rejects.toThrow(/format/);
  });
});
