import { describe, expect, it } from 'vitest';
import { ctfidf, ctfidfWeights } from '../../src/explain/ctfidf.js';
import { mmr, mmrKeywords } from '../../src/explain/mmr.js';
import { topicLabel } from '../../src/explain/label.js';
import { fromArrays } from '../../src/core/matrix.js';
import { AbortError, ConfigError, InputError } from '../../src/core/errors.js';

const docs = ['apple banana', 'apple cherry', 'banana banana date'];
const labels = Int32Array.from([0, 0, 1]);
const plain = { stopWords: false, minLength: 1 } as const;

describe('ctfidf', () => {
  it('matches the hand-computed BERTopic formula on a 3-document toy case', async () => {
    // class 0 = "apple banana apple cherry": apple 2, banana 1, cherry 1 (4 words)
    // class 1 = "banana banana date": banana 2, date 1 (3 words)
    // A = trunc((4 + 3) / 2) = 3; f: apple 2, banana 3, cherry 1, date 1; idf = ln(1 + A / f)
    const r = await ctfidf(docs, labels, plain);
    expect(r.vocabulary).toEqual(['apple', 'banana', 'cherry', 'date']);
    expect(r.averageClassLength).toBe(3);
    expect(Array.from(r.idf)).toEqual([Math.log(2.5), Math.log(2), Math.log(4), Math.log(4)].map((v) => expect.closeTo(v, 12)));
    const w0 = ctfidfWeights(r, 0);
    expect(w0.get('apple')).toBeCloseTo((2 / 4) * Math.log(2.5), 12);
    expect(w0.get('banana')).toBeCloseTo((1 / 4) * Math.log(2), 12);
    expect(w0.get('cherry')).toBeCloseTo((1 / 4) * Math.log(4), 12);
    expect(w0.has('date')).toBe(false);
    const w1 = ctfidfWeights(r, 1);
    expect(w1.get('banana')).toBeCloseTo((2 / 3) * Math.log(2), 12);
    expect(w1.get('date')).toBeCloseTo((1 / 3) * Math.log(4), 12);
    expect(r.topics.map((t) => [t.cluster, t.size, t.termCount])).toEqual([[0, 2, 4], [1, 1, 3]]);
    expect(r.topics[0]!.keywords.map((k) => k.term)).toEqual(['apple', 'cherry', 'banana']);
    // 2/3·ln 2 = 0.46210 < 1/3·ln 4 = 0.46210... they are equal: ties go alphabetically
    expect(r.topics[1]!.keywords.map((k) => k.term)).toEqual(['banana', 'date']);
  });

  it('supports BM25 weighting and reduce_frequent_words', async () => {
    const r = await ctfidf(docs, labels, { ...plain, bm25Weighting: true, reduceFrequentWords: true });
    const bm25 = (f: number) => Math.log(1 + (3 - f + 0.5) / (f + 0.5));
    expect(ctfidfWeights(r, 0).get('apple')).toBeCloseTo(Math.sqrt(2 / 4) * bm25(2), 12);
    expect(ctfidfWeights(r, 1).get('banana')).toBeCloseTo(Math.sqrt(2 / 3) * bm25(3), 12);
  });

  it('builds n-grams inside documents, drops stop words first, and filters by document frequency', async () => {
    const r = await ctfidf(['the red bird sings', 'a red bird flies', 'blue fish swim'], Int32Array.from([0, 0, 1]), {
      ngramRange: [1, 2],
      minDf: 2,
    });
    // only terms in >= 2 documents survive: red, bird, "red bird"
    expect(r.vocabulary).toEqual(['bird', 'red', 'red bird']);
    expect(r.topics.map((t) => t.cluster)).toEqual([0, 1]);
    expect(r.topics[1]!.keywords).toEqual([]);
    // pairs do not bridge removed words unless asked to (scikit-learn/BERTopic behaviour)
    const tree = ['a tree of southern europe', 'tall tree, southern'];
    const near = await ctfidf(tree, Int32Array.from([0, 0]), { ngramRange: [2, 2] });
    expect(near.vocabulary).toEqual(['southern europe', 'tall tree']);
    const span = await ctfidf(tree, Int32Array.from([0, 0]), { ngramRange: [2, 2], ngramsSpanStopWords: true });
    expect(span.vocabulary).toEqual(['southern europe', 'tall tree', 'tree southern']);
    const r2 = await ctfidf(['sings', 'flies'], Int32Array.from([0, 0]), { ...plain, ngramRange: [2, 2] });
    expect(r2.vocabulary).toEqual([]); // no pair across document boundaries
  });

  it('keeps or drops the outlier class', async () => {
    const l = Int32Array.from([0, -1, 1]);
    expect((await ctfidf(docs, l, plain)).topics.map((t) => t.cluster)).toEqual([-1, 0, 1]);
    expect((await ctfidf(docs, l, { ...plain, includeOutliers: false })).topics.map((t) => t.cluster)).toEqual([0, 1]);
  });

  it('reports progress and can be cancelled', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `word${i % 50} other${i % 7}`);
    const l = Int32Array.from({ length: 5000 }, (_, i) => i % 3);
    const events: number[] = [];
    await ctfidf(many, l, {}, { onProgress: (e) => events.push(e.done) });
    expect(events.at(-1)).toBe(5000);
    const controller = new AbortController();
    controller.abort();
    await expect(ctfidf(many, l, {}, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });

  it('accepts a custom analyzer and validates input', async () => {
    const r = await ctfidf(docs, labels, { analyzer: (t) => [t.split(' ')[0]!] });
    expect(r.vocabulary).toEqual(['apple', 'banana']);
    await expect(ctfidf(docs, Int32Array.from([0, 1]))).rejects.toThrow(InputError);
    await expect(ctfidf(docs, labels, { topN: 0 })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('mmr', () => {
  // 2-D toy embeddings: "bird" and "birds" are near-duplicates, "wing" points elsewhere.
  const terms = ['bird', 'birds', 'wing'];
  const emb = fromArrays([
    [1, 0],
    [0.99, 0.141],
    [0.6, 0.8],
  ]);
  const doc = [0.8, 0.6];

  it('ranks by relevance when diversity is 0', () => {
    // cos(doc, bird) = 0.8, cos(doc, birds) = 0.8766, cos(doc, wing) = 0.96
    const picks = mmr(terms, doc, emb, 0, 3);
    expect(picks.map((p) => p.term)).toEqual(['wing', 'birds', 'bird']);
    expect(picks[0]!.relevance).toBeCloseTo(0.96, 10);
  });

  it('skips near-duplicates when diversity is high', () => {
    // after "wing", sim(bird, wing) = 0.6 and sim(birds, wing) = 0.7068.
    // diversity 0.2: bird 0.8·0.8 − 0.2·0.6 = 0.52 < birds 0.8·0.8766 − 0.2·0.7068 = 0.5599
    expect(mmr(terms, doc, emb, 0.2, 2).map((p) => p.term)).toEqual(['wing', 'birds']);
    // diversity 0.5: bird 0.5·0.8 − 0.5·0.6 = 0.1 > birds 0.5·0.8766 − 0.5·0.7068 = 0.0849
    expect(mmr(terms, doc, emb, 0.5, 2).map((p) => p.term)).toEqual(['wing', 'bird']);
  });

  it('re-ranks keywords with an embedding function and keeps their weights', async () => {
    const vectors: Record<string, number[]> = { bird: [1, 0], birds: [0.99, 0.141], wing: [0.6, 0.8], 'bird birds wing': [0.8, 0.6] };
    const embed = async (texts: readonly string[]) => fromArrays(texts.map((t) => vectors[t]!));
    const out = await mmrKeywords(
      [{ term: 'bird', weight: 3 }, { term: 'birds', weight: 2 }, { term: 'wing', weight: 1 }],
      embed,
      { diversity: 0.9, topN: 2 },
    );
    expect(out).toEqual([{ term: 'wing', weight: 1 }, { term: 'bird', weight: 3 }]);
    expect(() => mmr(terms, [1, 0, 0], emb)).toThrow(InputError);
  });
});

describe('topicLabel', () => {
  it('builds BERTopic-style and pretty labels without repeating words', () => {
    expect(topicLabel(1, ['bird', 'wing', 'feather', 'beak'], { style: 'id' })).toBe('1_bird_wing_feather');
    expect(topicLabel(1, ['bird', 'wing', 'feather'])).toBe('bird · wing · feather');
    expect(topicLabel(2, ['bird', 'bird wing', 'wing', 'feather'])).toBe('bird · bird wing · feather');
    expect(topicLabel(2, ['red bird', 'bird', 'red', 'nest'], { maxTerms: 2 })).toBe('red bird · nest');
    expect(topicLabel(-1, ['misc'])).toBe('outliers: misc');
    expect(topicLabel(4, [])).toBe('cluster 4');
  });
});
