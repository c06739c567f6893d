/**
 * What happened to the texts of one `embed` call. Problems in the data are counted here instead of
 * failing the run.
 *
 * @example
 * await embedder.embed(['', 'hello']);
 * embedder.lastReport.empty; // 1
 */
export interface EmbedReport {
  /** Texts asked for. */
  total: number;
  /** Empty or whitespace-only texts (given a zero vector). */
  empty: number;
  /** Texts longer than the model's maximum length (cut at the end). */
  truncated: number;
  /** Texts whose vector came out all zero (e.g. only unknown words for a static model). */
  zeroVectors: number;
  /** Rows served from the embedding cache. */
  cacheHits: number;
  /** Rows computed by the model. */
  computed: number;
  /** Forward passes. */
  batches: number;
  /** Real tokens fed to the model. */
  tokens: number;
  /** Tokens including padding (`batches × longest`): `tokens / paddedTokens` is the padding efficiency. */
  paddedTokens: number;
  /** Wall time in seconds. */
  seconds: number;
}

/** A report with every count at zero. @example emptyReport().total // 0 */
export function emptyReport(): EmbedReport {
  return { total: 0, empty: 0, truncated: 0, zeroVectors: 0, cacheHits: 0, computed: 0, batches: 0, tokens: 0, paddedTokens: 0, seconds: 0 };
}
