import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { EmbeddingGenerator } from '../../src/core/contracts.js';
import { matrix, type Matrix } from '../../src/core/matrix.js';
import { symmetricEigen } from '../../src/linalg/eigen.js';
import { HybridEmbedder } from '../../src/embeddings/hybrid.js';
import { TfidfEmbedder, sparseRandomizedSvd } from '../../src/embeddings/tfidf.js';
import { chooseModel, getModelInfo, registerModel } from '../../src/embeddings/registry.js';
import { createEmbedder, AutoTextEmbedder } from '../../src/embeddings/create.js';
import { TransformersEmbedder } from '../../src/embeddings/transformers-embedder.js';

const exact = { stopWords: false, minDf: 1, maxDf: 1.0 } as const;

describe('TfidfEmbedder', () => {
  it('matches a hand computation (smooth idf, raw tf, l2)', async () => {
    // Terms (alphabetical): apple, banana, cherry. n = 2.
    // idf(apple) = ln(3/3) + 1 = 1; idf(banana) = idf(cherry) = ln(3/2) + 1.
    const t = new TfidfEmbedder({ ...exact, sublinearTf: false });
    const x = await t.embed(['apple banana', 'apple cherry cherry']);
    expect(t.terms).toEqual(['apple', 'banana', 'cherry']);
    const idf = Math.log(1.5) + 1;
    const n1 = Math.hypot(1, idf);
    const n2 = Math.hypot(1, 2 * idf);
    const expected = [1 / n1, idf / n1, 0, 1 / n2, 0, (2 * idf) / n2];
    expected.forEach((v, i) => expect(x.data[i]!).toBeCloseTo(v, 6));
  });

  it('uses 1 + ln(tf) with sublinearTf, drops terms by min/max df, and builds n-grams', async () => {
    const t = new TfidfEmbedder({ ...exact, sublinearTf: true, norm: 'none' });
    const x = await t.embed(['red red red fox', 'blue fox']);
    const col = (term: string) => t.terms.indexOf(term);
    expect(x.data[col('red')]!).toBeCloseTo((1 + Math.log(3)) * (Math.log(3 / 2) + 1), 6);
    expect(x.data[col('fox')]!).toBeCloseTo(1, 6);
    const df = new TfidfEmbedder({ stopWords: false, minDf: 2, maxDf: 1.0 });
    await df.embed(['a1 common', 'b2 common', 'c3 common']);
    expect(df.terms).toEqual(['common']);
    const maxdf = new TfidfEmbedder({ stopWords: false, minDf: 1, maxDf: 0.5 });
    await maxdf.embed(['x common', 'y common', 'z common']);
    expect(maxdf.terms).toEqual(['x', 'y', 'z']);
    const bi = new TfidfEmbedder({ ...exact, ngramRange: [1, 2] });
    await bi.embed(['new york city']);
    expect(bi.terms).toEqual(['city', 'new', 'new york', 'york', 'york city']);
    // Unseen terms are ignored when transforming; empty texts give zero rows and are reported.
    const y = await bi.embed(['', 'boston city']);
    expect(bi.lastReport).toMatchObject({ total: 2, empty: 1, zeroVectors: 1 });
    expect(y.data[y.cols + bi.terms.indexOf('city')]!).toBeCloseTo(1, 6);
  });

  it('LSA: the sparse randomized SVD finds the exact singular values of a small matrix', async () => {
    const docs = ['cat dog', 'dog mouse', 'cat mouse cheese', 'stock bond', 'bond market', 'stock market price', 'cat price'];
    const t = new TfidfEmbedder({ ...exact, lsa: 3 });
    const x = await t.embed(docs);
    expect([x.rows, x.cols]).toEqual([7, 3]);
    // Exact: singular values² are the eigenvalues of X·Xᵀ (7 × 7) for the dense TF-IDF matrix.
    const dense = await new TfidfEmbedder({ ...exact }).embed(docs);
    const g = new Float64Array(49);
    for (let i = 0; i < 7; i++)
      for (let j = 0; j < 7; j++) {
        let s = 0;
        for (let c = 0; c < dense.cols; c++) s += dense.data[i * dense.cols + c]! * dense.data[j * dense.cols + c]!;
        g[i * 7 + j] = s;
      }
    const eig = symmetricEigen({ data: g, rows: 7, cols: 7 });
    for (let c = 0; c < 3; c++) expect(t.singularValues![c]!).toBeCloseTo(Math.sqrt(eig.values[c]!), 6);
    // Rows are unit length; the same seed gives the same bytes.
    for (let i = 0; i < 7; i++) expect(Math.hypot(...x.data.subarray(i * 3, i * 3 + 3))).toBeCloseTo(1, 6);
    const again = await new TfidfEmbedder({ ...exact, lsa: 3 }).embed(docs);
    expect(Array.from(again.data)).toEqual(Array.from(x.data));
    expect(sparseRandomizedSvd).toBeTypeOf('function');
  });

  it('rejects bad options with the field named', () => {
    expect(() => new TfidfEmbedder({ ngramRange: [2, 1] })).toThrow(ConfigError);
    try {
      new TfidfEmbedder({ minDf: -1 });
    } catch (e) {
      expect((e as ConfigError).field).toBe('minDf');
    }
  });
});

