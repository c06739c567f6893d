import { z } from 'zod';
import type { EmbeddingGenerator } from '../core/contracts.js';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { RunOptions } from '../core/progress.js';
import type { WeightedTerm } from './ctfidf.js';
import { parseOptions } from './options.js';

/** One pick of {@link mmr}. */
export interface MmrPick {
  /** The candidate. */
  term: string;
  /** Its index in `candidates`. */
  index: number;
  /** Cosine similarity between the candidate and the document. */
  relevance: number;
}

function cosine(a: ArrayLike<number>, aOff: number, b: ArrayLike<number>, bOff: number, d: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < d; j++) {
    const x = a[aOff + j]!;
    const y = b[bOff + j]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Maximal Marginal Relevance (as in KeyBERT/BERTopic): picks `topN` candidates one at a time,
 * each maximising `(1 − diversity) · sim(term, doc) − diversity · max sim(term, already picked)`.
 * The first pick is the candidate most similar to the document. `diversity` 0 ranks by relevance
 * alone; 1 maximises spread.
 *
 * @example
 * // candidates[i] has embedding row i of termEmbeddings
 * mmr(['bird', 'birds', 'wing'], topicVector, termVectors, 0.5, 2).map((p) => p.term); // ['bird', 'wing']
 */
export function mmr(
  candidates: readonly string[],
  docEmbedding: ArrayLike<number>,
  termEmbeddings: Matrix,
  diversity = 0.1,
  topN: number = candidates.length,
): MmrPick[] {
  if (termEmbeddings.rows !== candidates.length) {
    throw new InputError(`mmr got ${candidates.length} candidates but ${termEmbeddings.rows} term embeddings.`, {
      code: 'LENGTH_MISMATCH',
      field: 'termEmbeddings',
      fix: 'Pass one embedding row per candidate, in the same order.',
    });
  }
  if (docEmbedding.length !== termEmbeddings.cols) {
    throw new InputError(`docEmbedding has ${docEmbedding.length} dimensions, term embeddings ${termEmbeddings.cols}.`, {
      code: 'DIMENSION_MISMATCH',
      field: 'docEmbedding',
      fix: 'Embed the document and the terms with the same model.',
    });
  }
  if (!(diversity >= 0 && diversity <= 1)) {
    throw new InputError(`diversity must be in [0, 1], got ${diversity}.`, {
      code: 'INVALID_OPTION',
      field: 'diversity',
      fix: 'Use 0 for pure relevance, up to 1 for maximal spread.',
    });
  }
  const n = candidates.length;
  const d = termEmbeddings.cols;
  const x = termEmbeddings.data;
  const relevance = new Float64Array(n);
  for (let i = 0; i < n; i++) relevance[i] = cosine(x, i * d, docEmbedding, 0, d);
  // maxSim[i]: the largest similarity of candidate i to any picked term so far.
  const maxSim = new Float64Array(n).fill(-Infinity);
  const picked = new Uint8Array(n);
  const out: MmrPick[] = [];
  const k = Math.min(Math.max(0, Math.floor(topN)), n);
  for (let step = 0; step < k; step++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (picked[i]) continue;
      const score = step === 0 ? relevance[i]! : (1 - diversity) * relevance[i]! - diversity * maxSim[i]!;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    picked[best] = 1;
    out.push({ term: candidates[best]!, index: best, relevance: relevance[best]! });
    for (let i = 0; i < n; i++) {
      if (picked[i]) continue;
      const s = cosine(x, i * d, x, best * d, d);
      if (s > maxSim[i]!) maxSim[i] = s;
    }
  }
  return out;
}

/** Options of {@link mmrKeywords}. */
export const MmrOptionsSchema = z.object({
  /** 0 = relevance only, 1 = maximal spread. Default `0.1` (BERTopic's default). */
  diversity: z.number().min(0).max(1).default(0.1),
  /** Keywords to keep. Default: all candidates. */
  topN: z.number().int().min(1).optional(),
});

/** Input type of the {@link mmrKeywords} options. */
export type MmrOptions = z.input<typeof MmrOptionsSchema>;

/** Anything that embeds texts: an {@link EmbeddingGenerator} or a plain async function. */
export type TextEmbedder = EmbeddingGenerator | ((texts: readonly string[]) => Promise<Matrix>);

/** Embeds texts with either form of {@link TextEmbedder}. @example const m = await embedWith(async (t) => fromArrays(t.map((s) => [s.length])), ['a', 'bb']); */
export async function embedWith(embedder: TextEmbedder, texts: readonly string[], run: RunOptions = {}): Promise<Matrix> {
  return typeof embedder === 'function' ? embedder(texts) : embedder.embed(texts, run);
}

/**
 * Re-ranks c-TF-IDF keywords with {@link mmr}, the way BERTopic's `MaximalMarginalRelevance`
 * representation does: the "document" is the embedding of the candidate keywords joined by spaces
 * (or `docEmbedding` when you pass one, e.g. the cluster centroid in the same embedding space).
 * Keeps each keyword's c-TF-IDF weight.
 *
 * @example
 * const diverse = await mmrKeywords(topic.keywords, embedder, { diversity: 0.3, topN: 5 });
 */
export async function mmrKeywords(
  keywords: readonly WeightedTerm[],
  embedder: TextEmbedder,
  options: MmrOptions = {},
  docEmbedding?: ArrayLike<number>,
  run: RunOptions = {},
): Promise<WeightedTerm[]> {
  const o = parseOptions(MmrOptionsSchema, options, 'mmr');
  if (keywords.length === 0) return [];
  const terms = keywords.map((k) => k.term);
  const termVectors = await embedWith(embedder, terms, run);
  const doc = docEmbedding ?? (await embedWith(embedder, [terms.join(' ')], run)).data;
  return mmr(terms, doc, termVectors, o.diversity, o.topN ?? terms.length).map((p) => keywords[p.index]!);
}
