import { EmbeddingGenerator, type EmbedOptions } from '../core/contracts.js';
import type { Matrix } from '../core/matrix.js';
import { CachedEmbedder, type CachedEmbedderOptions } from './cache.js';
import { HybridEmbedder } from './hybrid.js';
import { guessLanguages } from './languages.js';
import { isStopWordLanguage } from '../text/index.js';
import { OFFLINE_DEFAULT_MODEL } from './registry.js';
import { emptyReport, type EmbedReport } from './report.js';
import type { EmbeddingStore } from './store.js';
import { TfidfEmbedder, type TfidfOptions } from './tfidf.js';
import { TransformersEmbedder, type TransformersEmbedderOptions } from './transformers-embedder.js';

/**
 * What `auto` uses for text when no neural hub model is available: the measured best offline
 * combination on the shared labelled text sets (see docs/embeddings.md): the bundled GloVe model
 * (SIF-weighted) concatenated with TF-IDF + LSA(100), equal weights.
 *
 * @example
 * createEmbedder(OFFLINE_TEXT_DEFAULT); // the same as createEmbedder('hybrid')
 */
export const OFFLINE_TEXT_DEFAULT = 'hybrid' as const;

/** Options of {@link createEmbedder}: the options of the chosen embedder, plus caching. */
export interface CreateEmbedderOptions extends TransformersEmbedderOptions {
  /** TF-IDF options for `tfidf`, `lsa` and the lexical part of `hybrid`. */
  tfidf?: TfidfOptions;
  /** Weights of the hybrid parts. Default `{ neural: 1, lexical: 1 }`. */
  hybridWeights?: { neural?: number; lexical?: number };
  /** Cache neural vectors: a store, or cache options (store, encryptionKey). */
  cache?: EmbeddingStore | CachedEmbedderOptions;
}

function isStore(x: unknown): x is EmbeddingStore {
  return typeof x === 'object' && x !== null && typeof (x as EmbeddingStore).get === 'function' && typeof (x as EmbeddingStore).set === 'function';
}

function withCache(embedder: TransformersEmbedder, cache: CreateEmbedderOptions['cache']): EmbeddingGenerator & { lastReport?: EmbedReport } {
  if (!cache) return embedder;
  return new CachedEmbedder(embedder, isStore(cache) ? { store: cache } : cache);
}

function neural(options: CreateEmbedderOptions, model: string): EmbeddingGenerator & { lastReport?: EmbedReport } {
  const { tfidf: _t, hybridWeights: _h, cache, ...rest } = options;
  return withCache(new TransformersEmbedder({ ...rest, model }), cache);
}

function offlineHybrid(options: CreateEmbedderOptions, neuralPart?: EmbeddingGenerator): HybridEmbedder {
  return new HybridEmbedder([
    { embedder: neuralPart ?? neural(options, OFFLINE_DEFAULT_MODEL), weight: options.hybridWeights?.neural ?? 1 },
    { embedder: new TfidfEmbedder({ lsa: 100, relaxEmptyVocabulary: true, ...options.tfidf }), weight: options.hybridWeights?.lexical ?? 1 },
  ]);
}

/**
 * `auto` for text: a neural hub model when one is reachable or cached (chosen by the languages
 * given, or guessed from the texts with {@link guessLanguages}), else the offline default
 * ({@link OFFLINE_TEXT_DEFAULT}). The choice is made on the first `embed`.
 *
 * @example
 * const e = new AutoTextEmbedder();
 * await e.embed(texts); e.chosen; // 'hybrid(glove-100d×1+tfidf-lsa100×1)' offline
 */
export class AutoTextEmbedder extends EmbeddingGenerator {
  private inner: (EmbeddingGenerator & { lastReport?: EmbedReport }) | undefined;
  lastReport: EmbedReport = emptyReport();

  constructor(private readonly options: CreateEmbedderOptions = {}) {
    super();
  }

  get id(): string {
    return this.inner?.id ?? 'auto';
  }

  get dimensions(): number | undefined {
    return this.inner?.dimensions;
  }

  /** The embedder `auto` settled on (after the first call). */
  get innerEmbedder(): EmbeddingGenerator | undefined {
    return this.inner;
  }

  /** Its id (after the first call). */
  get chosen(): string | undefined {
    return this.inner?.id;
  }

  /** Languages `auto` chose by (given, or guessed from the first texts). */
  languages: string[] | undefined;

  private async pick(texts: readonly string[]): Promise<EmbeddingGenerator & { lastReport?: EmbedReport }> {
    if (this.inner) return this.inner;
    this.languages = this.options.languages ?? guessLanguages(texts);
    const probe = new TransformersEmbedder({ ...this.options, languages: this.languages, model: 'auto' });
    const resolved = await probe.resolve();
    if (resolved.id === OFFLINE_DEFAULT_MODEL) {
      const main = this.languages[0] ?? 'en';
      const tfidf = { ...(isStopWordLanguage(main) ? { language: main } : {}), ...this.options.tfidf };
      // The bundled GloVe vectors are English: for other languages the lexical part works alone.
      this.inner = this.languages.includes('en')
        ? offlineHybrid({ ...this.options, tfidf }, withCache(probe, this.options.cache))
        : new TfidfEmbedder({ lsa: 100, relaxEmptyVocabulary: true, ...tfidf });
    } else {
      this.inner = withCache(probe, this.options.cache);
    }
    return this.inner;
  }

  async embed(texts: readonly string[], options?: EmbedOptions): Promise<Matrix> {
    const inner = await this.pick(texts);
    const out = await inner.embed(texts, options);
    if (inner.lastReport) this.lastReport = inner.lastReport;
    return out;
  }

  override async dispose(): Promise<void> {
    await this.inner?.dispose();
  }
}

/**
 * Builds an embedder from a name or a hub id — what `pipeline().embed(name)` calls:
 * `auto` (neural if reachable, else the offline default), `default` / `glove-100d` (the bundled
 * model), `tfidf` (TF-IDF), `lsa` (TF-IDF + LSA 100), `hybrid` (GloVe + TF-IDF/LSA), anything else
 * is a Hugging Face model id or a local folder for {@link TransformersEmbedder}.
 *
 * @example
 * const e = createEmbedder('Xenova/bge-small-en-v1.5', { dtype: 'q8' });
 * const offline = createEmbedder('hybrid');
 */
export function createEmbedder(nameOrId: string = 'auto', options: CreateEmbedderOptions = {}): EmbeddingGenerator {
  switch (nameOrId) {
    case 'auto':
      return new AutoTextEmbedder(options);
    case 'default':
    case OFFLINE_DEFAULT_MODEL:
      return neural(options, OFFLINE_DEFAULT_MODEL);
    case 'tfidf':
      return new TfidfEmbedder(options.tfidf ?? {});
    case 'lsa':
      return new TfidfEmbedder({ lsa: 100, ...options.tfidf });
    case 'hybrid':
      return offlineHybrid(options);
    default:
      return neural(options, nameOrId);
  }
}
