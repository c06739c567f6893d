import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { RunOptions } from '../core/progress.js';
import { isDataset, loadData } from '../data/dataset.js';
import type { DataInput, Dataset } from '../data/types.js';
import { knnQuery } from '../neighbors/knn.js';
import { parseOptions } from '../config/validate.js';
import { VERSION } from '../version.js';
import type { EmbeddingGenerator } from '../core/contracts.js';
import { loadEmbedder, saveEmbedder, type EmbedderState } from '../embeddings/persist.js';
import { PipelineConfigSchema } from './config.js';
import type { SeparationResult } from './result.js';
import { fittedStagesOf } from './run.js';
import { combineBlocks, createEmbeddingGenerator, prepareData } from './stages.js';
import { encodeRows, rowEncoderOf, RowEncoderSchema } from '../separation/encoder.js';
import { takeRows } from '../core/matrix.js';

/** Neighbours that vote when a new row is assigned. */
const VOTERS = 10;

const ScalingSchema = z.object({ column: z.string(), centre: z.number(), scale: z.number(), method: z.enum(['standard', 'robust', 'minmax', 'none']), impute: z.number() });

/**
 * A saved separation model (`model.json` beside `model.f32`): everything needed to place new rows
 * the way the training rows were placed — column roles, scaling, categories, the embedding model,
 * block weights — plus the training vectors and their clusters.
 */
export const SeparationModelSchema = z.object({
  format: z.literal('hf-separate-model'),
  version: z.literal(1),
  hfSeparate: z.string(),
  config: PipelineConfigSchema,
  used: z.object({ text: z.array(z.string()), numeric: z.array(z.string()), categorical: z.array(z.string()), id: z.string().optional() }),
  idColumn: z.string(),
  tabular: z.object({ scaling: z.array(ScalingSchema), categories: z.array(z.object({ column: z.string(), values: z.array(z.string()) })) }).optional(),
  factors: z.array(z.number()),
  embed: z
    .object({
      model: z.string(),
      options: z.record(z.string(), z.unknown()),
      /** The fitted embedder (vocabulary, idf, LSA basis for lexical ones), from `saveEmbedder`. */
      state: z.unknown().optional(),
    })
    .optional(),
  /** How the semantic and multimodal separators encode rows (text cleaning, embedders, blocks); used instead of `embed` when present. */
  encoder: RowEncoderSchema.optional(),
  training: z.object({
    rows: z.number().int().nonnegative(),
    cols: z.number().int().nonnegative(),
    labels: z.array(z.number().int()),
    probabilities: z.array(z.number()),
    ids: z.array(z.union([z.string(), z.number()])),
    /** 99th percentile of each training row's distance to its nearest other training row. */
    outlierDistance: z.number(),
  }),
});
/** A saved model (see {@link SeparationModelSchema}). */
export type SeparationModel = z.output<typeof SeparationModelSchema>;

/**
 * The model of a result, ready to save: JSON metadata and the training vectors (float32,
 * row-major). New rows are assigned by a distance-weighted vote of their nearest training rows in the
 * same feature space the clusterer was fitted on (before reduction), which works the same for every
 * clusterer and agrees with the fit on the training rows.
 *
 * @example const { model, vectors } = await exportModel(result);
 */
