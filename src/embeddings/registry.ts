import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/** How token vectors become one vector per text. @example POOLINGS.includes('cls') // true */
export const POOLINGS = ['mean', 'cls', 'none'] as const;
/** `mean`: attention-masked mean of token vectors; `cls`: the first token; `none`: the model already outputs one vector per text. */
export type Pooling = (typeof POOLINGS)[number];

/**
 * What hf-separate knows about an embedding model: enough to run it like sentence-transformers does
 * (pooling, normalisation, prefixes, maximum sequence length) and to choose one.
 *
 * @example
 * ModelInfoSchema.parse({ id: 'me/model', dimensions: 256, languages: ['en'], license: 'MIT', pooling: 'mean', normalize: true, maxLength: 256 });
 */
export const ModelInfoSchema = z.object({
  /** Hub id (`Xenova/all-MiniLM-L6-v2`) or the name of a model shipped with hf-separate. */
  id: z.string().min(1),
  /** Output dimension. */
  dimensions: z.number().int().positive(),
  /** ISO 639-1 codes the model was trained for; `['*']` for many languages. */
  languages: z.array(z.string().min(1)).min(1),
  /** SPDX licence id of the weights. */
  license: z.string().min(1),
  pooling: z.enum(POOLINGS),
  /** L2-normalise the pooled vectors (sentence-transformers' `Normalize` module). */
  normalize: z.boolean(),
  /** sentence-transformers' `max_seq_length` (tokens, special tokens included). */
  maxLength: z.number().int().positive(),
  /** Text put in front of queries (search questions), e.g. e5's `query: `. */
  queryPrefix: z.string().default(''),
  /** Text put in front of documents, e.g. e5's `passage: `. */
  passagePrefix: z.string().default(''),
  /** Which prefix clustering (a symmetric task) should use. */
  clusteringInputType: z.enum(['query', 'passage']).default('passage'),
  /** Pinned revision (commit or tag) on the hub. */
  revision: z.string().default('main'),
  /** True for models shipped inside the npm package (work with no network). */
  bundled: z.boolean().default(false),
  /** Approximate download size in MB for the default dtype. */
  sizeMB: z.number().nonnegative().optional(),
  description: z.string().default(''),
});

/** A registry entry (see {@link ModelInfoSchema}). */
export type ModelInfo = z.output<typeof ModelInfoSchema>;
/** What {@link registerModel} accepts: defaults filled in for the optional fields. */
export type ModelInfoInput = z.input<typeof ModelInfoSchema>;

/** Name of the static GloVe model shipped in the npm package (`models/glove-100d`). @example new TransformersEmbedder({ model: OFFLINE_DEFAULT_MODEL }) */
export const OFFLINE_DEFAULT_MODEL = 'glove-100d';
/** The online default: a small, fast, widely used English sentence-transformer. @example new TransformersEmbedder({ model: ONLINE_DEFAULT_MODEL }) */
export const ONLINE_DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';

const PRESETS: ModelInfoInput[] = [
  {
    id: OFFLINE_DEFAULT_MODEL,
    dimensions: 100,
    languages: ['en'],
    license: 'PDDL-1.0',
    pooling: 'mean',
    normalize: true,
    maxLength: 512,
    bundled: true,
    sizeMB: 4.8,
    description:
      'Static GloVe 6B word vectors (40k words, smooth-inverse-frequency weighted, int8) shipped with hf-separate; works offline.',
  },
  {
    id: ONLINE_DEFAULT_MODEL,
    dimensions: 384,
    languages: ['en'],
    license: 'Apache-2.0',
    pooling: 'mean',
    normalize: true,
    maxLength: 256,
    sizeMB: 90,
    description: 'sentence-transformers/all-MiniLM-L6-v2: fast general-purpose English sentence embeddings.',
  },
  {
    id: 'Xenova/bge-small-en-v1.5',
    dimensions: 384,
    languages: ['en'],
    license: 'MIT',
    pooling: 'cls',
    normalize: true,
    maxLength: 512,
    queryPrefix: 'Represent this sentence for searching relevant passages: ',
    sizeMB: 133,
    description: 'BAAI/bge-small-en-v1.5: strong small English model; the instruction is for retrieval queries only.',
  },
  {
    id: 'Xenova/gte-small',
    dimensions: 384,
    languages: ['en'],
    license: 'MIT',
    pooling: 'mean',
    normalize: true,
    maxLength: 512,
    sizeMB: 133,
    description: 'thenlper/gte-small: general text embeddings, no prefixes.',
  },
  {
    id: 'Xenova/multilingual-e5-small',
    dimensions: 384,
    languages: ['*'],
    license: 'MIT',
    pooling: 'mean',
    normalize: true,
    maxLength: 512,
    queryPrefix: 'query: ',
    passagePrefix: 'passage: ',
    clusteringInputType: 'query',
    sizeMB: 470,
    description: 'intfloat/multilingual-e5-small: ~100 languages; use "query: " for symmetric tasks such as clustering.',
  },
  {
    id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    dimensions: 384,
    languages: ['*'],
    license: 'Apache-2.0',
    pooling: 'mean',
    normalize: false,
    maxLength: 128,
    sizeMB: 470,
    description: 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2: 50+ languages, paraphrase-trained.',
  },
];

