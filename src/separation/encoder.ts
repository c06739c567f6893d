import { z } from 'zod';
import type { EmbeddingGenerator } from '../core/contracts.js';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import type { RunOptions } from '../core/progress.js';
import { buildFeatures } from '../data/features.js';
import type { Dataset } from '../data/types.js';
import { loadEmbedder, saveEmbedder, type EmbedderState } from '../embeddings/persist.js';
import { TextPreprocessor, type PreprocessedTexts, type TextPreprocessorOptions } from '../preprocess/text-preprocessor.js';
import { normalizeRows } from './auto-text.js';

/**
 * How the semantic and multimodal separators turn rows into vectors, saved with a model so that new
 * rows land in the training space: the text cleaning, the fitted embedder of each text block, the
 * numeric scaling and categories, and the Multiple-Factor-Analysis factor of each modality block.
 */
export const RowEncoderSchema = z.object({
  format: z.literal('hf-separate-row-encoder'),
  /** TextPreprocessor options. */
  preprocess: z.record(z.string(), z.unknown()),
  text: z.object({
    columns: z.array(z.string()),
    combine: z.enum(['join', 'separate']),
    /** One weight per text column when separate. */
    weights: z.array(z.number()),
    /** Saved embedders (`saveEmbedder`): one when joined, one per column when separate. */
    embedders: z.array(z.unknown()).min(1),
  }),
  numeric: z
    .object({
      columns: z.array(z.string()),
      scaling: z.array(z.object({ column: z.string(), centre: z.number(), scale: z.number(), method: z.enum(['standard', 'robust', 'minmax', 'none']), impute: z.number() })),
    })
    .optional(),
  categorical: z.object({ columns: z.array(z.string()), categories: z.array(z.object({ column: z.string(), values: z.array(z.string()) })) }).optional(),
  /** Modality blocks in column order with their factors (multimodal); empty: the text block alone. */
  blocks: z.array(z.object({ modality: z.enum(['text', 'numeric', 'categorical']), factor: z.number() })),
});
/** A saved row encoder (see {@link RowEncoderSchema}). */
export type RowEncoder = z.output<typeof RowEncoderSchema>;

/**
 * Embeds the preprocessed text columns, each distinct text once: joined (one embedder) or each
 * column apart (one embedder per column, rows scaled to unit length, blocks weighted by
 * `√(weight / total)` and concatenated). Rows have unit length per block.
 *
 * @example const m = await embedPreprocessed(pre, ['title', 'body'], 'separate', [1, 2], [e1, e2]);
 */
export async function embedPreprocessed(
  pre: PreprocessedTexts,
  columns: readonly string[],
  combine: 'join' | 'separate',
  weights: readonly number[],
  embedders: readonly EmbeddingGenerator[],
  run: RunOptions = {},
): Promise<Matrix<Float64Array>> {
  if (combine === 'join' || columns.length === 1) return expand(normalizeRows(await embedders[0]!.embed(pre.unique, run)), pre.groupOf);
  const blocks: Matrix<Float64Array>[] = [];
  for (let c = 0; c < columns.length; c++) {
    const texts = pre.columns[columns[c]!]!;
    const index = new Map<string, number>();
    const unique: string[] = [];
    const group = new Int32Array(texts.length);
    texts.forEach((t, i) => {
      let g = index.get(t);
      if (g === undefined) index.set(t, (g = unique.push(t) - 1));
      group[i] = g;
    });
    blocks.push(expand(normalizeRows(await embedders[c]!.embed(unique, run)), group));
  }
  return concatWeighted(blocks, weights);
}

/**
 * Concatenates row-aligned blocks, block k multiplied by `√(weights[k] / Σ weights)`.
 * @example concatWeighted([a, b], [1, 3])
 */
export function concatWeighted(blocks: readonly Matrix[], weights: readonly number[]): Matrix<Float64Array> {
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  return joinBlocks(
    blocks,
    weights.map((w) => Math.sqrt(w / total)),
  );
}

/** Concatenates row-aligned blocks, each multiplied by its factor. @example joinBlocks([a, b], [1, 0.5]) */
export function joinBlocks(blocks: readonly Matrix[], factors: readonly number[]): Matrix<Float64Array> {
  const rows = blocks[0]!.rows;
  const cols = blocks.reduce((s, b) => s + b.cols, 0);
  const out = new Float64Array(rows * cols);
  let offset = 0;
  blocks.forEach((m, k) => {
    const f = factors[k]!;
    for (let i = 0; i < rows; i++) for (let j = 0; j < m.cols; j++) out[i * cols + offset + j] = m.data[i * m.cols + j]! * f;
    offset += m.cols;
  });
  return { data: out, rows, cols };
}

