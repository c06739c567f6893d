import { z } from 'zod';
import type { ClusteringEngine, EmbeddingGenerator, Reducer } from '../core/contracts.js';
import { InputError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { RunOptions } from '../core/progress.js';
import { columnsOfKind, requireColumns } from '../data/dataset.js';
import type { DataInput, Dataset } from '../data/types.js';
import { pipeline, type Pipeline } from '../pipeline/pipeline.js';
import type { AutomaticChoice, SeparationResult } from '../pipeline/result.js';
import type { SeparateRunOptions } from '../pipeline/run.js';
import { createEmbeddingGenerator, createReducer, stageProgress } from '../pipeline/stages.js';
import { TextPreprocessor, TextPreprocessorOptionsSchema, type PreprocessedTexts } from '../preprocess/text-preprocessor.js';
import { addPlanTime, BaseSeparator, fixedKClusterer, sumStages } from './base.js';
import { CommonOptionsSchema } from './options.js';
import { ReduceChoiceSchema, type SeparationPlan } from './numerical.js';
import { AutoTextClusterer, normalizeRows, PrecomputedEmbedder } from './auto-text.js';
import { orderChoices } from './auto-cluster.js';
import { concatWeighted, embedPreprocessed, setRowEncoder, type RowEncoderParts } from './encoder.js';

/** Options of {@link SemanticSeparator}. */
export const SemanticOptionsSchema = CommonOptionsSchema.extend({
  model: z
    .string()
    .min(1)
    .default('auto')
    .describe("Embedding model: 'auto' (a hub sentence model when reachable, else the bundled GloVe + TF-IDF/LSA hybrid measured best offline), a registered name (hybrid, glove-100d, lsa, tfidf), a Hugging Face model id or a local model folder."),
  reduce: ReduceChoiceSchema,
  cluster: z
    .string()
    .min(1)
    .default('auto')
    .describe("Clusterer: 'auto' (spherical k-means, k by silhouette on a UMAP view), 'kmeans', 'hdbscan' (on a 5-D cosine UMAP, BERTopic-style), or a registered clusterer name."),
  kMin: z.number().int().min(2).default(2).describe("Smallest number of topics tried when clusters is 'auto'."),
  kMax: z.number().int().min(2).default(30).describe("Largest number of topics tried when clusters is 'auto' (also at most sampled rows / 20)."),
  combine: z
    .enum(['join', 'separate'])
    .default('join')
    .describe("Several text columns: 'join' them into one text, or embed each 'separate'ly and concatenate with textWeights."),
  textWeights: z.record(z.string(), z.number().min(0)).optional().describe("Weight per text column with combine: 'separate' (default 1)."),
  preprocess: TextPreprocessorOptionsSchema.optional().describe('TextPreprocessor options: cleaning switches, language detection, de-duplication.'),
  minClusterSize: z.number().int().min(2).optional().describe('HDBSCAN: smallest topic (default 1% of the rows, at least 10).'),
}).strict();
/** Input form of {@link SemanticOptionsSchema}. */
export type SemanticOptions = z.input<typeof SemanticOptionsSchema>;

/** One hit of {@link SemanticSeparator.nearest}. */
export interface NearestHit {
  /** Input row index. */
  row: number;
  id: string | number;
  text: string;
  /** Cosine similarity to the query. */
  similarity: number;
  /** The row's cluster (-1 = outlier). */
  cluster: number;
}

interface FittedText {
  embedder: EmbeddingGenerator;
  preprocessor: TextPreprocessor;
  unit: Matrix<Float64Array>;
  texts: string[];
  result?: SeparationResult;
  columns: string[];
}

/**
 * Separates rows by what their text means: cleaning and de-duplication (TextPreprocessor) →
 * embeddings (default `auto`) → optional reduction → clustering (number of topics chosen by
 * measurement, or given) → c-TF-IDF topics (keywords, labels, representative rows, sizes). After
 * `separate`, {@link SemanticSeparator.nearest} finds the rows closest in meaning to a query.
 *
 * @example
 * const sep = new SemanticSeparator({ textColumns: ['text'] });
 * const result = await sep.separate('glosses.csv');
 * result.clusters[0].keywords;          // [{ term: 'bird', weight: … }, …]
 * await sep.nearest('a small songbird', 5);
 */
export class SemanticSeparator extends BaseSeparator<typeof SemanticOptionsSchema> {
  readonly name = 'semantic';
  readonly description = 'text columns: sentence embeddings, topics found by clustering, c-TF-IDF keywords and labels';
  private fitted: FittedText | undefined;
  /** How the last run encoded its rows (saved with an exported model). */
  private encoding: RowEncoderParts | undefined;
  /** What the text preprocessing did in the last run. */
  lastPreprocess: PreprocessedTexts['report'] | undefined;

  constructor(options: SemanticOptions = {}) {
    super(SemanticOptionsSchema, options);
  }

  protected override checkData(data: Dataset): string[] {
    const cols = this.textColumns(data);
    return data.numRows < 20 && cols.length > 0 ? [`only ${data.numRows} texts: topics will not mean much`] : [];
  }

  private textColumns(data: Dataset): string[] {
    const given = this.options.textColumns;
    if (given) {
      requireColumns(data, given, 'a text column (--text-column)');
      return given;
    }
    const inferred = columnsOfKind(data, 'text');
    if (inferred.length === 0) {
      throw new InputError(`${data.source ?? 'The data'} has no text column.`, {
        code: 'NO_TEXT',
        field: 'textColumns',
        fix: `Name it with --text-column / { textColumns: [...] }, or declare its kind. Columns: ${data.columns.map((c) => `${c.name} (${c.kind})`).join(', ')}.`,
      });
    }
    return inferred;
  }

  override async separate(data: DataInput | Dataset, run: SeparateRunOptions = {}): Promise<SeparationResult> {
    const { dataset } = await this.validate(data, this.declaredKinds());
    const started = performance.now();
    const plan = await this.plan(dataset, run);
    const result = await plan.pipeline.run(dataset, run);
    addPlanTime(result, performance.now() - started - sumStages(result));
    result.choices.push(...plan.choices);
    plan.after?.(result);
    orderChoices(result.choices);
    if (this.fitted) this.fitted.result = result;
    if (this.encoding) setRowEncoder(result, this.encoding);
    return result;
  }

  protected async buildPipeline(data: Dataset): Promise<Pipeline> {
    return (await this.plan(data)).pipeline;
  }

  /** Preprocesses and embeds the text, and decides reduction and clustering. */
  async plan(data: Dataset, run: SeparateRunOptions = {}): Promise<SeparationPlan> {
    const o = this.options;
    const columns = this.textColumns(data);
    const choices: AutomaticChoice[] = [];
    const { matrix, embedder, preprocessor, pre, choices: embedChoices, encoding } = await embedTextColumns(data, columns, o, run);
    this.encoding = { ...encoding, blocks: [] };
    this.lastPreprocess = pre.report;
    choices.push(...embedChoices);
    this.fitted = { embedder, preprocessor, unit: normalizeRows(matrix), texts: pre.texts, columns };

    let reducer: Reducer | undefined;
    const clusterName = o.cluster;
    if (o.reduce === 'auto') {
      if (clusterName === 'hdbscan') {
        reducer = createReducer('umap', { nComponents: 5, metric: 'cosine', minDist: 0, nNeighbors: 15 });
        choices.push({ stage: 'reduce', option: 'method', value: 'umap(5, cosine)', reason: 'HDBSCAN needs a low-dimensional space for density: 5-D cosine UMAP with minDist 0 (the BERTopic recipe)' });
      } else {
        choices.push({
          stage: 'reduce',
          option: 'method',
          value: 'none',
          reason: 'clustering the full embeddings measured better than clustering a UMAP view (WordNet glosses, true k: ARI 0.42 vs 0.29; fortunes 0.15 vs 0.10); UMAP is used only to choose k',
        });
      }
    } else if (o.reduce === 'umap') reducer = createReducer('umap', { nComponents: 5, metric: 'cosine', minDist: 0, nNeighbors: 15 });
    else if (o.reduce === 'pca') reducer = createReducer('pca', { nComponents: Math.min(50, matrix.cols - 1) });
    else if (o.reduce === 'tsne') reducer = createReducer('tsne', { nComponents: 2 });

    let clusterer: ClusteringEngine;
    let auto: AutoTextClusterer | undefined;
    if (clusterName === 'auto' || clusterName === 'kmeans' || clusterName === 'hdbscan') {
      auto = new AutoTextClusterer({
        clusters: o.clusters,
        method: clusterName,
        kMin: o.kMin,
        kMax: Math.max(o.kMin, o.kMax),
        minClusterSize: o.minClusterSize,
      });
      clusterer = auto;
    } else {
      clusterer = fixedKClusterer(clusterName, o.clusters, ['auto', 'kmeans', 'hdbscan']);
    }

    let p = pipeline()
      .preprocess({ textColumns: columns, ...(o.idColumn ? { idColumn: o.idColumn } : {}), ...(o.kinds ? { kinds: o.kinds } : {}), missing: 'impute' })
      // Joined text: the vectors are exactly what `embedder` gives a row, so a saved model can re-embed.
      .embed(new PrecomputedEmbedder(matrix, embedder.id, o.combine === 'join' || columns.length === 1 ? embedder : undefined));
    if (reducer) p = p.reduce(reducer);
    p = p.cluster(clusterer).explain();
    return {
      pipeline: p,
      choices,
      after: (result) => {
        const i = result.choices.findIndex((c) => c.stage === 'cluster' && c.option === 'method' && c.reason.startsWith('no clusterer given'));
        if (i >= 0) result.choices.splice(i, 1);
      },
    };
  }

  /**
   * The `k` rows closest in meaning to `query` (cosine similarity of embeddings), from the last
   * `separate` call.
   *
   * @example
   * await sep.separate(rows);
   * const hits = await sep.nearest('a bird of prey', 3); // [{ row, id, text, similarity, cluster }, …]
   */
  async nearest(query: string, k = 10): Promise<NearestHit[]> {
    const f = this.fitted;
    if (!f) throw new ModelError('nearest() needs a fitted separator.', { code: 'NOT_FITTED', field: 'nearest', fix: 'Call separate(data) first.' });
    const pre = await new TextPreprocessor({ ...(this.options.preprocess ?? {}), detectLanguage: false }).process([query]);
    const q = normalizeRows(await transformTexts(f.embedder, [pre.texts[0]!]));
    let qv = q.data;
    if (q.cols !== f.unit.cols) {
      // Separate columns: compare the query with every column block (same text in each slot).
      const reps = f.unit.cols / q.cols;
      qv = new Float64Array(f.unit.cols);
      for (let r = 0; r < reps; r++) qv.set(q.data, r * q.cols);
    }
    const sims = new Float64Array(f.unit.rows);
    for (let i = 0; i < f.unit.rows; i++) {
      let s = 0;
      for (let j = 0; j < f.unit.cols; j++) s += f.unit.data[i * f.unit.cols + j]! * qv[j]!;
      sims[i] = s;
    }
    let qn = 0;
    for (const v of qv) qn += v * v;
    const scale = qn > 0 ? 1 / Math.sqrt(qn) : 0;
    const order = Array.from(sims.keys()).sort((a, b) => sims[b]! - sims[a]! || a - b).slice(0, Math.max(0, k));
    return order.map((row) => ({
      row,
      id: f.result?.ids[row] ?? row,
      text: f.texts[row]!,
      similarity: sims[row]! * scale,
      cluster: f.result?.labels[row] ?? -1,
    }));
  }
}

/** Options {@link embedTextColumns} reads. */
export interface TextEmbeddingOptions {
  model: string;
  combine: 'join' | 'separate';
  textWeights?: Record<string, number> | undefined;
  preprocess?: z.input<typeof TextPreprocessorOptionsSchema> | undefined;
}

/**
 * Preprocesses (TextPreprocessor) and embeds the text columns of `data`, one distinct text once:
 * joined into one text per row, or each column apart with weights. Rows of the result have unit
 * length (per column block when apart). Returns the choices made, for the result's report.
 *
 * @example const { matrix, embedder } = await embedTextColumns(dataset, ['text'], { model: 'auto', combine: 'join' });
 */
export async function embedTextColumns(
  data: Dataset,
  columns: string[],
  o: TextEmbeddingOptions,
  run: RunOptions = {},
): Promise<{
  matrix: Matrix<Float64Array>;
  embedder: EmbeddingGenerator;
  preprocessor: TextPreprocessor;
  pre: PreprocessedTexts;
  choices: AutomaticChoice[];
  /** What a saved model needs to embed new rows the same way (see `RowEncoder`). */
  encoding: Pick<RowEncoderParts, 'preprocess' | 'text'>;
}> {
  const choices: AutomaticChoice[] = [];
    const preprocessor = new TextPreprocessor(o.preprocess ?? {});
    const rows = data.table.objects() as Record<string, unknown>[];
    const pre = await preprocessor.process(rows, columns);
    choices.push({
      stage: 'preprocess',
      option: 'text',
      value: { columns, distinct: pre.report.distinct, duplicateRows: pre.report.duplicateRows, languages: pre.report.languages.slice(0, 5) },
      reason: `texts cleaned (${Object.entries(pre.report.cleaning)
        .filter(([, c]) => c.texts > 0)
        .map(([rule, c]) => `${rule}: ${c.texts}`)
        .join(', ') || 'nothing to clean'}); each distinct text embedded once and shared by its duplicates`,
      scores: Object.fromEntries(Object.entries(pre.report.cleaning).map(([rule, c]) => [`${rule}:texts`, c.texts])),
    });

    const embedder = createEmbeddingGenerator(o.model, {});
    // Embedding happens before the pipeline runs; it reports as the `embed` stage.
    const signal = { ...(run.signal ? { signal: run.signal } : {}), ...(run.onProgress ? { onProgress: stageProgress(run.onProgress, 'embed')! } : {}) };
    const separate = o.combine !== 'join' && columns.length > 1;
    const weights = separate ? columns.map((c) => o.textWeights?.[c] ?? 1) : [1];
    const embedders = separate ? columns.map(() => createEmbeddingGenerator(o.model, {})) : [embedder];
    const matrix = await embedPreprocessed(pre, columns, separate ? 'separate' : 'join', weights, embedders, signal);
    if (separate) {
      choices.push({ stage: 'embed', option: 'combine', value: Object.fromEntries(columns.map((c, i) => [c, weights[i]])), reason: 'each text column embedded apart, rows scaled to unit length, then weighted and concatenated' });
    }
    const modelId = embedder.id;
    choices.push({
      stage: 'embed',
      option: 'model',
      value: modelId,
      reason:
        o.model === 'auto'
          ? modelId.startsWith('hybrid')
            ? 'automatic default offline: the bundled GloVe (SIF) vectors joined with TF-IDF + LSA(100), the best offline embedding on the labelled text sets (docs/embeddings.md)'
            : 'automatic default: a sentence-embedding model from the hub'
          : 'given',
    });
  const encoding = { preprocess: o.preprocess ?? {}, text: { columns: [...columns], combine: separate ? ('separate' as const) : ('join' as const), weights, embedders } };
  return { matrix, embedder, preprocessor, pre, choices, encoding };
}

type Transformable = EmbeddingGenerator & { transform?: (t: readonly string[]) => Promise<Matrix>; inner?: EmbeddingGenerator; parts?: readonly { embedder: EmbeddingGenerator; weight: number }[] };

/**
 * Embeds new texts in the space of an already used embedder: fitted lexical models (TF-IDF/LSA)
 * transform instead of re-fitting, hybrids combine their parts the same way, neural models embed.
 */
async function transformTexts(embedder: EmbeddingGenerator, texts: string[]): Promise<Matrix> {
  const e = embedder as Transformable;
  if (e.parts && e.parts.length > 0) {
    const blocks = await Promise.all(e.parts.map((p) => transformTexts(p.embedder, texts)));
    const total = e.parts.reduce((s, p) => s + p.weight, 0);
    return concatWeighted(
      blocks.map((b) => normalizeRows(b)),
      e.parts.map((p) => p.weight / total),
    );
  }
  if (e.inner) return transformTexts(e.inner, texts);
  if (typeof e.transform === 'function') return e.transform(texts);
  return embedder.embed(texts);
}