export async function exportModel(result: SeparationResult): Promise<{ model: SeparationModel; vectors: Float32Array }> {
  const fitted = fittedStagesOf(result);
  if (!fitted) {
    throw new InputError('This result has no fitted stages to export (it was not produced by a pipeline run in this process).', {
      code: 'NO_MODEL',
      field: 'result',
      fix: 'Export the model right after running the separation.',
    });
  }
  const v = fitted.vectors;
  const vectors = Float32Array.from(v.data);
  const outlierDistance = await nearestDistanceQuantile({ data: vectors, rows: v.rows, cols: v.cols }, 0.99);
  const ids: (string | number)[] = [];
  for (let i = 0; i < result.numRows; i++) if (result.skipped[i] !== 1) ids.push(result.ids[i]!);
  const embedCfg = result.config.embed;
  const encoder = await rowEncoderOf(result);
  const model: SeparationModel = {
    format: 'hf-separate-model',
    version: 1,
    hfSeparate: VERSION,
    config: result.config,
    used: result.data.used,
    idColumn: result.idColumn,
    ...(fitted.tabular ? { tabular: fitted.tabular } : {}),
    factors: fitted.factors,
    ...(fitted.embedder
      ? {
          embed: {
            model: embedCfg?.options?.instance ? fitted.embedder.id : (embedCfg?.model ?? fitted.embedder.id),
            options: embedCfg?.options?.instance ? {} : (embedCfg?.options ?? {}),
            // With an encoder the embedder states live there (not saved twice).
            ...(encoder ? {} : await embedderState(fitted.embedder)),
          },
        }
      : {}),
    ...(encoder ? { encoder } : {}),
    training: {
      rows: v.rows,
      cols: v.cols,
      labels: Array.from(fitted.labels),
      probabilities: Array.from(fitted.probabilities, (p) => Math.round(p * 1e6) / 1e6),
      ids,
      outlierDistance,
    },
  };
  return { model, vectors };
}

/** What {@link predictWithModel} returns, one entry per input row. */
export interface Prediction {
  ids: (string | number)[];
  idColumn: string;
  labels: Int32Array;
  probabilities: Float64Array;
  /** Distance to the nearest training row over the training rows' 99th-percentile nearest distance. */
  outlierScores: Float64Array;
  /** 1 where the row could not be placed (missing values under the `skip` policy). */
  skipped: Uint8Array;
  /** Index (into the training rows) of each row's nearest training row, -1 when skipped. */
  nearest: Int32Array;
}

/**
 * Assigns new rows to the clusters of a saved model: same preprocessing, same embedding model, same
 * block weights, then a distance-weighted vote of the 10 nearest training rows. A row farther from
 * every training row than the training rows' own 99th-percentile nearest distance is an outlier (-1).
 *
 * @example
 * const { model, vectors } = await exportModel(result);
 * const p = await predictWithModel(model, vectors, newRows);
 */
export async function predictWithModel(
  modelInput: unknown,
  vectors: Float32Array,
  data: DataInput | Dataset,
  run: RunOptions = {},
): Promise<Prediction> {
  const model = parseOptions(SeparationModelSchema, modelInput, 'model.json');
  const { rows: nTrain, cols } = model.training;
  if (vectors.length !== nTrain * cols) {
    throw new InputError(`The model's vectors hold ${vectors.length} numbers but model.json describes ${nTrain} × ${cols}.`, {
      code: 'BAD_MODEL',
      field: 'model.f32',
      fix: 'Use the model.json and model.f32 written together by the same run.',
    });
  }
  const kinds: Record<string, 'text' | 'numeric' | 'categorical'> = {};
  for (const c of model.used.text) kinds[c] = 'text';
  for (const c of model.used.numeric) kinds[c] = 'numeric';
  for (const c of model.used.categorical) kinds[c] = 'categorical';
  const dataset = isDataset(data) ? data : await loadData(data, { kinds });
  const prepared = prepareData(
    dataset,
    {
      ...(model.config.preprocess ?? {}),
      textColumns: model.used.text,
      numericColumns: model.used.numeric,
      categoricalColumns: model.used.categorical,
      ...(model.used.id && dataset.columns.some((c) => c.name === model.used.id) ? { idColumn: model.used.id } : {}),
    },
    model.tabular,
  );
  let x: Matrix;
  if (model.encoder) {
    // Separator models: the separator's own encoding of the rows, then the rows the pipeline kept.
    const encoded = await encodeRows(model.encoder, dataset, run);
    x = prepared.rowIndex.length === encoded.rows ? encoded : takeRows(encoded, prepared.rowIndex);
  } else {
    x = await pipelineVectors(model, prepared, run);
  }
  if (x.cols !== cols) {
    throw new InputError(`New rows give ${x.cols} features but the model was fitted on ${cols}.`, {
      code: 'BAD_SHAPE',
      field: 'columns',
      fix: 'Give the new rows the same columns (and categories) as the training data.',
    });
  }
  const reference = { data: vectors, rows: nTrain, cols };
  const k = Math.min(VOTERS, nTrain);
  const nn = await knnQuery(reference, { data: Float32Array.from(x.data), rows: x.rows, cols }, k, run);
  const n = dataset.numRows;
  const out: Prediction = {
    ids: prepared.ids,
    idColumn: prepared.idColumn,
    labels: new Int32Array(n).fill(-1),
    probabilities: new Float64Array(n),
    outlierScores: new Float64Array(n).fill(Number.NaN),
    skipped: new Uint8Array(n).fill(1),
    nearest: new Int32Array(n).fill(-1),
  };
  const votes = new Map<number, number>();
  for (let q = 0; q < x.rows; q++) {
    const i = prepared.rowIndex[q]!;
    out.skipped[i] = 0;
    votes.clear();
    let total = 0;
    for (let j = 0; j < k; j++) {
      const idx = nn.indices[q * k + j]!;
      if (idx < 0) continue;
      // Weight 1/(d + eps): an exact match of a training row decides alone.
      const w = 1 / (nn.distances[q * k + j]! + 1e-9);
      const label = model.training.labels[idx]!;
      votes.set(label, (votes.get(label) ?? 0) + w);
      total += w;
    }
    let best = -1;
    let bestWeight = -1;
    for (const [label, w] of votes) {
      if (w > bestWeight || (w === bestWeight && label < best)) {
        best = label;
        bestWeight = w;
      }
    }
    const nearestDistance = nn.distances[q * k]!;
    const score = model.training.outlierDistance > 0 ? nearestDistance / model.training.outlierDistance : nearestDistance > 0 ? Infinity : 0;
    out.nearest[i] = nn.indices[q * k]!;
    out.outlierScores[i] = Math.min(1, score);
    if (score > 1 || best < 0) {
      out.labels[i] = -1;
      out.probabilities[i] = 0;
    } else {
      out.labels[i] = best;
      out.probabilities[i] = total > 0 ? bestWeight / total : 0;
    }
  }
  return out;
}

