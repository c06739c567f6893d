import { z } from 'zod';
import type { ClusterExplanation, ExplainContext, Explainer } from '../core/contracts.js';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { checkpoint, type RunOptions } from '../core/progress.js';
import { ctfidf, CtfidfOptionsSchema } from './ctfidf.js';
import { clusterFeatureEffects } from './effects.js';
import { representativeRows } from './exemplars.js';
import { topicLabel } from './label.js';
import { mmrKeywords, type TextEmbedder } from './mmr.js';
import { parseOptions } from './options.js';
import { extractPhrases } from './phrases.js';
import { surrogateRules } from './rules.js';
import { featureTableFromRows, type FeatureTable } from './table.js';

/** Options of {@link TextExplainer}: every {@link ctfidf} option plus the ones below. */
export const TextExplainerOptionsSchema = CtfidfOptionsSchema.extend({
  /**
   * Square-root term frequencies (BERTopic's `reduce_frequent_words`). On by default here, unlike
   * plain {@link ctfidf}: measured on WordNet glosses it drops filler words ("small", "large") from
   * topic labels in favour of distinctive ones ("tropical", "fabric").
   */
  reduceFrequentWords: z.boolean().default(true),
  /** Terms in the label. Default `3`. */
  labelTerms: z.number().int().min(1).default(3),
  /** Representative rows per cluster. Default `3`. */
  exemplars: z.number().int().min(0).default(3),
  /** Re-rank keywords with MMR using this embedder (an `EmbeddingGenerator` or `texts => Matrix`). */
  embedder: z.custom<TextEmbedder>((v) => typeof v === 'function' || (typeof v === 'object' && v !== null && 'embed' in v)).optional(),
  /** MMR diversity, 0..1. Default `0.1`. */
  diversity: z.number().min(0).max(1).default(0.1),
  /** c-TF-IDF candidates handed to MMR per cluster. Default `30`. */
  mmrCandidates: z.number().int().min(1).default(30),
  /** Also extract English noun phrases and named entities (compromise). Default `false`. */
  phrases: z.boolean().default(false),
});

/** Input type of the {@link TextExplainer} options. */
export type TextExplainerOptions = z.input<typeof TextExplainerOptionsSchema>;

function requireTexts(ctx: ExplainContext): readonly string[] {
  if (!ctx.texts || ctx.texts.length !== ctx.labels.length) {
    throw new InputError('The text explainer needs one text per row.', {
      code: 'MISSING_TEXT',
      field: 'texts',
      fix: 'Give the pipeline a text column, or use the "features" explainer.',
    });
  }
  return ctx.texts;
}

function snippet(text: string, max = 160): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/**
 * Explains text clusters BERTopic-style: c-TF-IDF keywords (optionally re-ranked with MMR), a
 * label from the top terms, representative rows, and optionally noun phrases and named entities.
 * Extra fields per cluster: `labelId` (`"1_bird_wing_feather"`), `exemplarTexts`, and with
 * `phrases: true` also `phrases`, `people`, `places`, `organizations`.
 *
 * @example
 * const out = await new TextExplainer({ ngramRange: [1, 2] }).explain({ labels, features, rows, texts });
 * out[0].label; // "bird · wing · feather"
 */
export class TextExplainer implements Explainer {
  readonly name = 'ctfidf';
  readonly options: z.output<typeof TextExplainerOptionsSchema>;

  constructor(options: TextExplainerOptions = {}) {
    this.options = parseOptions(TextExplainerOptionsSchema, options, 'TextExplainer');
  }

