import { z } from 'zod';
import { EmbeddingGenerator, type EmbedOptions } from '../core/contracts.js';
import { ConfigError, ModelError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { throwIfAborted } from '../core/progress.js';
import { nodeModule } from '../core/node.js';
import { bundledModelsDirectory, isNodeLike } from './locate.js';
import { chooseModel, getModelInfo, OFFLINE_DEFAULT_MODEL, POOLINGS, type ModelInfo, type Pooling } from './registry.js';
import { emptyReport, type EmbedReport } from './report.js';

/** Weight formats transformers.js can load (`onnx/model{_fp16,_quantized,_q4,...}.onnx`). @example new TransformersEmbedder({ dtype: 'q8' }) */
export const DTYPES = ['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'] as const;

/**
 * Options of {@link TransformersEmbedder}. Unset fields come from the model's registry entry
 * (pooling, normalisation, prefixes, maximum length), so a preset runs exactly like
 * sentence-transformers runs it.
 *
 * @example
 * TransformersEmbedderOptionsSchema.parse({ model: 'Xenova/gte-small', batchSize: 64 });
 */
export const TransformersEmbedderOptionsSchema = z.object({
  /**
   * Hub id (`Xenova/all-MiniLM-L6-v2`), a local model folder (`./models/my-model`), the bundled
   * `glove-100d`, or `auto` (the online default when the hub or a local copy is reachable, else the
   * bundled model). Default `auto`.
   */
  model: z.string().min(1).default('auto'),
  /** Hub revision (branch, tag or commit) to pin. Default: the registry's pin, else `main`. */
  revision: z.string().min(1).optional(),
  /** Weight format (picks `onnx/model_<suffix>.onnx`). Default `fp32`. */
  dtype: z.enum(DTYPES).optional(),
  /** Execution device: `cpu` in Node, `wasm` or `webgpu` in browsers. Default: transformers.js' choice. */
  device: z.string().min(1).optional(),
  /** How token vectors become a text vector. Default: the registry's, else `mean`. */
  pooling: z.enum(POOLINGS).optional(),
  /** L2-normalise each vector. Default: the registry's, else `true`. */
  normalize: z.boolean().optional(),
  /** Which of the model's prefixes to use (`query: `/`passage: ` for e5). Default: the registry's choice for clustering. */
  inputType: z.enum(['query', 'passage']).optional(),
  /** Text put before every input, replacing the model's prefix (e.g. an instruction). */
  prefix: z.string().optional(),
  /** Maximum tokens per text, special tokens included; longer texts are cut at the end like sentence-transformers does. */
  maxLength: z.number().int().positive().optional(),
  /** Texts per forward pass. Default 32. */
  batchSize: z.number().int().positive().default(32),
  /** Sort texts by token count inside a window before batching (less padding). Default `true`. */
  bucketing: z.boolean().default(true),
  /** Batches per sorting window; memory for tokens is bounded by `batchSize × bucketWindow` texts. Default 16. */
  bucketWindow: z.number().int().positive().default(16),
  /** Where downloaded models are cached (transformers.js `env.cacheDir`). Default: `TRANSFORMERS_CACHE` or transformers.js' default. */
  cacheDir: z.string().min(1).optional(),
  /** Folder searched for models by id before the hub (transformers.js `env.localModelPath`). */
  localModelPath: z.string().min(1).optional(),
  /** Never touch the network. Default: true when `HF_HUB_OFFLINE=1` or `TRANSFORMERS_OFFLINE=1`. */
  offline: z.boolean().optional(),
  /** Languages of the data, for `model: 'auto'`. Default `['en']`. */
  languages: z.array(z.string().min(2)).optional(),
  /** onnxruntime session options passed through transformers.js (e.g. `{ intraOpNumThreads: 2 }`). */
  sessionOptions: z.record(z.string(), z.unknown()).optional(),
  /** How long `auto` waits for the hub before falling back to the bundled model, in ms. Default 3000. */
  probeTimeoutMs: z.number().int().positive().default(3000),
});

/** Options accepted by {@link TransformersEmbedder} (all optional). */
export type TransformersEmbedderOptions = z.input<typeof TransformersEmbedderOptionsSchema>;
type ParsedOptions = z.output<typeof TransformersEmbedderOptionsSchema>;

/** The subset of transformers.js this module uses (loaded lazily so importing hf-separate stays cheap). */
type TransformersModule = typeof import('@huggingface/transformers');
interface LoadedTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  (text: string, options: Record<string, unknown>): { input_ids: number[] | number[][] };
  pad_token_id?: number | null;
}
interface LoadedTensor {
  dims: number[];
  type: string;
  data: ArrayLike<number>;
  to?(type: string): LoadedTensor;
}
type LoadedModel = ((feeds: Record<string, unknown>) => Promise<Record<string, LoadedTensor>>) & {
  dispose?: () => Promise<unknown>;
};

