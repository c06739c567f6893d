import type { EmbeddingGenerator } from '../core/contracts.js';
import { ConfigError, InputError } from '../core/errors.js';
import { CachedEmbedder } from './cache.js';
import { AutoTextEmbedder } from './create.js';
import { HybridEmbedder } from './hybrid.js';
import { TfidfEmbedder, type TfidfState } from './tfidf.js';
import { TransformersEmbedder, type TransformersEmbedderOptions } from './transformers-embedder.js';

/** A saved embedder: plain JSON that {@link loadEmbedder} turns back into one giving the same vectors. */
export type EmbedderState =
  | { kind: 'transformers'; options: TransformersEmbedderOptions }
  | TfidfState
  | { kind: 'hybrid'; parts: { weight: number; embedder: EmbedderState }[] };

/**
 * Saves what is needed to embed new texts into the same space later: a neural model's resolved id,
 * revision and settings, a fitted TF-IDF's vocabulary/idf/LSA basis, a hybrid's parts and weights.
 * (`auto` is saved as what it chose; a cache wrapper as its inner embedder.)
 *
 * @example
 * const state = await saveEmbedder(embedder); // after embed()
 * const again = loadEmbedder(JSON.parse(JSON.stringify(state)));
 */
export async function saveEmbedder(embedder: EmbeddingGenerator): Promise<EmbedderState> {
  if (embedder instanceof CachedEmbedder) return saveEmbedder(embedder.inner);
  if (embedder instanceof AutoTextEmbedder) {
    if (!embedder.innerEmbedder) {
      throw new ConfigError('An auto embedder can be saved only after its first embed() call.', { code: 'NOT_FITTED', field: 'embedder', fix: 'Call embed(texts) first.' });
    }
    return saveEmbedder(embedder.innerEmbedder);
  }
  if (embedder instanceof TfidfEmbedder) return embedder.toJSON();
  if (embedder instanceof HybridEmbedder) {
    return { kind: 'hybrid', parts: await Promise.all(embedder.parts.map(async (p) => ({ weight: p.weight, embedder: await saveEmbedder(p.embedder) }))) };
  }
  if (embedder instanceof TransformersEmbedder) {
    const r = await embedder.resolve();
    const { probeTimeoutMs: _p, ...options } = embedder.options;
    return {
      kind: 'transformers',
      options: { ...options, model: r.folder && r.id !== r.folder ? r.id : (r.folder ?? r.id), revision: r.revision, dtype: r.dtype as never, pooling: r.pooling, normalize: r.normalize, prefix: r.prefix, maxLength: r.maxLength },
    };
  }
  throw new ConfigError(`Embedder ${embedder.id} cannot be saved.`, { code: 'NOT_SAVABLE', field: 'embedder', fix: 'Save its configuration yourself, or use a built-in embedder.' });
}

/** Rebuilds an embedder saved by {@link saveEmbedder}. @example loadEmbedder(state).embed(newTexts) */
export function loadEmbedder(state: EmbedderState): EmbeddingGenerator {
  switch (state?.kind) {
    case 'transformers':
      return new TransformersEmbedder(state.options);
    case 'tfidf':
      return TfidfEmbedder.fromJSON(state);
    case 'hybrid':
      return new HybridEmbedder(state.parts.map((p) => ({ weight: p.weight, embedder: loadEmbedder(p.embedder) })));
    default:
      throw new InputError('Not a saved embedder.', { code: 'BAD_STATE', field: 'state', fix: 'Pass the object returned by saveEmbedder().' });
  }
}