function expand(m: Matrix<Float64Array>, group: Int32Array): Matrix<Float64Array> {
  const out = new Float64Array(group.length * m.cols);
  for (let i = 0; i < group.length; i++) out.set(m.data.subarray(group[i]! * m.cols, (group[i]! + 1) * m.cols), i * m.cols);
  return { data: out, rows: group.length, cols: m.cols };
}

/** What a separator knows after a run to build its {@link RowEncoder}. @internal */
export interface RowEncoderParts {
  preprocess: TextPreprocessorOptions;
  text: { columns: string[]; combine: 'join' | 'separate'; weights: number[]; embedders: EmbeddingGenerator[] };
  numeric?: RowEncoder['numeric'];
  categorical?: RowEncoder['categorical'];
  blocks: RowEncoder['blocks'];
}

const encoders = new WeakMap<object, RowEncoderParts>();

/** Records how the rows of `result` were encoded (by the semantic and multimodal separators). @internal */
export function setRowEncoder(result: object, parts: RowEncoderParts): void {
  encoders.set(result, parts);
}

/**
 * The saved form of the encoder recorded for `result`, or undefined when there is none or an
 * embedder cannot be saved (a custom embedder instance).
 * @internal
 */
export async function rowEncoderOf(result: object): Promise<RowEncoder | undefined> {
  const parts = encoders.get(result);
  if (!parts) return undefined;
  let states: EmbedderState[];
  try {
    states = await Promise.all(parts.text.embedders.map((e) => saveEmbedder(e)));
  } catch {
    return undefined;
  }
  return {
    format: 'hf-separate-row-encoder',
    preprocess: { ...parts.preprocess },
    text: { columns: parts.text.columns, combine: parts.text.combine, weights: parts.text.weights, embedders: states },
    ...(parts.numeric ? { numeric: parts.numeric } : {}),
    ...(parts.categorical ? { categorical: parts.categorical } : {}),
    blocks: parts.blocks,
  };
}

/**
 * Encodes the rows of `data` with a saved encoder: the same cleaning, the saved embedders (no
 * refitting), the training scaling and categories, the training block factors.
 *
 * @example const x = await encodeRows(model.encoder, newData);
 */
export async function encodeRows(encoder: RowEncoder, data: Dataset, run: RunOptions = {}): Promise<Matrix<Float64Array>> {
  const missing = [...encoder.text.columns, ...(encoder.numeric?.columns ?? []), ...(encoder.categorical?.columns ?? [])].filter(
    (c) => !data.columns.some((col) => col.name === c),
  );
  if (missing.length > 0) {
    throw new InputError(`${data.source ?? 'The new rows'} lack the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} the model was fitted on.`, {
      code: 'UNKNOWN_COLUMN',
      field: missing[0]!,
      fix: 'Give the new rows the same columns as the training data.',
    });
  }
  const rows = data.table.objects() as Record<string, unknown>[];
  const pre = await new TextPreprocessor(encoder.preprocess as TextPreprocessorOptions).process(rows, encoder.text.columns);
  const embedders = encoder.text.embedders.map((s) => loadEmbedder(s as EmbedderState));
  const text = await embedPreprocessed(pre, encoder.text.columns, encoder.text.combine, encoder.text.weights, embedders, run);
  if (encoder.blocks.length === 0) return text;
  const byModality: Record<string, Matrix> = { text };
  if (encoder.numeric) {
    const scaling = encoder.numeric.scaling[0]?.method ?? 'standard';
    byModality.numeric = buildFeatures(data, { numeric: encoder.numeric.columns, scaling, missing: 'impute' }, { scaling: encoder.numeric.scaling, categories: [] }).matrix;
  }
  if (encoder.categorical) {
    byModality.categorical = buildFeatures(data, { categorical: encoder.categorical.columns, missing: 'impute', categoricalWeight: 1 }, { scaling: [], categories: encoder.categorical.categories }).matrix;
  }
  return joinBlocks(
    encoder.blocks.map((b) => byModality[b.modality]!),
    encoder.blocks.map((b) => b.factor),
  );
}
