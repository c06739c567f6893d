import { z } from 'zod';
import { EmbeddingGenerator, type EmbedOptions } from '../core/contracts.js';
import { ConfigError, InputError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { throwIfAborted, type RunOptions } from '../core/progress.js';
import { randomizedSvdCore } from '../linalg/svd.js';
import { createTokenizer, ngrams } from '../text/index.js';
import { emptyReport, type EmbedReport } from './report.js';

/**
 * Options of {@link TfidfEmbedder}. Defaults follow scikit-learn's `TfidfVectorizer` (smooth idf,
 * l2 norm) except `sublinearTf` and English stop words, which separate topics better.
 *
 * @example
 * TfidfOptionsSchema.parse({ lsa: 100, ngramRange: [1, 2] });
 */
export const TfidfOptionsSchema = z.object({
  /** Word n-gram sizes, inclusive. Default `[1, 1]`. */
  ngramRange: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 1]),
  /** Ignore terms in fewer documents than this (a count ≥ 1, or a fraction < 1). Default 2. */
  minDf: z.number().positive().default(2),
  /** Ignore terms in more documents than this (a count > 1, or a fraction ≤ 1). Default 0.95. */
  maxDf: z.number().positive().default(0.95),
  /** Keep only the most frequent terms (by corpus count). Default: all. */
  maxFeatures: z.number().int().positive().optional(),
  /** `1 + ln(tf)` instead of raw counts. Default `true`. */
  sublinearTf: z.boolean().default(true),
  /** idf = ln((1 + n) / (1 + df)) + 1 when true, ln(n / df) + 1 otherwise (scikit-learn). Default `true`. */
  smoothIdf: z.boolean().default(true),
  /** Row normalisation of the TF-IDF vectors. Default `l2`. */
  norm: z.enum(['l2', 'none']).default('l2'),
  /** Drop stop words (`true`: the built-in list for `language`, or your own list). Default `true`. */
  stopWords: z.union([z.boolean(), z.array(z.string())]).default(true),
  /** Language for stop words and elisions. Default `en`. */
  language: z.string().min(2).default('en'),
  /** Project onto this many latent topics by truncated SVD (LSA), then l2-normalise. Default: no LSA. */
  lsa: z.number().int().positive().optional(),
  /** Seed of the randomized SVD. Default 42. */
  seed: z.number().int().default(42),
  /**
   * When minDf/maxDf leave no term (tiny or repetitive corpora), retry with every term kept, and if
   * the texts have no words at all, return zero rows instead of throwing. Default `false`.
   */
  relaxEmptyVocabulary: z.boolean().default(false),
  /** Largest dense output (`rows × terms`) allowed without LSA. Default 50,000,000 values. */
  maxDenseValues: z.number().int().positive().default(50_000_000),
});

/** Options of {@link TfidfEmbedder} (all optional). */
export type TfidfOptions = z.input<typeof TfidfOptionsSchema>;
type ParsedTfidf = z.output<typeof TfidfOptionsSchema>;

/** The saved state of a fitted {@link TfidfEmbedder} (plain JSON). */
export interface TfidfState {
  kind: 'tfidf';
  version: 1;
  options: Record<string, unknown>;
  terms: string[];
  idf: number[];
  components?: { rows: number; cols: number; data: number[] };
  singularValues?: number[];
}

/** A compressed-sparse-row matrix (TF-IDF rows are mostly zeros). @example const { indptr, indices, values } = csr; */
export interface CsrMatrix {
  rows: number;
  cols: number;
  /** Row `i` spans `indices/values[indptr[i] .. indptr[i+1])`. */
  indptr: Uint32Array;
  indices: Uint32Array;
  values: Float64Array;
}