let transformersPromise: Promise<TransformersModule> | undefined;
/** Loads `@huggingface/transformers` once. @example const { env } = await loadTransformers(); */
export function loadTransformers(): Promise<TransformersModule> {
  transformersPromise ??= import('@huggingface/transformers');
  return transformersPromise;
}

// transformers.js keeps its settings in one global `env`; loads that change it are serialised so two
// embedders with different folders or offline switches never see each other's settings.
let envLock: Promise<unknown> = Promise.resolve();
async function withEnv<T>(
  tf: TransformersModule,
  settings: { allowRemoteModels?: boolean; localModelPath?: string; cacheDir?: string },
  work: () => Promise<T>,
): Promise<T> {
  const run = envLock.then(async () => {
    const env = tf.env as unknown as Record<string, unknown>;
    const saved = { allowRemoteModels: env.allowRemoteModels, localModelPath: env.localModelPath, cacheDir: env.cacheDir, allowLocalModels: env.allowLocalModels };
    try {
      if (settings.allowRemoteModels !== undefined) env.allowRemoteModels = settings.allowRemoteModels;
      if (settings.localModelPath !== undefined) {
        env.localModelPath = settings.localModelPath.endsWith('/') ? settings.localModelPath : settings.localModelPath + '/';
        env.allowLocalModels = true;
      }
      if (settings.cacheDir !== undefined) env.cacheDir = settings.cacheDir;
      return await work();
    } finally {
      Object.assign(env, saved);
    }
  });
  envLock = run.catch(() => undefined);
  return run;
}

function readEnv(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env?.[name];
}

function envOffline(): boolean {
  const on = (v: string | undefined) => v !== undefined && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
  return on(readEnv('HF_HUB_OFFLINE')) || on(readEnv('TRANSFORMERS_OFFLINE')) || on(readEnv('HF_SEPARATE_OFFLINE'));
}

function looksLikePath(model: string): boolean {
  return /^(\.{1,2}[\\/]|[\\/]|[A-Za-z]:[\\/]|file:)/.test(model);
}

/** What the embedder resolved its options to (after `auto` and the registry). */
export interface ResolvedModel {
  /** Model id as loaded (hub id or folder name). */
  id: string;
  /** Folder the model was read from, for local and bundled models. */
  folder?: string;
  revision: string;
  dtype: string;
  pooling: Pooling;
  normalize: boolean;
  prefix: string;
  maxLength: number;
  /** Registry entry, when the model is registered. */
  info?: ModelInfo;
  /** Why `auto` chose this model. */
  reason?: string;
}

/**
 * Cuts a very long text before tokenising it, so a 10 MB string costs no more than a page: keeps the
 * first `maxLength × 16` non-space characters up to the next whitespace. The tokens a model sees
 * (the first `maxLength`) are the same as with the whole text unless tokens average over 16 characters.
 *
 * @example
 * clipForTokenizer(hugeText, 256).length; // ≤ a few thousand characters
 */
export function clipForTokenizer(text: string, maxLength: number): string {
  const limit = maxLength * 16;
  if (text.length <= limit) return text;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11;
    if (!space) seen++;
    else if (seen >= limit) return text.slice(0, i);
  }
  return text;
}

/**
 * Text embeddings from any Hugging Face feature-extraction model through transformers.js, batched
 * with length bucketing, cancellable, and reporting empty and truncated texts. With no options it
 * uses `model: 'auto'`, which works with no network at all (it falls back to the GloVe model shipped
 * inside the package).
 *
 * @example
 * const embedder = new TransformersEmbedder({ model: 'Xenova/all-MiniLM-L6-v2' });
 * const x = await embedder.embed(['a cat', 'a dog']); // Matrix 2 × 384, rows L2-normalised
 * embedder.lastReport; // { total: 2, empty: 0, truncated: 0, ... }
 */