  async explain(ctx: ExplainContext, run: RunOptions = {}): Promise<ClusterExplanation[]> {
    const texts = requireTexts(ctx);
    const o = this.options;
    const { labelTerms, exemplars: k, embedder, diversity, mmrCandidates, phrases, ...ctfidfOptions } = o;
    const topN = o.topN;
    const result = await ctfidf(texts, ctx.labels, { ...ctfidfOptions, topN: embedder ? Math.max(mmrCandidates, topN) : topN }, run);
    await checkpoint(run.signal, 'explain');
    const ex = k > 0 ? representativeRows(ctx.features, ctx.labels, { k }, ctx.probabilities) : new Map<number, number[]>();
    let phraseTopics: Map<number, string[]> | undefined;
    let entities: Map<number, { people: string[]; places: string[]; organizations: string[] }> | undefined;
    if (phrases) {
      const found = await extractPhrases(texts, run);
      const pr = await ctfidf(texts, ctx.labels, { analyzer: (_t, i) => found[i]!.nouns, topN: 5, includeOutliers: o.includeOutliers }, run);
      phraseTopics = new Map(pr.topics.map((t) => [t.cluster, t.keywords.map((w) => w.term)]));
      entities = new Map();
      const top = (lists: string[][]): string[] => {
        const c = new Map<string, number>();
        for (const l of lists) for (const x of l) c.set(x, (c.get(x) ?? 0) + 1);
        return [...c.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([x]) => x);
      };
      const byCluster = new Map<number, number[]>();
      for (let i = 0; i < texts.length; i++) {
        const list = byCluster.get(ctx.labels[i]!) ?? [];
        list.push(i);
        byCluster.set(ctx.labels[i]!, list);
      }
      for (const [c, rows] of byCluster) {
        entities.set(c, {
          people: top(rows.map((i) => found[i]!.people)),
          places: top(rows.map((i) => found[i]!.places)),
          organizations: top(rows.map((i) => found[i]!.organizations)),
        });
      }
    }
    const out: ClusterExplanation[] = [];
    for (const topic of result.topics) {
      let keywords = topic.keywords;
      if (embedder && keywords.length > 0) {
        keywords = await mmrKeywords(keywords.slice(0, mmrCandidates), embedder, { diversity, topN }, undefined, run);
      }
      keywords = keywords.slice(0, topN);
      const terms = keywords.map((w) => w.term);
      const rows = ex.get(topic.cluster) ?? [];
      const e: ClusterExplanation = {
        cluster: topic.cluster,
        size: topic.size,
        label: topicLabel(topic.cluster, terms, { maxTerms: labelTerms }),
        labelId: topicLabel(topic.cluster, terms, { maxTerms: Math.max(labelTerms, 3), style: 'id' }),
        keywords,
        exemplars: rows,
        exemplarTexts: rows.map((i) => snippet(texts[i]!)),
      };
      if (phraseTopics) e.phrases = phraseTopics.get(topic.cluster) ?? [];
      if (entities) Object.assign(e, entities.get(topic.cluster));
      out.push(e);
    }
    return out;
  }
}

/** Options of {@link FeatureExplainer}. */
export const FeatureExplainerOptionsSchema = z.object({
  /** Features listed per cluster. Default `5`. */
  topN: z.number().int().min(1).default(5),
  /** Only list effects with at most this p-value. Default `0.05`. */
  maxPValue: z.number().min(0).max(1).default(0.05),
  /** Test for numeric columns: `welch` (default) or `mannWhitney` (rank test, robust to skew). */
  test: z.enum(['welch', 'mannWhitney']).default('welch'),
  /** Depth of the surrogate tree. Default `3`. */
  maxDepth: z.number().int().min(1).max(6).default(3),
  /** Smallest leaf of the surrogate tree (share of rows, or a count when ≥ 1). Default `0.01`. */
  minLeaf: z.number().min(0).default(0.01),
  /** Rules listed per cluster. Default `2`. */
  rules: z.number().int().min(0).default(2),
  /** Representative rows per cluster. Default `3`. */
  exemplars: z.number().int().min(0).default(3),
  /** Features in the label. Default `3`. */
  labelTerms: z.number().int().min(1).default(3),
  /** Seed of the surrogate tree's tie-breaking. Default `42`. */
  seed: z.number().int().default(42),
});

/** Input type of the {@link FeatureExplainer} options. */
export type FeatureExplainerOptions = z.input<typeof FeatureExplainerOptionsSchema>;

/** The columns to explain with: named columns of the rows, else every column of the matrix (`x0`, `x1`...). */
function tableOf(ctx: ExplainContext): FeatureTable {
  if (ctx.numericColumns?.length || ctx.categoricalColumns?.length) {
    return featureTableFromRows(ctx.rows, {
      numericColumns: ctx.numericColumns ?? [],
      categoricalColumns: ctx.categoricalColumns ?? [],
    });
  }
  if (ctx.rows.length === ctx.labels.length && ctx.rows.length > 0) {
    const inferred = featureTableFromRows(ctx.rows);
    if (Object.keys(inferred.numeric ?? {}).length + Object.keys(inferred.categorical ?? {}).length > 0) return inferred;
  }
  return matrixTable(ctx.features);
}

function matrixTable(x: Matrix): FeatureTable {
  const numeric: Record<string, Float64Array> = {};
  for (let j = 0; j < x.cols; j++) numeric[`x${j}`] = Float64Array.from({ length: x.rows }, (_, i) => x.data[i * x.cols + j]!);
  return { numeric };
}

/**
 * Explains clusters of numeric / categorical rows: per cluster the features that set it apart
 * (Cohen's d with Welch's t-test; category lift with a hypergeometric p-value), readable rules from a
 * depth-3 surrogate decision tree and its fidelity, a label like `"income ↑ · age ↓ · region = north"`
 * and representative rows. Extra fields: `rules` (`{ text, precision, coverage }[]`),
 * `ruleFidelity` (overall tree accuracy), `clusterFidelity` (share of the cluster the tree recovers).
 *
 * @example
 * const out = await new FeatureExplainer().explain({ labels, features, rows, numericColumns: ['age', 'income'] });
 * out[0].rules; // [{ text: 'income > 52,000 and age <= 31', precision: 0.94, coverage: 0.88 }]
 */
export class FeatureExplainer implements Explainer {
  readonly name = 'features';
  readonly options: z.output<typeof FeatureExplainerOptionsSchema>;

