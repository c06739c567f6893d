import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { checkpoint, throttledProgress, type RunOptions } from '../core/progress.js';
import { createTokenizer, ngrams } from '../text/tokenize.js';
import { parseOptions } from './options.js';

// Punctuation that ends a phrase (not the dot or comma inside a number).
const CLAUSE_BREAK = /(?<!\p{N})[.,]|[.,](?!\p{N})|[;:!?()[\]{}"“”«»|/\n]+/u;

/** Options of {@link ctfidf}. */
export const CtfidfOptionsSchema = z.object({
  /** Smallest and largest n-gram length, e.g. `[1, 2]` for words and word pairs. Default `[1, 1]`. */
  ngramRange: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 1]),
  /** `true` for the built-in list of `language`, `false` for none, or your own words. Default `true`. */
  stopWords: z.union([z.boolean(), z.array(z.string())]).default(true),
  /** Language of the texts (stop words, elisions). Default `en`. */
  language: z.string().min(2).default('en'),
  /** Shortest token kept, in characters. Default `2`. */
  minLength: z.number().int().min(1).default(2),
  /** Drop purely numeric tokens. Default `true`. */
  dropNumbers: z.boolean().default(true),
  /** `keep` treats `well-known` as one token; `split` splits it. Default `keep`. */
  hyphens: z.enum(['keep', 'split']).default('keep'),
  /**
   * Minimum number of documents a term must appear in (a number below 1 is a share of all
   * documents). Counts documents, not classes. Default `1`.
   */
  minDf: z.number().min(0).default(1),
  /** Maximum number (or share, when ≤ 1) of documents a term may appear in. Default `1` (all). */
  maxDf: z.number().min(0).default(1),
  /**
   * Let n-grams bridge a removed stop word, short token or number (`"tree of southern"` → `"tree
   * southern"`), as scikit-learn's CountVectorizer and hence BERTopic do. Default `false`: pairs
   * only join words that were next to each other.
   */
  ngramsSpanStopWords: z.boolean().default(false),
  /** Keywords returned per class. Default `10`. */
  topN: z.number().int().min(1).default(10),
  /** BM25-inspired idf `log(1 + (A − f + 0.5) / (f + 0.5))` instead of `log(1 + A / f)`. Default `false`. */
  bm25Weighting: z.boolean().default(false),
  /** Square-root the class term frequencies to damp very frequent words. Default `false`. */
  reduceFrequentWords: z.boolean().default(false),
  /** Keep the outlier class `-1` as a class of its own (as BERTopic does). Default `true`. */
  includeOutliers: z.boolean().default(true),
  /**
   * Your own term extractor (document text → terms). Replaces tokenisation, stop words and
   * n-grams; used e.g. for noun phrases.
   */
  analyzer: z.custom<(text: string, index: number) => readonly string[]>((v) => typeof v === 'function').optional(),
});

/** Input type of the {@link ctfidf} options. */
export type CtfidfOptions = z.input<typeof CtfidfOptionsSchema>;

/** A term and its weight. */
export interface WeightedTerm {
  term: string;
  weight: number;
}

/** One class (cluster) in a {@link CtfidfResult}. */
export interface CtfidfTopic {
  /** Cluster id (`-1` for outliers). */
  cluster: number;
  /** Number of documents in the class. */
  size: number;
  /** Number of term occurrences in the class (after filtering). */
  termCount: number;
  /** The `topN` highest-weighted terms, best first. */
  keywords: WeightedTerm[];
}

/**
 * Result of {@link ctfidf}: the top terms per class plus the full sparse class × term weight matrix
 * (CSR, one row per entry of `topics`), so callers can re-rank or look up any term.
 */
export interface CtfidfResult {
  topics: CtfidfTopic[];
  /** Terms, sorted alphabetically; column `j` of the weight matrix is `vocabulary[j]`. */
  vocabulary: string[];
  /** idf per term. */
  idf: Float64Array;
  /** `A`: the average number of term occurrences per class (truncated to an integer, as in BERTopic). */
  averageClassLength: number;
  /** CSR weight matrix: row `r` covers `indices/values[indptr[r] .. indptr[r+1])`. */
  weights: { indptr: Int32Array; indices: Int32Array; values: Float64Array };
}

