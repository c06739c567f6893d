import { describe, expect, it } from 'vitest';
import { SemanticSeparator, MultiModalSeparator, combineModalities, largestVariance, betweenShare, createSeparator, STRATEGIES, PrecomputedEmbedder, normalizeRows } from '../../src/separation/index.js';
import { loadData } from '../../src/data/dataset.js';
import { adjustedRandIndex, normalizedMutualInfo } from '../../src/metrics/index.js';
import { createRng } from '../../src/core/random.js';
import { exportModel, predictWithModel } from '../../src/pipeline/model.js';

// 600 WordNet noun glosses, 60 from each of 10 lexicographer groups (see examples/data/LICENSES.md).
const GLOSSES = 'examples/data/wordnet_glosses_sample.csv';
// TF-IDF + LSA(100) + k-means given the true k, on the full glosses set (shared data README).
const REFERENCE_ARI = 0.146;

function codes(values: ArrayLike<unknown>): number[] {
  const m = new Map<string, number>();
  return Array.from(values, (v) => {
    const k = String(v);
    if (!m.has(k)) m.set(k, m.size);
    return m.get(k)!;
  });
}

describe('SemanticSeparator', () => {
  it('finds the WordNet topics with automatic k, explains them and answers similarity queries', async () => {
    const data = await loadData(GLOSSES);
    const truth = codes(data.table.array('label') as ArrayLike<unknown>);
    const sep = new SemanticSeparator({ textColumns: ['text'] });
    const result = await sep.separate(data, { seed: 42 });
    const ari = adjustedRandIndex(truth, result.labels);
    expect(ari).toBeGreaterThan(REFERENCE_ARI + 0.1);
    expect(normalizedMutualInfo(truth, result.labels)).toBeGreaterThan(0.4);
    expect(result.numClusters).toBeGreaterThanOrEqual(5);
    expect(result.numClusters).toBeLessThanOrEqual(30);
    // topics: keywords, labels, sizes and representative rows
    const top = result.clusters[0]!;
    expect(top.keywords!.length).toBeGreaterThan(3);
    expect(top.label.length).toBeGreaterThan(0);
    expect(result.clusters.reduce((s, c) => s + c.size, 0)).toBe(600);
    expect(top.exemplarIds!.length).toBeGreaterThan(0);
    // every automatic choice is recorded with a reason
    const options = result.choices.map((c) => `${c.stage}.${c.option}`);
    expect(options).toEqual(expect.arrayContaining(['preprocess.text', 'embed.model', 'reduce.method', 'cluster.clusters', 'cluster.method']));
    expect(result.choices.find((c) => c.option === 'clusters')!.scores!.hdbscanClusters).toBeGreaterThan(1);
    // similarity search: a row's own text finds that row first
    const rows = data.table.objects() as { text: string }[];
    const hits = await sep.nearest(rows[123]!.text, 3);
    expect(hits[0]!.row).toBe(123);
    expect(hits[0]!.similarity).toBeCloseTo(1, 3);
    expect(hits[1]!.similarity).toBeLessThanOrEqual(hits[0]!.similarity);
  });

  it('merges to a given number of topics and is deterministic for a seed', async () => {
    const data = await loadData(GLOSSES);
    const truth = codes(data.table.array('label') as ArrayLike<unknown>);
    const a = await new SemanticSeparator({ textColumns: ['text'], clusters: 10, preprocess: { detectLanguage: false } }).separate(data, { seed: 3 });
    const b = await new SemanticSeparator({ textColumns: ['text'], clusters: 10, preprocess: { detectLanguage: false } }).separate(data, { seed: 3 });
    expect(a.numClusters).toBe(10);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(adjustedRandIndex(truth, a.labels)).toBeGreaterThan(REFERENCE_ARI + 0.15);
  });

  it('uses a custom model given as a local folder', async () => {
    const data = await loadData(GLOSSES);
    const truth = codes(data.table.array('label') as ArrayLike<unknown>);
    const result = await new SemanticSeparator({ textColumns: ['text'], model: 'models/glove-100d', clusters: 10, preprocess: { detectLanguage: false } }).separate(data, { seed: 1 });
    expect(result.choices.find((c) => c.option === 'model')!.reason).toBe('given');
    expect(adjustedRandIndex(truth, result.labels)).toBeGreaterThan(REFERENCE_ARI);
  });

  it('gives clear errors for a missing text column, empty input and a clusterer without k', async () => {
    await expect(new SemanticSeparator({ textColumns: ['gloss'] }).separate(GLOSSES)).rejects.toMatchObject({ message: expect.stringContaining('gloss') });
    await expect(new SemanticSeparator({ textColumns: ['text'] }).separate([])).rejects.toThrow(/no rows/i);
    await expect(new SemanticSeparator({ cluster: 'gmm' }).separate([{ text: 'a long enough text here' }, { text: 'another text that is here' }])).rejects.toMatchObject({ field: 'clusters' });
    await expect(new SemanticSeparator().nearest('x')).rejects.toMatchObject({ code: 'NOT_FITTED' });
  });

  it('embeds several text columns apart with weights (a zero weight ignores a column)', async () => {
    const topics = ['cats purr and chase mice', 'stocks rose as markets rallied', 'rain and wind hit the coast'];
    const rows = Array.from({ length: 30 }, (_, i) => ({ title: `${topics[i % 3]} ${i}`, noise: `zz${i % 2} filler words ${(i * 7) % 5}` }));
    const both = await new SemanticSeparator({ textColumns: ['title', 'noise'], combine: 'separate', textWeights: { title: 1, noise: 0 }, model: 'tfidf', clusters: 3, preprocess: { detectLanguage: false } }).separate(rows, { seed: 5 });
    const alone = await new SemanticSeparator({ textColumns: ['title'], model: 'tfidf', clusters: 3, preprocess: { detectLanguage: false } }).separate(rows, { seed: 5 });
    expect(Array.from(both.labels)).toEqual(Array.from(alone.labels));
    expect(adjustedRandIndex(rows.map((_, i) => i % 3), both.labels)).toBe(1);
    expect(both.choices.find((c) => c.option === 'combine')!.value).toEqual({ title: 1, noise: 0 });
  });

  it('saves a model for separately embedded text columns that places the training rows exactly', async () => {
    const topics = ['cats purr and chase mice', 'stocks rose as markets rallied', 'rain and wind hit the coast'];
    const rows = Array.from({ length: 60 }, (_, i) => ({ title: `${topics[i % 3]} ${i % 7}`, body: `${topics[(i + (i % 5 === 0 ? 1 : 0)) % 3]} again ${i % 4}` }));
    const result = await new SemanticSeparator({ textColumns: ['title', 'body'], combine: 'separate', textWeights: { title: 2, body: 1 }, model: 'tfidf', clusters: 3, preprocess: { detectLanguage: false } }).separate(rows, { seed: 3 });
    const { model, vectors } = await exportModel(result);
    expect(model.encoder?.text).toMatchObject({ columns: ['title', 'body'], combine: 'separate', weights: [2, 1] });
    expect(model.encoder?.text.embedders).toHaveLength(2);
    const p = await predictWithModel(JSON.parse(JSON.stringify(model)) as unknown, vectors, rows);
    expect(Array.from(p.labels)).toEqual(Array.from(result.labels));
    // A new row made of one topic's words goes to that topic's cluster.
    const fresh = await predictWithModel(model, vectors, [{ title: 'cats purr and chase mice 3', body: 'cats purr and chase mice again 2' }]);
    expect(fresh.labels[0]).toBe(result.labels[0]);
  });

  it('is registered as a strategy that takes the CLI stage flags', () => {
    expect(createSeparator('semantic', { textColumns: ['text'], model: 'hybrid', reduce: 'umap', cluster: 'hdbscan' }).name).toBe('semantic');
    expect(() => STRATEGIES.semantic.schema.parse({ reduce: 'lda' })).toThrow();
    expect(createSeparator('multimodal', { textColumns: ['text'], columns: ['x'] }).name).toBe('multimodal');
    // every option is described (the text becomes config-template comments and JSON Schema docs)
    for (const name of ['numerical', 'semantic', 'multimodal'] as const) {
      const shape = STRATEGIES[name].schema.shape as Record<string, { description?: string }>;
      for (const [key, field] of Object.entries(shape)) expect(field.description, `${name}.${key}`).toBeTruthy();
    }
  });
});