const registry = new Map<string, ModelInfo>();
for (const p of PRESETS) registry.set(p.id, ModelInfoSchema.parse(p));

/**
 * Adds or replaces a model in the registry, so `'auto'` can choose it and the embedder knows its
 * pooling, prefixes and maximum length.
 *
 * @example
 * registerModel({ id: 'my-org/legal-minilm', dimensions: 384, languages: ['en'], license: 'MIT',
 *   pooling: 'mean', normalize: true, maxLength: 256 });
 */
export function registerModel(info: ModelInfoInput): ModelInfo {
  const parsed = ModelInfoSchema.safeParse(info);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid model info: ${issue.message}.`, {
      code: 'BAD_MODEL_INFO',
      field: issue.path.join('.') || 'info',
      fix: 'See ModelInfoSchema for the required fields (id, dimensions, languages, license, pooling, normalize, maxLength).',
    });
  }
  registry.set(parsed.data.id, parsed.data);
  return parsed.data;
}

/** The registry entry of a model id, if known. @example getModelInfo('Xenova/gte-small')?.dimensions // 384 */
export function getModelInfo(id: string): ModelInfo | undefined {
  return registry.get(id);
}

/** Every registered model, presets first. @example listModels().map((m) => m.id) */
export function listModels(): ModelInfo[] {
  return [...registry.values()];
}

/** What {@link chooseModel} looks at. */
export interface ChooseModelOptions {
  /** Languages of the data (ISO 639-1), e.g. from language detection. Default `['en']`. */
  languages?: readonly string[];
  /** Only models that work with no network (bundled, or found locally when `isAvailable` says so). */
  offline?: boolean;
  /** Tells whether a model is present locally (e.g. already in the cache directory). */
  isAvailable?: (id: string) => boolean;
}

/**
 * Picks a model for the data: English (or unknown) text gets all-MiniLM-L6-v2 online; other or mixed
 * languages get multilingual-e5-small; offline, the first registered model that covers the languages
 * and is bundled or locally available, falling back to the shipped GloVe model.
 *
 * @example
 * chooseModel({ languages: ['de', 'fr'] }).id; // 'Xenova/multilingual-e5-small'
 * chooseModel({ offline: true }).id;            // 'glove-100d'
 */
export function chooseModel(options: ChooseModelOptions = {}): ModelInfo {
  const languages = (options.languages?.length ? options.languages : ['en']).map((l) => l.toLowerCase().slice(0, 2));
  const covers = (m: ModelInfo): boolean => m.languages.includes('*') || languages.every((l) => m.languages.includes(l));
  const englishOnly = languages.every((l) => l === 'en');
  const preferred = englishOnly ? [ONLINE_DEFAULT_MODEL] : ['Xenova/multilingual-e5-small', 'Xenova/paraphrase-multilingual-MiniLM-L12-v2'];
  const candidates = [...preferred.map((id) => registry.get(id)).filter((m): m is ModelInfo => !!m), ...registry.values()];
  // Neural models first (the bundled static model is the fallback, not the first choice).
  for (const m of candidates) {
    if (m.bundled || !covers(m)) continue;
    if (options.offline && !options.isAvailable?.(m.id)) continue;
    return m;
  }
  return candidates.find((m) => m.bundled && covers(m)) ?? registry.get(OFFLINE_DEFAULT_MODEL)!;
}