/**
 * Class-based TF-IDF (c-TF-IDF) exactly as BERTopic's `ClassTfidfTransformer` defines it: all
 * documents of a class form one bag of terms; `tf` is the term's share of the class's occurrences
 * (L1-normalised counts, square-rooted when `reduceFrequentWords`); `idf = log(1 + A / f_t)` where
 * `f_t` is the term's frequency over all classes and `A` the average number of occurrences per
 * class; the weight is `tf · idf`.
 *
 * One difference from BERTopic, on purpose: n-grams are built inside each document (BERTopic joins
 * a class's documents with spaces first, which creates pairs across document boundaries), and
 * `minDf`/`maxDf` count documents rather than classes.
 *
 * @example
 * const { topics } = await ctfidf(texts, labels, { ngramRange: [1, 2], topN: 5 });
 * topics[0].keywords; // [{ term: 'bird', weight: 0.12 }, ...]
 */
export async function ctfidf(
  docs: readonly string[],
  labels: ArrayLike<number>,
  options: CtfidfOptions = {},
  run: RunOptions = {},
): Promise<CtfidfResult> {
  const o = parseOptions(CtfidfOptionsSchema, options, 'ctfidf');
  if (docs.length !== labels.length) {
    throw new InputError(`ctfidf got ${docs.length} documents but ${labels.length} labels.`, {
      code: 'LENGTH_MISMATCH',
      field: 'labels',
      fix: 'Pass one label per document.',
    });
  }
  if (o.ngramRange[1] < o.ngramRange[0]) {
    throw new InputError('ngramRange must be [min, max] with min <= max.', {
      code: 'INVALID_OPTION',
      field: 'ngramRange',
      fix: 'Use e.g. [1, 2].',
    });
  }
  const tokenizer = o.analyzer
    ? undefined
    : createTokenizer({
        stopWords: o.stopWords,
        language: o.language,
        minLength: o.minLength,
        numbers: o.dropNumbers ? 'drop' : 'keep',
        hyphens: o.hyphens,
      });
  const range: [number, number] = [o.ngramRange[0], o.ngramRange[1]];
  // For n-grams that must not bridge removed words: tokenize everything, then cut runs at the
  // tokens the filtering tokenizer would drop.
  const rawTokenizer =
    !o.analyzer && range[1] > 1 && !o.ngramsSpanStopWords
      ? createTokenizer({ stopWords: false, language: o.language, minLength: 1, numbers: 'keep', hyphens: o.hyphens })
      : undefined;
  const keepOne = rawTokenizer
    ? createTokenizer({ stopWords: o.stopWords, language: o.language, minLength: o.minLength, numbers: o.dropNumbers ? 'drop' : 'keep', hyphens: 'keep' })
    : undefined;
  const keepCache = new Map<string, boolean>();
  const termsOf = (text: string): string[] => {
    if (!rawTokenizer) return ngrams(tokenizer!(text), range);
    const out: string[] = [];
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 0) for (const g of ngrams(run, range)) out.push(g);
      run = [];
    };
    for (const part of text.split(CLAUSE_BREAK)) {
      for (const t of rawTokenizer(part)) {
        let ok = keepCache.get(t);
        if (ok === undefined) {
          ok = keepOne!(t).length === 1;
          keepCache.set(t, ok);
        }
        if (ok) run.push(t);
        else flush();
      }
      flush();
    }
    return out;
  };

  // Pass 1: term ids, per-class counts and document frequencies.
  const termId = new Map<string, number>();
  const terms: string[] = [];
  const docFreq: number[] = [];
  const classIndex = new Map<number, number>();
  const classIds: number[] = [];
  const classCounts: Map<number, number>[] = [];
  const classSizes: number[] = [];
  const progress = throttledProgress(run.onProgress, 'explain', docs.length, 'ctfidf');
  const seen = new Set<number>();
  let usedDocs = 0;
  for (let i = 0; i < docs.length; i++) {
    if (i % 2000 === 1999) await checkpoint(run.signal, 'explain');
    const label = labels[i]!;
    if (label === -1 && !o.includeOutliers) continue;
    const text = docs[i];
    if (typeof text !== 'string') {
      throw new InputError(`Document ${i} is not a string.`, {
        code: 'BAD_TEXT',
        field: `docs[${i}]`,
        fix: 'Pass strings (use "" for missing text).',
      });
    }
    let c = classIndex.get(label);
    if (c === undefined) {
      c = classIds.length;
      classIndex.set(label, c);
      classIds.push(label);
      classCounts.push(new Map());
      classSizes.push(0);
    }
    classSizes[c]!++;
    usedDocs++;
    const docTerms = o.analyzer ? o.analyzer(text, i) : termsOf(text);
    const counts = classCounts[c]!;
    seen.clear();
    for (const t of docTerms) {
      let id = termId.get(t);
      if (id === undefined) {
        id = terms.length;
        termId.set(t, id);
        terms.push(t);
        docFreq.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
      if (!seen.has(id)) {
        seen.add(id);
        docFreq[id]!++;
      }
    }
    progress(i + 1);
  }

  // Prune by document frequency and renumber alphabetically (deterministic ties).
  const minDf = o.minDf < 1 ? Math.ceil(o.minDf * usedDocs) : o.minDf;
  const maxDf = o.maxDf <= 1 ? Math.floor(o.maxDf * usedDocs) : o.maxDf;
  const kept = terms
    .map((t, id) => ({ t, id }))
    .filter(({ id }) => docFreq[id]! >= minDf && docFreq[id]! <= maxDf)
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  const newId = new Int32Array(terms.length).fill(-1);
  kept.forEach(({ id }, j) => (newId[id] = j));
  const vocabulary = kept.map(({ t }) => t);
  const V = vocabulary.length;

  // Classes sorted by id so the output order does not depend on the data order.
  const order = classIds.map((_, c) => c).sort((a, b) => classIds[a]! - classIds[b]!);
  const C = order.length;
  const rowTerms: Int32Array[] = [];
  const rowCounts: Float64Array[] = [];
  const rowSums = new Float64Array(C);
  const termFreq = new Float64Array(V);
  for (let r = 0; r < C; r++) {
    const counts = classCounts[order[r]!]!;
    const pairs: [number, number][] = [];
    for (const [id, n] of counts) {
      const j = newId[id]!;
      if (j >= 0) pairs.push([j, n]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const idx = new Int32Array(pairs.length);
    const val = new Float64Array(pairs.length);
    pairs.forEach(([j, n], k) => {
      idx[k] = j;
      val[k] = n;
      rowSums[r] = rowSums[r]! + n;
      termFreq[j] = termFreq[j]! + n;
    });
    rowTerms.push(idx);
    rowCounts.push(val);
  }
  let total = 0;
  for (let r = 0; r < C; r++) total += rowSums[r]!;
  const A = C > 0 ? Math.trunc(total / C) : 0;
  const idf = new Float64Array(V);
  for (let j = 0; j < V; j++) {
    const f = termFreq[j]!;
    idf[j] = o.bm25Weighting ? Math.log(1 + (A - f + 0.5) / (f + 0.5)) : Math.log(A / f + 1);
  }

  const indptr = new Int32Array(C + 1);
  for (let r = 0; r < C; r++) indptr[r + 1] = indptr[r]! + rowTerms[r]!.length;
  const indices = new Int32Array(indptr[C]!);
  const values = new Float64Array(indptr[C]!);
  const topics: CtfidfTopic[] = [];
  for (let r = 0; r < C; r++) {
    const idx = rowTerms[r]!;
    const cnt = rowCounts[r]!;
    const sum = rowSums[r]!;
    const base = indptr[r]!;
    for (let k = 0; k < idx.length; k++) {
      let tf = sum > 0 ? cnt[k]! / sum : 0;
      if (o.reduceFrequentWords) tf = Math.sqrt(tf);
      indices[base + k] = idx[k]!;
      values[base + k] = tf * idf[idx[k]!]!;
    }
    topics.push({
      cluster: classIds[order[r]!]!,
      size: classSizes[order[r]!]!,
      termCount: sum,
      keywords: topTerms(indices.subarray(base, base + idx.length), values.subarray(base, base + idx.length), vocabulary, o.topN),
    });
  }
  return { topics, vocabulary, idf, averageClassLength: A, weights: { indptr, indices, values } };
}

/** The `n` largest positive weights, best first; ties go to the alphabetically first term. */
function topTerms(indices: Int32Array, values: Float64Array, vocabulary: readonly string[], n: number): WeightedTerm[] {
  const order = Array.from(indices.keys()).filter((k) => values[k]! > 0);
  // indices are ascending = alphabetical, so a stable sort keeps alphabetical order among ties.
  order.sort((a, b) => values[b]! - values[a]!);
  return order.slice(0, n).map((k) => ({ term: vocabulary[indices[k]!]!, weight: values[k]! }));
}

/**
 * The weight of every term of one class in a {@link CtfidfResult}, as a map term → weight.
 *
 * @example
 * const w = ctfidfWeights(result, 3); w.get('bird');
 */
export function ctfidfWeights(result: CtfidfResult, cluster: number): Map<string, number> {
  const r = result.topics.findIndex((t) => t.cluster === cluster);
  const out = new Map<string, number>();
  if (r < 0) return out;
  const { indptr, indices, values } = result.weights;
  for (let k = indptr[r]!; k < indptr[r + 1]!; k++) out.set(result.vocabulary[indices[k]!]!, values[k]!);
  return out;
}