/** The vectors of prepared rows the way the pipeline made them: embedded text and tabular blocks, weighted as in training. */
async function pipelineVectors(model: SeparationModel, prepared: ReturnType<typeof prepareData>, run: RunOptions): Promise<Matrix> {
  const blocks: { matrix: Matrix; weight: number }[] = [];
  if (prepared.texts) {
    if (!model.embed) throw new InputError('The model has text columns but no embedding model.', { code: 'BAD_MODEL', field: 'embed' });
    // A saved state puts new texts in the training space (a lexical embedder's vocabulary and idf
    // must not be refitted on the new rows); without one, the model id is enough.
    const embedder = model.embed.state !== undefined ? loadEmbedder(model.embed.state as EmbedderState) : createEmbeddingGenerator(model.embed.model, model.embed.options);
    blocks.push({ matrix: await embedder.embed(prepared.texts, run), weight: 1 });
  }
  if (prepared.features && prepared.features.matrix.cols > 0) blocks.push({ matrix: prepared.features.matrix, weight: 1 });
  return combineBlocks(blocks, model.factors).matrix;
}

/** The embedder's fitted state when it can be saved; custom embedders are re-created by id instead. */
async function embedderState(embedder: EmbeddingGenerator): Promise<{ state?: EmbedderState }> {
  try {
    return { state: await saveEmbedder(embedder) };
  } catch {
    return {};
  }
}

async function nearestDistanceQuantile(x: Matrix, q: number): Promise<number> {
  if (x.rows < 2) return 0;
  // A seeded-free, deterministic subsample (every step-th row) keeps this cheap on large data.
  const step = Math.max(1, Math.floor(x.rows / 2000));
  const pick: number[] = [];
  for (let i = 0; i < x.rows; i += step) pick.push(i);
  const queries = new Float32Array(pick.length * x.cols);
  pick.forEach((i, r) => queries.set(x.data.subarray(i * x.cols, (i + 1) * x.cols), r * x.cols));
  const nn = await knnQuery(x, { data: queries, rows: pick.length, cols: x.cols }, 2);
  // Column 0 is the row itself (distance 0); column 1 its nearest other row.
  const d = Float64Array.from(pick, (_, r) => nn.distances[r * 2 + 1]!).sort();
  return d[Math.min(d.length - 1, Math.floor(q * d.length))]!;
}