  constructor(options: FeatureExplainerOptions = {}) {
    this.options = parseOptions(FeatureExplainerOptionsSchema, options, 'FeatureExplainer');
  }

  async explain(ctx: ExplainContext, run: RunOptions = {}): Promise<ClusterExplanation[]> {
    const o = this.options;
    const table = tableOf(ctx);
    await checkpoint(run.signal, 'explain');
    const effects = clusterFeatureEffects(table, ctx.labels, { maxPValue: o.maxPValue, topN: o.topN, includeOutliers: true, test: o.test });
    run.onProgress?.({ stage: 'explain', step: 'effects', done: 1, total: 3 });
    await checkpoint(run.signal, 'explain');
    const surrogate = o.rules > 0 ? surrogateRules(table, ctx.labels, { maxDepth: o.maxDepth, minLeaf: o.minLeaf, seed: o.seed }) : undefined;
    run.onProgress?.({ stage: 'explain', step: 'rules', done: 2, total: 3 });
    await checkpoint(run.signal, 'explain');
    const ex = o.exemplars > 0 ? representativeRows(ctx.features, ctx.labels, { k: o.exemplars }, ctx.probabilities) : new Map<number, number[]>();
    run.onProgress?.({ stage: 'explain', step: 'exemplars', done: 3, total: 3 });
    const sizes = new Map<number, number>();
    for (let i = 0; i < ctx.labels.length; i++) sizes.set(ctx.labels[i]!, (sizes.get(ctx.labels[i]!) ?? 0) + 1);
    const out: ClusterExplanation[] = [];
    for (const cluster of [...sizes.keys()].sort((a, b) => a - b)) {
      const list = effects.get(cluster) ?? [];
      const features = list.map((e) => ({
        feature: e.kind === 'numeric' ? e.feature : `${e.feature} = ${e.category}`,
        effect: e.effect,
        detail: e.detail,
      }));
      const names = list
        .filter((e) => e.kind === 'numeric' || e.effect > 0)
        .map((e) => (e.kind === 'numeric' ? `${e.feature} ${e.effect > 0 ? '↑' : '↓'}` : `${e.feature} = ${e.category}`));
      const label = names.length > 0 ? names.slice(0, o.labelTerms).join(' · ') : `cluster ${cluster}`;
      const e: ClusterExplanation = {
        cluster,
        size: sizes.get(cluster)!,
        label: cluster === -1 ? `outliers: ${label}` : label,
        features,
        exemplars: ex.get(cluster) ?? [],
      };
      if (surrogate) {
        e.rules = (surrogate.rules.get(cluster) ?? []).slice(0, o.rules).map((r) => ({ text: r.text, precision: r.precision, coverage: r.coverage, support: r.support }));
        e.ruleFidelity = surrogate.fidelity;
        e.clusterFidelity = surrogate.clusterFidelity.get(cluster) ?? 0;
      }
      out.push(e);
    }
    return out;
  }
}

/** Options of {@link AutoExplainer}: `text` for the text part, `features` for the column part. */
export const AutoExplainerOptionsSchema = z.object({
  text: z.record(z.string(), z.unknown()).default({}),
  features: z.record(z.string(), z.unknown()).default({}),
});

/** Input type of the {@link AutoExplainer} options. */
export type AutoExplainerOptions = { text?: TextExplainerOptions; features?: FeatureExplainerOptions };

/**
 * Picks by what the context has: texts → {@link TextExplainer}; named numeric/categorical columns →
 * {@link FeatureExplainer}; both → text keywords and label plus the feature effects and rules;
 * neither → the feature explainer on the columns of the clustering matrix.
 *
 * @example
 * const out = await new AutoExplainer().explain(ctx);
 */
export class AutoExplainer implements Explainer {
  readonly name = 'auto';
  private readonly text: TextExplainer;
  private readonly features: FeatureExplainer;

  constructor(options: AutoExplainerOptions = {}) {
    const o = parseOptions(AutoExplainerOptionsSchema, options, 'AutoExplainer');
    this.text = new TextExplainer(o.text as TextExplainerOptions);
    this.features = new FeatureExplainer(o.features as FeatureExplainerOptions);
  }

  async explain(ctx: ExplainContext, run: RunOptions = {}): Promise<ClusterExplanation[]> {
    const hasText = !!ctx.texts && ctx.texts.length === ctx.labels.length;
    const hasColumns = !!(ctx.numericColumns?.length || ctx.categoricalColumns?.length);
    if (hasText && !hasColumns) return this.text.explain(ctx, run);
    if (!hasText) return this.features.explain(ctx, run);
    const [text, feats] = [await this.text.explain(ctx, run), await this.features.explain(ctx, run)];
    const byCluster = new Map(feats.map((f) => [f.cluster, f]));
    return text.map((t) => {
      const f = byCluster.get(t.cluster);
      if (!f) return t;
      const { cluster: _c, size: _s, label: _l, exemplars: _e, ...rest } = f;
      return { ...t, ...rest };
    });
  }
}