describe('MultiModalSeparator', () => {
  it('clusters text + a numeric column together and reports each modality', async () => {
    const data = await loadData(GLOSSES);
    const truth = codes(data.table.array('label') as ArrayLike<unknown>);
    const rng = createRng(9);
    // An independent, noisy numeric column that carries part of the group (like a price per category).
    const rows = (data.table.objects() as Record<string, unknown>[]).map((r, i) => ({ ...r, signal: (truth[i]! % 5) + 1.5 * rng.normal() }));
    const sep = new MultiModalSeparator({ textColumns: ['text'], columns: ['signal'], preprocess: { detectLanguage: false } });
    const result = await sep.separate(rows, { seed: 42 });
    expect(adjustedRandIndex(truth, result.labels)).toBeGreaterThan(REFERENCE_ARI + 0.1);
    const report = sep.lastReport!;
    expect(report.contributions.map((c) => c.modality)).toEqual(['text', 'numeric']);
    for (const c of report.contributions) {
      expect(c.betweenShare).toBeGreaterThan(0);
      expect(c.betweenShare).toBeLessThanOrEqual(1);
    }
    // text neighbours and signal neighbours agree more than chance (both follow the groups)
    expect(report.agreement[0]!.lift).toBeGreaterThan(1);
    expect(result.metrics.text_between_share).toBe(report.contributions[0]!.betweenShare);
    expect((result.clusters[0] as Record<string, unknown>).modalities).toHaveProperty('numeric');
    expect(result.choices.map((c) => c.option)).toEqual(expect.arrayContaining(['modalityScaling', 'clusters']));
  });

  it('saves a model that places new rows: training rows exactly, edited rows mostly in their cluster', async () => {
    const data = await loadData(GLOSSES);
    const rows = (data.table.objects() as Record<string, unknown>[]).map((r, i) => ({
      id: r.id,
      text: r.text,
      words: String(r.text).split(' ').length,
      group: String(r.label).slice(5, 8),
      // a categorical column with a value that new rows will not know
      shade: i % 2 === 0 ? 'light' : 'dark',
    }));
    const sep = new MultiModalSeparator({ textColumns: ['text'], columns: ['words', 'group', 'shade'], idColumn: 'id', preprocess: { detectLanguage: false } });
    const result = await sep.separate(rows, { seed: 7 });
    const { model, vectors } = await exportModel(result);
    expect(model.encoder?.blocks.map((b) => b.modality)).toEqual(['text', 'numeric', 'categorical']);
    // Through JSON, as the CLI saves it.
    const saved = JSON.parse(JSON.stringify(model)) as unknown;
    const again = await predictWithModel(saved, vectors, rows);
    expect(Array.from(again.labels)).toEqual(Array.from(result.labels));
    expect(again.ids).toEqual(result.ids);
    // New rows: the same glosses with an extra word, the word count moved by one, an unseen shade.
    const edited = rows.map((r) => ({ ...r, text: `${String(r.text)} indeed`, words: Number(r.words) + 1, shade: 'unseen' }));
    const moved = await predictWithModel(saved, vectors, edited);
    let same = 0;
    for (let i = 0; i < rows.length; i++) if (moved.labels[i] === result.labels[i]) same++;
    expect(same / rows.length).toBeGreaterThan(0.8);
    await expect(predictWithModel(saved, vectors, rows.map(({ words: _w, ...rest }) => rest))).rejects.toMatchObject({ field: 'words' });
  });

  it('needs a text and a feature column', async () => {
    await expect(new MultiModalSeparator({ columns: ['x'] }).separate([{ x: 1 }, { x: 2 }])).rejects.toMatchObject({ field: 'textColumns' });
    await expect(new MultiModalSeparator({ textColumns: ['text'] }).separate([{ text: 'some words here' }, { text: 'other words there' }])).rejects.toMatchObject({ field: 'columns' });
  });

  it('weights blocks like Multiple Factor Analysis: each block’s first principal variance = its weight share', () => {
    // Block A: 2 columns, variance along (1, 1) only; block B: 1 column with variance 4.
    const a = { data: Float64Array.of(-1, -1, 1, 1, -1, -1, 1, 1), rows: 4, cols: 2 };
    const b = { data: Float64Array.of(-2, 2, 2, -2), rows: 4, cols: 1 };
    expect(largestVariance(a)).toBeCloseTo(2, 9); // var 1 per column, fully correlated
    expect(largestVariance(b)).toBeCloseTo(4, 9);
    const x = combineModalities([
      { matrix: a, weight: 3 },
      { matrix: b, weight: 1 },
    ]);
    const blockA = { data: Float64Array.from({ length: 8 }, (_, k) => x.data[Math.floor(k / 2) * 3 + (k % 2)]!), rows: 4, cols: 2 };
    const blockB = { data: Float64Array.from({ length: 4 }, (_, i) => x.data[i * 3 + 2]!), rows: 4, cols: 1 };
    expect(largestVariance(blockA)).toBeCloseTo(0.75, 9);
    expect(largestVariance(blockB)).toBeCloseTo(0.25, 9);
  });

  it('between-cluster share: 1 when clusters are points, 0 when they do not differ', () => {
    const x = { data: Float64Array.of(0, 0, 5, 5), rows: 4, cols: 1 };
    expect(betweenShare(x, Int32Array.of(0, 0, 1, 1))).toBeCloseTo(1, 12);
    expect(betweenShare(x, Int32Array.of(0, 1, 0, 1))).toBeCloseTo(0, 12);
  });

  it('PrecomputedEmbedder refuses a different row count', async () => {
    const e = new PrecomputedEmbedder(normalizeRows({ data: Float64Array.of(3, 4), rows: 1, cols: 2 }), 'x');
    const v = (await e.embed(['a'])).data;
    expect(v[0]).toBeCloseTo(0.6, 6);
    expect(v[1]).toBeCloseTo(0.8, 6);
    await expect(e.embed(['a', 'b'])).rejects.toMatchObject({ code: 'BAD_SHAPE' });
  });
});