export class TransformersEmbedder extends EmbeddingGenerator {
  readonly options: ParsedOptions;
  private resolvedModel: ResolvedModel | undefined;
  private loading: Promise<void> | undefined;
  private tokenizer: LoadedTokenizer | undefined;
  private model: LoadedModel | undefined;
  private tensorCtor: TransformersModule['Tensor'] | undefined;
  /** Special tokens the tokenizer puts before and after a text ([CLS] … [SEP], <s> … </s>). */
  private specials: { prefix: number[]; suffix: number[] } | undefined;
  private dims: number | undefined;
  /** Counts from the last {@link embed} call: empty, truncated, zero vectors, padding. */
  lastReport: EmbedReport = emptyReport();

  constructor(options: TransformersEmbedderOptions = {}) {
    super();
    const parsed = TransformersEmbedderOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError(`Invalid embedder option: ${issue.message}.`, {
        code: 'INVALID_OPTION',
        field: issue.path.join('.') || 'options',
        fix: 'See TransformersEmbedderOptionsSchema for the allowed values.',
      });
    }
    this.options = parsed.data;
    const info = this.options.model === 'auto' ? undefined : getModelInfo(this.options.model);
    this.dims = info?.dimensions;
  }

  /** The model id (before loading: the option as given, e.g. `auto`). */
  get id(): string {
    return this.resolvedModel?.id ?? this.options.model;
  }

  /** Output dimension (known after loading, or from the registry). */
  get dimensions(): number | undefined {
    return this.dims;
  }

  /** What `auto` and the registry resolved to; loads the model on first use. */
  async resolve(): Promise<ResolvedModel> {
    await this.load();
    return this.resolvedModel!;
  }

  /**
   * A string that changes whenever the vectors would: model, revision, dtype, pooling, normalisation,
   * prefix and maximum length. The embedding cache keys on it.
   */
  async fingerprint(): Promise<string> {
    const r = await this.resolve();
    // A local folder has no revision: its ONNX file's size and modification time stand in for one,
    // so rebuilding the model invalidates cached vectors.
    let version = r.revision;
    if (r.folder) {
      const { statSync, readdirSync } = await nodeModule('fsSync');
      const { join } = await nodeModule('path');
      const onnxDir = join(r.folder, 'onnx');
      const stamps = readdirSync(onnxDir)
        .filter((f) => f.endsWith('.onnx'))
        .sort()
        .map((f) => {
          const st = statSync(join(onnxDir, f));
          return `${f}:${st.size}:${Math.round(st.mtimeMs)}`;
        });
      version = `local:${stamps.join(',')}`;
    }
    return JSON.stringify(['transformers', r.id, version, r.dtype, r.pooling, r.normalize, r.prefix, r.maxLength]);
  }

  /** Loads the tokenizer and the ONNX session (once). */
  load(): Promise<void> {
    this.loading ??= this.doLoad().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async pickModel(tf: TransformersModule): Promise<{ id: string; folder?: string; reason?: string }> {
    const o = this.options;
    const offline = o.offline ?? envOffline();
    if (o.model !== 'auto') {
      if (looksLikePath(o.model) || (await this.isLocalFolder(o.model))) return { id: o.model, folder: o.model };
      if (o.model === OFFLINE_DEFAULT_MODEL && !o.localModelPath) return { id: o.model, folder: await this.bundledFolder() };
      return { id: o.model };
    }
    const bundled = async (reason: string) => ({ id: OFFLINE_DEFAULT_MODEL, folder: await this.bundledFolder(), reason });
    if (offline) return bundled('offline: using the model shipped with hf-separate');
    const choice = chooseModel({ ...(o.languages ? { languages: o.languages } : {}) });
    if (choice.bundled) return bundled('the registry chose the bundled model');
    if (await this.isCachedLocally(tf, choice.id)) return { id: choice.id, reason: 'found in the local model cache' };
    const host = String((tf.env as unknown as { remoteHost?: string }).remoteHost ?? 'https://huggingface.co/');
    const url = `${host.replace(/\/$/, '')}/${choice.id}/resolve/${o.revision ?? choice.revision}/config.json`;
    try {
      const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(o.probeTimeoutMs) });
      if (response.ok || response.status === 302 || response.status === 307) return { id: choice.id, reason: 'the hub is reachable' };
      return bundled(`the hub answered ${response.status} for ${choice.id}`);
    } catch (error) {
      return bundled(`the hub is not reachable (${(error as Error).message}); using the bundled model`);
    }
  }

  private async bundledFolder(): Promise<string> {
    const dir = await bundledModelsDirectory();
    if (!dir) {
      throw new ModelError(`The bundled model ${OFFLINE_DEFAULT_MODEL} was not found next to hf-separate.`, {
        code: 'MODEL_NOT_FOUND',
        field: 'model',
        fix: `Pass localModelPath pointing at a folder that contains ${OFFLINE_DEFAULT_MODEL}/ (in browsers, a URL serving the package's models/ folder), or run \`npm run build:model\` in the repository.`,
      });
    }
    const { join } = await nodeModule('path');
    return join(dir, OFFLINE_DEFAULT_MODEL);
  }

  /** `models/my-model` (no leading ./) that exists relative to the working directory is a folder, not a hub id. */
  private async isLocalFolder(model: string): Promise<boolean> {
    if (!isNodeLike() || this.options.localModelPath) return false;
    const { existsSync } = await nodeModule('fsSync');
    const { join } = await nodeModule('path');
    return existsSync(join(model, 'config.json'));
  }

  private async isCachedLocally(tf: TransformersModule, id: string): Promise<boolean> {
    if (!isNodeLike()) return false;
    const { existsSync } = await nodeModule('fsSync');
    const { join } = await nodeModule('path');
    const env = tf.env as unknown as { cacheDir?: string; localModelPath?: string };
    const roots = [this.options.cacheDir ?? readEnv('TRANSFORMERS_CACHE') ?? env.cacheDir, this.options.localModelPath ?? env.localModelPath];
    return roots.some((root) => !!root && existsSync(join(root, id, 'config.json')));
  }

  private async doLoad(): Promise<void> {
    const tf = await loadTransformers();
    const o = this.options;
    const picked = await this.pickModel(tf);
    const offline = o.offline ?? envOffline();
    let loadId = picked.id;
    let localModelPath = o.localModelPath;
    if (picked.folder) {
      const { basename, dirname, resolve } = await nodeModule('path');
      const folder = picked.folder.startsWith('file:') ? (await nodeModule('url')).fileURLToPath(picked.folder) : resolve(picked.folder);
      picked.folder = folder;
      loadId = basename(folder);
      localModelPath = dirname(folder);
    }
    const info = getModelInfo(picked.id) ?? (picked.folder ? getModelInfo(loadId) : undefined);
    const revision = o.revision ?? info?.revision ?? 'main';
    const dtype = o.dtype ?? 'fp32';
    const cacheDir = o.cacheDir ?? readEnv('TRANSFORMERS_CACHE');
    const localOnly = offline || !!picked.folder;
    const loadOptions: Record<string, unknown> = { revision, local_files_only: localOnly };
    if (cacheDir) loadOptions.cache_dir = cacheDir;
    try {
      const [tokenizer, model] = await withEnv(
        tf,
        {
          ...(localOnly ? { allowRemoteModels: false } : {}),
          ...(localModelPath !== undefined ? { localModelPath } : {}),
          ...(cacheDir !== undefined ? { cacheDir } : {}),
        },
        async () => {
          const tokenizer = await tf.AutoTokenizer.from_pretrained(loadId, loadOptions as never);
          const model = await tf.AutoModel.from_pretrained(loadId, {
            ...loadOptions,
            dtype,
            ...(o.device ? { device: o.device } : {}),
            ...(o.sessionOptions ? { session_options: o.sessionOptions } : {}),
          } as never);
          return [tokenizer, model] as const;
        },
      );
      this.tokenizer = tokenizer as unknown as LoadedTokenizer;
      this.model = model as unknown as LoadedModel;
      this.tensorCtor = tf.Tensor;
    } catch (error) {
      throw this.loadError(error, picked.id, loadId, localModelPath, cacheDir, dtype, revision, localOnly);
    }
    const prefix =
      o.prefix ??
      (info ? ((o.inputType ?? info.clusteringInputType) === 'query' ? info.queryPrefix : info.passagePrefix) : '');
    const tokenizerMax = (this.tokenizer as unknown as { model_max_length?: number }).model_max_length;
    const maxLength = o.maxLength ?? info?.maxLength ?? (tokenizerMax && tokenizerMax < 100_000 ? tokenizerMax : 512);
    this.resolvedModel = {
      id: picked.id,
      ...(picked.folder ? { folder: picked.folder } : {}),
      revision,
      dtype,
      pooling: o.pooling ?? info?.pooling ?? 'mean',
      normalize: o.normalize ?? info?.normalize ?? true,
      prefix,
      maxLength,
      ...(info ? { info } : {}),
      ...(picked.reason ? { reason: picked.reason } : {}),
    };
    this.dims = info?.dimensions ?? this.dims;
    this.specials = specialLayout(this.tokenizer);
  }

  private loadError(
    error: unknown,
    id: string,
    loadId: string,
    localModelPath: string | undefined,
    cacheDir: string | undefined,
    dtype: string,
    revision: string,
    localOnly: boolean,
  ): ModelError {
    const suffix: Record<string, string> = { fp32: '', auto: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', bnb4: '_bnb4', q4f16: '_q4f16' };
    const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${suffix[dtype] ?? ''}.onnx`];
    const places = [localModelPath ? `${localModelPath.replace(/\/$/, '')}/${loadId}/` : undefined, cacheDir ? `${cacheDir.replace(/\/$/, '')}/${loadId}/` : undefined].filter(Boolean);
    const where = places.length ? ` in ${places.join(' and ')}` : '';
    const message = `Could not load model ${id} (revision ${revision}, dtype ${dtype})${localOnly ? ' with remote loading off' : ''}: looked for ${files.join(', ')}${where}. (${(error as Error)?.message ?? String(error)})`;
    return new ModelError(message, {
      code: 'MODEL_NOT_FOUND',
      field: 'model',
      fix: localOnly
        ? `Run once online so transformers.js caches it (cacheDir), or download the files with \`huggingface-cli download ${id} ${files.join(' ')} --local-dir ./models/${loadId}\` and pass model: './models/${loadId}'; or use model: '${OFFLINE_DEFAULT_MODEL}' (bundled).`
        : `Check the model id and revision on https://huggingface.co/${id}, your network, or use model: '${OFFLINE_DEFAULT_MODEL}' (bundled, offline).`,
      cause: error,
    });
  }

  /**
   * Cuts token ids to `maxLength` the way sentence-transformers (the Rust tokenizers) does: the text's
   * own tokens are cut at the end and the special tokens stay. (transformers.js' `truncation` cuts
   * the final ids instead, which drops a trailing [SEP] / </s>.)
   */
  private truncate(tokens: number[], text: string, maxLength: number): number[] {
    const sp = this.specials;
    if (sp) {
      const { prefix, suffix } = sp;
      const keep = maxLength - prefix.length - suffix.length;
      const starts = prefix.every((id, k) => tokens[k] === id);
      const ends = suffix.every((id, k) => tokens[tokens.length - suffix.length + k] === id);
      if (keep > 0 && starts && ends) {
        return [...prefix, ...tokens.slice(prefix.length, prefix.length + keep), ...suffix];
      }
    }
    return this.tokenizer!(text, { truncation: true, max_length: maxLength, return_tensor: false }).input_ids as number[];
  }

  /**
   * Embeds texts. Row `i` is the vector of `texts[i]`; empty and whitespace-only texts get a zero
   * row (counted in {@link lastReport}), never an error.
   */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Matrix<Float32Array>> {
    throwIfAborted(options.signal, 'embed');
    await this.load();
    const r = this.resolvedModel!;
    const tokenizer = this.tokenizer!;
    const Tensor = this.tensorCtor!;
    const n = texts.length;
    const batchSize = options.batchSize ?? this.options.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ConfigError(`batchSize must be a whole number >= 1, got ${batchSize}.`, { code: 'INVALID_OPTION', field: 'batchSize', fix: 'Use e.g. 32.' });
    }
    const windowSize = batchSize * (this.options.bucketing ? this.options.bucketWindow : 1);
    const padId = tokenizer.pad_token_id ?? 0;
    const inputNames = (this.model as unknown as { sessions?: Record<string, { inputNames?: string[] }> }).sessions?.model?.inputNames;
    const needsMask = !inputNames || inputNames.includes('attention_mask');
    const report = emptyReport();
    report.total = n;
    const started = Date.now();
    let out: Float32Array | undefined = n === 0 && this.dims !== undefined ? new Float32Array(0) : undefined;
    let dim = this.dims ?? 0;
    let done = 0;
    const progress = options.onProgress;
    let lastYield = Date.now();

    for (let start = 0; start < n; start += windowSize) {
      const end = Math.min(n, start + windowSize);
      // Tokenise the window once; these arrays are the only per-text memory besides the output.
      const ids: (number[] | undefined)[] = new Array(end - start);
      const order: number[] = [];
      for (let i = start; i < end; i++) {
        const raw = texts[i];
        if (typeof raw !== 'string' || raw.trim() === '') {
          report.empty++;
          continue;
        }
        const text = clipForTokenizer(r.prefix + raw, r.maxLength);
        let tokens = tokenizer.encode(text);
        if (tokens.length > r.maxLength) {
          report.truncated++;
          tokens = this.truncate(tokens, text, r.maxLength);
        }
        report.tokens += tokens.length;
        ids[i - start] = tokens;
        order.push(i - start);
      }
      if (this.options.bucketing) order.sort((a, b) => ids[a]!.length - ids[b]!.length || a - b);

      for (let b = 0; b < order.length; b += batchSize) {
        throwIfAborted(options.signal, 'embed');
        const batch = order.slice(b, b + batchSize);
        let seq = 1;
        for (const k of batch) seq = Math.max(seq, ids[k]!.length);
        const inputIds = new BigInt64Array(batch.length * seq);
        // Only models that read the mask get one (a static embedding table does not; pooling uses lengths).
        const mask = needsMask ? new BigInt64Array(batch.length * seq) : undefined;
        if (padId !== 0) inputIds.fill(BigInt(padId));
        for (let row = 0; row < batch.length; row++) {
          const t = ids[batch[row]!]!;
          const o = row * seq;
          for (let j = 0; j < t.length; j++) inputIds[o + j] = BigInt(t[j]!);
          if (mask) mask.fill(1n, o, o + t.length);
        }
        report.paddedTokens += batch.length * seq;
        report.batches++;
        const feeds: Record<string, unknown> = { input_ids: new Tensor('int64', inputIds, [batch.length, seq]) };
        if (mask) feeds.attention_mask = new Tensor('int64', mask, [batch.length, seq]);
        const outputs = await this.model!(feeds);
        const hidden = pickOutput(outputs, r.pooling);
        if (out === undefined) {
          dim = hidden.dims[hidden.dims.length - 1]!;
          this.dims = dim;
          out = new Float32Array(n * dim);
        }
        poolInto(hidden, batch.map((k) => ids[k]!.length), r.pooling, r.normalize, out, dim, batch.map((k) => start + k), report);
        for (const k of batch) ids[k] = undefined; // free token arrays as soon as they are used
        done += batch.length;
        report.computed += batch.length;
        progress?.({ stage: 'embed', done: done + report.empty, total: n });
        if (Date.now() - lastYield > 50) {
          // Let timers and abort handlers run during long synchronous stretches.
          await new Promise<void>((resolve) => setTimeout(resolve, 0));
          lastYield = Date.now();
        }
      }
    }
    if (out === undefined) {
      // Nothing reached the model (all texts empty): the dimension comes from the registry or a probe.
      if (this.dims === undefined) {
        const probe = await this.model!({
          input_ids: new Tensor('int64', new BigInt64Array([BigInt(padId)]), [1, 1]),
          attention_mask: new Tensor('int64', new BigInt64Array([1n]), [1, 1]),
        });
        const h = pickOutput(probe, r.pooling);
        this.dims = h.dims[h.dims.length - 1]!;
      }
      dim = this.dims;
      out = new Float32Array(n * dim);
    }
    throwIfAborted(options.signal, 'embed');
    report.seconds = (Date.now() - started) / 1000;
    progress?.({ stage: 'embed', done: n, total: n });
    this.lastReport = report;
    return matrix(out, n, dim);
  }

  /**
   * Embeds a stream of texts window by window (`batchSize × bucketWindow` texts), for inputs too
   * large to hold: memory stays bounded by one window of texts and vectors. `lastReport` sums the
   * whole stream when the generator finishes.
   *
   * @example
   * for await (const { offset, vectors } of embedder.embedStream(readLines('big.txt'))) {
   *   await save(offset, vectors); // vectors.rows texts starting at offset
   * }
   */
  async *embedStream(
    source: Iterable<string> | AsyncIterable<string>,
    options: EmbedOptions & { total?: number } = {},
  ): AsyncGenerator<{ offset: number; vectors: Matrix<Float32Array> }> {
    const batchSize = options.batchSize ?? this.options.batchSize;
    const windowSize = batchSize * (this.options.bucketing ? this.options.bucketWindow : 1);
    const total = emptyReport();
    const started = Date.now();
    let offset = 0;
    let window: string[] = [];
    const flush = async () => {
      const vectors = await this.embed(window, {
        ...options,
        onProgress: options.onProgress
          ? (e) => options.onProgress!({ ...e, done: offset + e.done, total: options.total ?? offset + e.total })
          : undefined,
      });
      const r = this.lastReport;
      for (const k of Object.keys(total) as (keyof EmbedReport)[]) if (k !== 'seconds') total[k] += r[k];
      const out = { offset, vectors };
      offset += window.length;
      window = [];
      return out;
    };
    for await (const text of source as AsyncIterable<string>) {
      window.push(text);
      if (window.length >= windowSize) yield await flush();
    }
    if (window.length > 0) yield await flush();
    total.seconds = (Date.now() - started) / 1000;
    this.lastReport = total;
  }

  /** Releases the ONNX session. */
  override async dispose(): Promise<void> {
    await this.model?.dispose?.();
    this.model = undefined;
    this.tokenizer = undefined;
    this.loading = undefined;
  }
}

