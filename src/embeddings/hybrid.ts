import { EmbeddingGenerator, type EmbedOptions } from '../core/contracts.js';
import { ConfigError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { throwIfAborted } from '../core/progress.js';
import { emptyReport, type EmbedReport } from './report.js';

/** One part of a {@link HybridEmbedder}. */
export interface HybridPart {
  embedder: EmbeddingGenerator & { lastReport?: EmbedReport };
  /** Relative weight (> 0). Default 1. */
  weight?: number;
}

/**
 * Concatenates several embeddings of the same texts (e.g. lexical TF-IDF + LSA and a neural model).
 * Each part's rows are l2-normalised and scaled by √(weight / Σ weights), so every row has unit
 * length and the cosine similarity of two rows is the weighted average of the parts' cosine
 * similarities (weight 2 counts twice as much as weight 1).
 *
 * @example
 * const hybrid = new HybridEmbedder([
 *   { embedder: new TransformersEmbedder({ model: 'glove-100d' }), weight: 1 },
 *   { embedder: new TfidfEmbedder({ lsa: 100 }), weight: 1 },
 * ]);
 * const x = await hybrid.embed(texts); // n × 200
 */
export class HybridEmbedder extends EmbeddingGenerator {
  readonly parts: readonly Required<HybridPart>[];
  lastReport: EmbedReport = emptyReport();

  constructor(parts: readonly HybridPart[]) {
    super();
    if (parts.length === 0) {
      throw new ConfigError('HybridEmbedder needs at least one part.', { code: 'INVALID_OPTION', field: 'parts', fix: 'Pass e.g. [{ embedder: a }, { embedder: b }].' });
    }
    this.parts = parts.map((p, i) => {
      const weight = p.weight ?? 1;
      if (!(weight > 0) || !Number.isFinite(weight)) {
        throw new ConfigError(`Part ${i} has weight ${weight}; weights must be positive numbers.`, { code: 'INVALID_OPTION', field: `parts[${i}].weight`, fix: 'Use a weight > 0 (drop the part to give it no say).' });
      }
      return { embedder: p.embedder, weight };
    });
  }

  get id(): string {
    return `hybrid(${this.parts.map((p) => `${p.embedder.id}×${p.weight}`).join('+')})`;
  }

  get dimensions(): number | undefined {
    let d = 0;
    for (const p of this.parts) {
      if (p.embedder.dimensions === undefined) return undefined;
      d += p.embedder.dimensions;
    }
    return d;
  }

  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Matrix<Float32Array>> {
    const started = Date.now();
    const n = texts.length;
    const total = this.parts.reduce((s, p) => s + p.weight, 0);
    const blocks: Matrix[] = [];
    const report = emptyReport();
    report.total = n;
    for (const [k, p] of this.parts.entries()) {
      throwIfAborted(options.signal, 'embed');
      const m = await p.embedder.embed(texts, {
        ...options,
        onProgress: options.onProgress
          ? (e) => options.onProgress!({ ...e, step: `part ${k + 1}/${this.parts.length}: ${p.embedder.id}` })
          : undefined,
      });
      blocks.push(m);
      const r = p.embedder.lastReport;
      if (r) {
        report.empty = Math.max(report.empty, r.empty);
        report.truncated = Math.max(report.truncated, r.truncated);
        report.cacheHits += r.cacheHits;
      }
    }
    const cols = blocks.reduce((s, b) => s + b.cols, 0);
    const out = new Float32Array(n * cols);
    let offset = 0;
    for (const [k, b] of blocks.entries()) {
      const scale = Math.sqrt(this.parts[k]!.weight / total);
      for (let i = 0; i < n; i++) {
        let norm = 0;
        const o = i * b.cols;
        for (let j = 0; j < b.cols; j++) norm += b.data[o + j]! * b.data[o + j]!;
        const f = norm > 0 ? scale / Math.sqrt(norm) : 0;
        const w = i * cols + offset;
        for (let j = 0; j < b.cols; j++) out[w + j] = b.data[o + j]! * f;
      }
      offset += b.cols;
    }
    for (let i = 0; i < n; i++) {
      let zero = true;
      for (let j = 0; j < cols && zero; j++) if (out[i * cols + j] !== 0) zero = false;
      if (zero) report.zeroVectors++;
    }
    report.computed = n;
    report.seconds = (Date.now() - started) / 1000;
    this.lastReport = report;
    return matrix(out, n, cols);
  }

  override async dispose(): Promise<void> {
    for (const p of this.parts) await p.embedder.dispose();
  }
}