function parseTfidf(options: TfidfOptions): ParsedTfidf {
  const parsed = TfidfOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid TF-IDF option: ${issue.message}.`, {
      code: 'INVALID_OPTION',
      field: issue.path.join('.') || 'options',
      fix: 'See TfidfOptionsSchema for the allowed values.',
    });
  }
  const o = parsed.data;
  if (o.ngramRange[1] < o.ngramRange[0]) {
    throw new ConfigError(`ngramRange must be [min, max] with min <= max, got [${o.ngramRange.join(', ')}].`, {
      code: 'INVALID_OPTION',
      field: 'ngramRange',
      fix: 'Use e.g. [1, 2].',
    });
  }
  return o;
}

/**
 * A fitted TF-IDF vocabulary (and LSA basis): `fit` learns it from a corpus, `transform` maps texts
 * into it. Plain-function form: {@link tfidf}.
 *
 * @example
 * const model = new TfidfEmbedder({ lsa: 100 });
 * const x = await model.embed(docs);       // fits on docs, n × 100
 * const y = await model.transform(others); // same space
 */
export class TfidfEmbedder extends EmbeddingGenerator {
  readonly options: ParsedTfidf;
  /** Term → column. */
  vocabulary: Map<string, number> | undefined;
  /** Column → term. */
  terms: string[] = [];
  /** idf per column. */
  idf: Float64Array | undefined;
  /** LSA basis `k × terms` (rows of Vᵀ), when `lsa` is set. */
  components: Matrix<Float64Array> | undefined;
  /** Singular values of the LSA basis. */
  singularValues: Float64Array | undefined;
  lastReport: EmbedReport = emptyReport();
  private readonly tokenizer: (text: string) => string[];

  constructor(options: TfidfOptions = {}) {
    super();
    this.options = parseTfidf(options);
    this.tokenizer = createTokenizer({ stopWords: this.options.stopWords, language: this.options.language });
  }

  get id(): string {
    return this.options.lsa ? `tfidf-lsa${this.options.lsa}` : 'tfidf';
  }

  get dimensions(): number | undefined {
    return this.options.lsa ?? (this.vocabulary ? this.terms.length : undefined);
  }

  private analyze(text: string): string[] {
    const tokens = this.tokenizer(typeof text === 'string' ? text : '');
    const [lo, hi] = this.options.ngramRange;
    return lo === 1 && hi === 1 ? tokens : ngrams(tokens, [lo, hi]);
  }

  /** Learns the vocabulary, idf and (with `lsa`) the topic basis from `texts`. */
  async fit(texts: readonly string[], options: RunOptions = {}): Promise<this> {
    await this.fitTransform(texts, options);
    return this;
  }

  /** Fits on `texts` and returns their vectors (cheaper than fit + transform). */
  async fitTransform(texts: readonly string[], options: RunOptions = {}): Promise<Matrix<Float32Array>> {
    const o = this.options;
    const n = texts.length;
    if (n === 0) {
      throw new InputError('TF-IDF needs at least one text to fit.', { code: 'EMPTY_INPUT', field: 'texts', fix: 'Pass a non-empty list of texts.' });
    }
    // Document frequencies and corpus counts.
    const df = new Map<string, number>();
    const count = new Map<string, number>();
    const docs: string[][] = new Array(n);
    for (let i = 0; i < n; i++) {
      if (i % 2048 === 0) throwIfAborted(options.signal, 'embed');
      const terms = this.analyze(texts[i]!);
      docs[i] = terms;
      const seen = new Set<string>();
      for (const t of terms) {
        count.set(t, (count.get(t) ?? 0) + 1);
        if (!seen.has(t)) {
          seen.add(t);
          df.set(t, (df.get(t) ?? 0) + 1);
        }
      }
    }
    const minDocs = o.minDf < 1 ? Math.ceil(o.minDf * n) : o.minDf;
    const maxDocs = o.maxDf <= 1 ? Math.floor(o.maxDf * n) : o.maxDf;
    let kept = [...df.entries()].filter(([, d]) => d >= minDocs && d <= maxDocs).map(([t]) => t);
    if (kept.length === 0 && o.relaxEmptyVocabulary) kept = [...df.keys()];
    if (kept.length === 0 && o.relaxEmptyVocabulary) {
      // No words at all: zero rows (counted as zero vectors by embed()).
      this.terms = [];
      this.vocabulary = new Map();
      this.idf = new Float64Array(0);
      const dim = o.lsa ?? 1;
      return matrix(new Float32Array(n * dim), n, dim);
    }
    if (o.maxFeatures !== undefined && kept.length > o.maxFeatures) {
      kept.sort((a, b) => count.get(b)! - count.get(a)! || (a < b ? -1 : 1));
      kept = kept.slice(0, o.maxFeatures);
    }
    kept.sort(); // column order: alphabetical, like scikit-learn
    if (kept.length === 0) {
      throw new InputError(`No term is left after minDf=${o.minDf} and maxDf=${o.maxDf} on ${n} texts.`, {
        code: 'EMPTY_VOCABULARY',
        field: 'minDf',
        fix: 'Lower minDf, raise maxDf, or turn stopWords off for very short texts.',
      });
    }
    this.terms = kept;
    this.vocabulary = new Map(kept.map((t, j) => [t, j]));
    this.idf = new Float64Array(kept.length);
    for (let j = 0; j < kept.length; j++) {
      const d = df.get(kept[j]!)!;
      this.idf[j] = o.smoothIdf ? Math.log((1 + n) / (1 + d)) + 1 : Math.log(n / d) + 1;
    }
    const csr = this.vectorize(docs);
    this.components = undefined;
    if (o.lsa !== undefined) {
      const k = Math.min(o.lsa, n, kept.length);
      const svd = sparseRandomizedSvd(csr, k, o.seed);
      this.components = svd.vt;
      this.singularValues = svd.s;
    }
    return this.project(csr, options);
  }

  /**
   * The fitted state as plain JSON (options, terms, idf, LSA basis), so a saved model can map new
   * texts into the same space with {@link TfidfEmbedder.fromJSON}.
   *
   * @example
   * const saved = JSON.stringify(model.toJSON());
   * const again = TfidfEmbedder.fromJSON(JSON.parse(saved));
   */
  toJSON(): TfidfState {
    if (!this.vocabulary || !this.idf) {
      throw new ConfigError('Only a fitted TfidfEmbedder can be saved.', { code: 'NOT_FITTED', field: 'texts', fix: 'Call fit(texts) or embed(texts) first.' });
    }
    const { maxDenseValues: _m, ...options } = this.options;
    return {
      kind: 'tfidf',
      version: 1,
      options,
      terms: [...this.terms],
      idf: Array.from(this.idf),
      ...(this.components
        ? { components: { rows: this.components.rows, cols: this.components.cols, data: Array.from(this.components.data) }, singularValues: Array.from(this.singularValues ?? []) }
        : {}),
    };
  }

  /** Rebuilds a fitted embedder from {@link TfidfEmbedder.toJSON}'s output. @example TfidfEmbedder.fromJSON(state) */
  static fromJSON(state: TfidfState): TfidfEmbedder {
    if (state?.kind !== 'tfidf' || !Array.isArray(state.terms) || !Array.isArray(state.idf) || state.terms.length !== state.idf.length) {
      throw new InputError('Not a saved TF-IDF state.', { code: 'BAD_STATE', field: 'state', fix: 'Pass the object returned by TfidfEmbedder.toJSON().' });
    }
    const t = new TfidfEmbedder(state.options as TfidfOptions);
    t.terms = [...state.terms];
    t.vocabulary = new Map(t.terms.map((term, j) => [term, j]));
    t.idf = Float64Array.from(state.idf);
    if (state.components) {
      t.components = { data: Float64Array.from(state.components.data), rows: state.components.rows, cols: state.components.cols };
      t.singularValues = Float64Array.from(state.singularValues ?? []);
    }
    return t;
  }

  /** Vectors of `texts` in the fitted space (terms unseen in the fit are ignored). */
  async transform(texts: readonly string[], options: RunOptions = {}): Promise<Matrix<Float32Array>> {
    if (!this.vocabulary) {
      throw new ConfigError('TfidfEmbedder.transform needs a fitted vocabulary.', { code: 'NOT_FITTED', field: 'texts', fix: 'Call fit(texts) or embed(texts) first.' });
    }
    return this.project(this.vectorize(texts.map((t) => this.analyze(t))), options);
  }

  /**
   * Embeds texts: the first call fits on them (TF-IDF is corpus-relative), later calls transform
   * into the fitted space. Empty texts give zero rows and are counted in {@link lastReport}.
   */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Matrix<Float32Array>> {
    const started = Date.now();
    const out = this.vocabulary ? await this.transform(texts, options) : await this.fitTransform(texts, options);
    const report = emptyReport();
    report.total = texts.length;
    report.computed = texts.length;
    for (const t of texts) if (typeof t !== 'string' || t.trim() === '') report.empty++;
    for (let i = 0; i < out.rows; i++) {
      let zero = true;
      for (let j = 0; j < out.cols && zero; j++) if (out.data[i * out.cols + j] !== 0) zero = false;
      if (zero) report.zeroVectors++;
    }
    report.seconds = (Date.now() - started) / 1000;
    this.lastReport = report;
    options.onProgress?.({ stage: 'embed', done: texts.length, total: texts.length });
    return out;
  }

  /** Sparse TF-IDF rows (after `norm`) of already-analysed documents. */
  private vectorize(docs: readonly string[][]): CsrMatrix {
    const vocab = this.vocabulary!;
    const idf = this.idf!;
    const indptr = new Uint32Array(docs.length + 1);
    const indices: number[] = [];
    const values: number[] = [];
    const tf = new Map<number, number>();
    for (let i = 0; i < docs.length; i++) {
      tf.clear();
      for (const t of docs[i]!) {
        const j = vocab.get(t);
        if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
      }
      const cols = [...tf.keys()].sort((a, b) => a - b);
      const start = values.length;
      let norm = 0;
      for (const j of cols) {
        const c = tf.get(j)!;
        const v = (this.options.sublinearTf ? 1 + Math.log(c) : c) * idf[j]!;
        indices.push(j);
        values.push(v);
        norm += v * v;
      }
      if (this.options.norm === 'l2' && norm > 0) {
        const inv = 1 / Math.sqrt(norm);
        for (let p = start; p < values.length; p++) values[p] = values[p]! * inv;
      }
      indptr[i + 1] = values.length;
    }
    return { rows: docs.length, cols: vocab.size, indptr, indices: Uint32Array.from(indices), values: Float64Array.from(values) };
  }

  private project(csr: CsrMatrix, options: RunOptions): Matrix<Float32Array> {
    throwIfAborted(options.signal, 'embed');
    if (this.components) {
      const k = this.components.rows;
      const d = this.components.cols;
      const vt = this.components.data;
      const out = new Float32Array(csr.rows * k);
      const row = new Float64Array(k);
      for (let i = 0; i < csr.rows; i++) {
        row.fill(0);
        for (let p = csr.indptr[i]!; p < csr.indptr[i + 1]!; p++) {
          const j = csr.indices[p]!;
          const v = csr.values[p]!;
          for (let c = 0; c < k; c++) row[c]! += v * vt[c * d + j]!;
        }
        // LSA document vectors X·V (= U·S), then l2-normalised as in scikit-learn's LSA recipe.
        let norm = 0;
        for (let c = 0; c < k; c++) norm += row[c]! * row[c]!;
        const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (let c = 0; c < k; c++) out[i * k + c] = row[c]! * inv;
      }
      return matrix(out, csr.rows, k);
    }
    if (csr.cols === 0) return matrix(new Float32Array(csr.rows * (this.options.lsa ?? 1)), csr.rows, this.options.lsa ?? 1);
    if (csr.rows * csr.cols > this.options.maxDenseValues) {
      throw new ConfigError(
        `Dense TF-IDF output would be ${csr.rows} × ${csr.cols} = ${csr.rows * csr.cols} values (limit ${this.options.maxDenseValues}).`,
        { code: 'TOO_LARGE', field: 'lsa', fix: 'Set lsa (e.g. 100) or maxFeatures, or raise maxDenseValues.' },
      );
    }
    const out = new Float32Array(csr.rows * csr.cols);
    for (let i = 0; i < csr.rows; i++) {
      for (let p = csr.indptr[i]!; p < csr.indptr[i + 1]!; p++) out[i * csr.cols + csr.indices[p]!] = csr.values[p]!;
    }
    return matrix(out, csr.rows, csr.cols);
  }
}

/**
 * TF-IDF (optionally with LSA) vectors of `texts`, fitted on them.
 *
 * @example
 * const x = await tfidf(docs, { lsa: 100 }); // n × 100, rows l2-normalised
 */
export async function tfidf(texts: readonly string[], options: TfidfOptions & RunOptions = {}): Promise<Matrix<Float32Array>> {
  const { signal, onProgress, ...rest } = options;
  return new TfidfEmbedder(rest).fitTransform(texts, { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) });
}

/** `X·B` for sparse X (n × d) and dense row-major B (d × l). */
function csrMultiply(x: CsrMatrix, b: Float64Array, l: number): Float64Array {
  const y = new Float64Array(x.rows * l);
  for (let i = 0; i < x.rows; i++) {
    const yo = i * l;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
      const v = x.values[p]!;
      const bo = x.indices[p]! * l;
      for (let c = 0; c < l; c++) y[yo + c]! += v * b[bo + c]!;
    }
  }
  return y;
}

/** `Xᵀ·Q` for sparse X (n × d) and dense row-major Q (n × l). */
function csrTransposeMultiply(x: CsrMatrix, q: Float64Array, l: number): Float64Array {
  const z = new Float64Array(x.cols * l);
  for (let i = 0; i < x.rows; i++) {
    const qo = i * l;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
      const v = x.values[p]!;
      const zo = x.indices[p]! * l;
      for (let c = 0; c < l; c++) z[zo + c]! += v * q[qo + c]!;
    }
  }
  return z;
}

/**
 * Truncated SVD of a sparse matrix by randomized range finding (Halko et al. 2011), the sparse twin
 * of `randomizedSvd` in `src/linalg` (same oversampling, power iterations and sign convention), so
 * LSA never materialises the dense `n × terms` matrix.
 *
 * @example
 * const { s, vt } = sparseRandomizedSvd(csr, 100, 42);
 */
export function sparseRandomizedSvd(x: CsrMatrix, k: number, seed: number): { s: Float64Array; vt: Matrix<Float64Array> } {
  const { s, vt } = randomizedSvdCore(x.rows, x.cols, k, {
    seed,
    nOversamples: 10,
    multiply: (m, cols) => csrMultiply(x, m, cols),
    transposeMultiply: (m, cols) => csrTransposeMultiply(x, m, cols),
  });
  return { s, vt };
}