/** Finds the special tokens around a text by encoding a probe with and without them. */
function specialLayout(tokenizer: LoadedTokenizer): { prefix: number[]; suffix: number[] } | undefined {
  try {
    const probe = 'hello world';
    const full = tokenizer.encode(probe);
    const bare = tokenizer.encode(probe, { add_special_tokens: false });
    for (let p = 0; p + bare.length <= full.length; p++) {
      if (bare.every((id, k) => full[p + k] === id)) return { prefix: full.slice(0, p), suffix: full.slice(p + bare.length) };
    }
  } catch {
    // fall back to the tokenizer's own truncation
  }
  return undefined;
}

function pickOutput(outputs: Record<string, LoadedTensor>, pooling: Pooling): LoadedTensor {
  let t =
    pooling === 'none'
      ? (outputs.sentence_embedding ?? outputs.pooler_output ?? outputs.last_hidden_state ?? Object.values(outputs)[0])
      : (outputs.last_hidden_state ?? outputs.token_embeddings ?? Object.values(outputs)[0]);
  if (!t) throw new ModelError('The model returned no output.', { code: 'MODEL_OUTPUT', field: 'model', fix: 'Use a feature-extraction model.' });
  if (t.type !== 'float32' && typeof t.to === 'function') t = t.to('float32');
  if (pooling === 'none' && t.dims.length !== 2) {
    throw new ModelError(`pooling 'none' needs one vector per text but the model output has shape [${t.dims.join(', ')}].`, {
      code: 'MODEL_OUTPUT',
      field: 'pooling',
      fix: "Use pooling 'mean' or 'cls' for models that return token vectors.",
    });
  }
  if (pooling !== 'none' && t.dims.length !== 3) {
    throw new ModelError(`pooling '${pooling}' needs token vectors [batch, tokens, dim] but the output has shape [${t.dims.join(', ')}].`, {
      code: 'MODEL_OUTPUT',
      field: 'pooling',
      fix: "Use pooling 'none' for models that already return one vector per text.",
    });
  }
  return t;
}