class Fixed extends EmbeddingGenerator {
  readonly dimensions: number;
  constructor(
    readonly id: string,
    private readonly rows: number[][],
  ) {
    super();
    this.dimensions = rows[0]!.length;
  }
  async embed(texts: readonly string[]): Promise<Matrix> {
    return matrix(Float64Array.from(this.rows.slice(0, texts.length).flat()), texts.length, this.dimensions);
  }
}

describe('HybridEmbedder', () => {
  it('normalises each part and weights it so cosine similarity is the weighted mean of the parts', async () => {
    const a = new Fixed('a', [[3, 4], [4, 3]]); // cos = 24/25
    const b = new Fixed('b', [[1, 0, 0], [0, 2, 0]]); // cos = 0
    const h = new HybridEmbedder([{ embedder: a, weight: 3 }, { embedder: b, weight: 1 }]);
    const x = await h.embed(['p', 'q']);
    expect(x.cols).toBe(5);
    const row = (i: number) => Array.from(x.data.subarray(i * 5, i * 5 + 5));
    const dot = row(0).reduce((s, v, j) => s + v * row(1)[j]!, 0);
    expect(Math.hypot(...row(0))).toBeCloseTo(1, 6);
    expect(dot).toBeCloseTo((3 * (24 / 25) + 1 * 0) / 4, 6);
    expect(() => new HybridEmbedder([{ embedder: a, weight: 0 }])).toThrow(ConfigError);
  });
});

describe('registry and createEmbedder', () => {
  it('chooses by language and availability, and accepts registered models', () => {
    expect(chooseModel().id).toBe('Xenova/all-MiniLM-L6-v2');
    expect(chooseModel({ languages: ['de', 'en'] }).id).toBe('Xenova/multilingual-e5-small');
    expect(chooseModel({ offline: true }).id).toBe('glove-100d');
    expect(chooseModel({ offline: true, isAvailable: (id) => id === 'Xenova/gte-small' }).id).toBe('Xenova/gte-small');
    expect(getModelInfo('Xenova/multilingual-e5-small')).toMatchObject({ queryPrefix: 'query: ', passagePrefix: 'passage: ', clusteringInputType: 'query' });
    registerModel({ id: 'acme/legal-fr', dimensions: 256, languages: ['fr'], license: 'MIT', pooling: 'cls', normalize: true, maxLength: 128 });
    expect(chooseModel({ languages: ['fr'], offline: true, isAvailable: (id) => id === 'acme/legal-fr' }).id).toBe('acme/legal-fr');
    expect(() => registerModel({ id: 'bad', dimensions: -1 } as never)).toThrow(ConfigError);
  });

  it('builds embedders by name; hub ids become TransformersEmbedders with the registry settings', async () => {
    expect(createEmbedder('tfidf')).toBeInstanceOf(TfidfEmbedder);
    expect(createEmbedder('hybrid')).toBeInstanceOf(HybridEmbedder);
    expect(createEmbedder('auto')).toBeInstanceOf(AutoTextEmbedder);
    const hub = createEmbedder('Xenova/bge-small-en-v1.5');
    expect(hub).toBeInstanceOf(TransformersEmbedder);
    expect(hub.dimensions).toBe(384);
    // Offline, auto picks the measured offline default: GloVe + TF-IDF/LSA.
    const auto = createEmbedder('auto', { offline: true, tfidf: { lsa: 2, minDf: 1, stopWords: false } }) as AutoTextEmbedder;
    const x = await auto.embed(['the cat sat on the mat', 'dogs chase cats', 'stock markets fell', 'bond prices rose']);
    expect(auto.chosen).toBe('hybrid(glove-100d×1+tfidf-lsa2×1)');
    expect([x.rows, x.cols]).toEqual([4, 102]);
  });
});