/** Pools a batch straight into the output rows (sentence-transformers' mean/cls + Normalize). */
function poolInto(
  hidden: LoadedTensor,
  lengths: number[],
  pooling: Pooling,
  normalize: boolean,
  out: Float32Array,
  dim: number,
  rows: number[],
  report: EmbedReport,
): void {
  const data = hidden.data;
  const seq = pooling === 'none' ? 1 : hidden.dims[1]!;
  const acc = new Float64Array(dim);
  for (let b = 0; b < rows.length; b++) {
    acc.fill(0);
    const base = b * seq * dim;
    if (pooling === 'mean') {
      const len = lengths[b]!;
      for (let t = 0; t < len; t++) {
        const o = base + t * dim;
        for (let j = 0; j < dim; j++) acc[j]! += data[o + j]!;
      }
      const inv = 1 / Math.max(len, 1e-9);
      for (let j = 0; j < dim; j++) acc[j]! *= inv;
    } else {
      for (let j = 0; j < dim; j++) acc[j] = data[base + j]!;
    }
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += acc[j]! * acc[j]!;
    norm = Math.sqrt(norm);
    if (norm === 0) report.zeroVectors++;
    const scale = normalize ? 1 / Math.max(norm, 1e-12) : 1;
    const o = rows[b]! * dim;
    for (let j = 0; j < dim; j++) out[o + j] = acc[j]! * scale;
  }
}