describe('degenerate corpora', () => {
  it('relaxEmptyVocabulary keeps every term when min/max df leave none, and gives zero rows for no words', async () => {
    const same = Array.from({ length: 30 }, () => 'cats and dogs');
    await expect(new TfidfEmbedder().embed(same)).rejects.toThrow(/No term is left/);
    const relaxed = new TfidfEmbedder({ relaxEmptyVocabulary: true });
    const x = await relaxed.embed(same);
    expect(relaxed.terms).toEqual(['cats', 'dogs']);
    expect(x.data[0]!).toBeCloseTo(Math.SQRT1_2, 6);
    const none = new TfidfEmbedder({ relaxEmptyVocabulary: true, lsa: 5 });
    const z = await none.embed(['', '!!!', '   ']);
    expect([z.rows, z.cols]).toEqual([3, 5]);
    expect(none.lastReport).toMatchObject({ empty: 2, zeroVectors: 3 });
  });
});

describe('guessLanguages', () => {
  it('votes by stop words and feeds auto', async () => {
    const { guessLanguages } = await import('../../src/embeddings/languages.js');
    expect(guessLanguages(['the cat is on the mat and it is happy', 'le chat est sur le tapis et il dort'])).toEqual(['en', 'fr']);
    expect(guessLanguages(['Der Hund ist in dem Garten und er schläft', 'Die Katze und der Hund sind nicht hier'])).toEqual(['de']);
    expect(guessLanguages(['', '12345'])).toEqual(['en']);
    const auto = createEmbedder('auto', { offline: true }) as AutoTextEmbedder;
    await auto.embed(['la casa es muy grande y tiene un jardín con flores', 'el perro está en la casa con los niños']);
    expect(auto.languages).toEqual(['es']);
    expect(auto.chosen).toBe('tfidf-lsa100'); // GloVe is English-only: Spanish offline uses the lexical part alone
  });
});

describe('TF-IDF save and load', () => {
  it('a saved model maps new texts into the same space', async () => {
    const docs = ['cat dog', 'dog mouse', 'cat mouse cheese', 'stock bond', 'bond market', 'stock market price'];
    const model = new TfidfEmbedder({ ...exact, lsa: 2 });
    await model.embed(docs);
    const restored = TfidfEmbedder.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const a = await model.transform(['cat and dog market']);
    const b = await restored.embed(['cat and dog market']);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(() => TfidfEmbedder.fromJSON({} as never)).toThrow(/saved TF-IDF/);
    expect(() => new TfidfEmbedder().toJSON()).toThrow(ConfigError);
  });
});

describe('saveEmbedder / loadEmbedder', () => {
  it('the offline default (auto → hybrid) saved and loaded embeds new texts identically', async () => {
    const { saveEmbedder, loadEmbedder } = await import('../../src/embeddings/persist.js');
    const docs = ['the cat sat on the mat', 'dogs chase cats in the park', 'stock markets fell sharply', 'bond prices rose today', 'cats and dogs are pets', 'markets and prices move'];
    const auto = createEmbedder('auto', { offline: true, tfidf: { lsa: 3, minDf: 1, stopWords: false } }) as AutoTextEmbedder;
    await auto.embed(docs);
    const state = JSON.parse(JSON.stringify(await saveEmbedder(auto)));
    expect(state.kind).toBe('hybrid');
    const restored = loadEmbedder(state);
    const fresh = ['a cat and a market'];
    const a = await (auto.innerEmbedder as HybridEmbedder).embed(fresh);
    const b = await restored.embed(fresh);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(() => loadEmbedder({ kind: 'nope' } as never)).toThrow(/saved embedder/);
  });
});
