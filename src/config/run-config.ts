import { z } from 'zod';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { STRATEGIES, STRATEGY_NAMES, type StrategyName } from '../separation/strategies.js';
import { parseOptions } from './validate.js';

/** Output formats of `assignments.*`. */
export const OUTPUT_FORMATS = ['csv', 'json', 'parquet'] as const;

/** Where and how results are written. */
export const OutputConfigSchema = z
  .object({
    dir: z.string().min(1).default('hf-separate-out').describe('Output folder.'),
    format: z.enum(OUTPUT_FORMATS).default('csv').describe('Format of the assignments file: csv, json or parquet.'),
    dashboard: z.boolean().default(true).describe('Write dashboard.html (self-contained, works offline).'),
  })
  .strict();

const RunFields = {
  $schema: z.string().optional().describe('JSON Schema of this file, for editor completion.'),
  input: z.string().min(1).optional().describe('Data file (the command-line argument wins).'),
  seed: z.number().int().default(42).describe('Seed for every random step: same data + same seed = same result.'),
  output: OutputConfigSchema.default({ dir: 'hf-separate-out', format: 'csv', dashboard: true }).describe('Where results go.'),
};

function strategyVariant(name: StrategyName) {
  return STRATEGIES[name].schema.extend({ strategy: z.literal(name).describe(STRATEGIES[name].description), ...RunFields }).strict();
}

/**
 * The schema of a run config (YAML or JSON): `strategy`, that strategy's options, `seed`, `input`
 * and `output`. One variant per strategy, so editors complete the right options.
 */
export function runConfigSchema() {
  const variants = STRATEGY_NAMES.map(strategyVariant);
  return z.discriminatedUnion('strategy', variants as unknown as [ReturnType<typeof strategyVariant>, ...ReturnType<typeof strategyVariant>[]]);
}

/** A validated run config (defaults filled in). */
export type RunConfig = {
  strategy: StrategyName;
  seed: number;
  input?: string;
  output: z.output<typeof OutputConfigSchema>;
  $schema?: string;
} & Record<string, unknown>;

/** The JSON Schema of run configs (what `hf-separate schema` prints and the package ships). */
export function runConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(runConfigSchema(), { io: 'input', unrepresentable: 'any' }),
    title: 'hf-separate run config',
  } as Record<string, unknown>;
}

/**
 * Parses config text (YAML or JSON: JSON is YAML) into a plain object. Errors name the file and line.
 * @example parseConfigText('strategy: numerical\nclusters: 3', 'run.yaml')
 */
export function parseConfigText(text: string, source = 'config'): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (cause) {
    const line = cause instanceof YAMLParseError ? cause.linePos?.[0]?.line : undefined;
    throw new ConfigError(`${source}${line ? ` line ${line}` : ''} is not valid YAML/JSON: ${(cause as Error).message.split('\n')[0]}`, {
      code: 'BAD_CONFIG_FILE',
      field: source,
      fix: 'Check indentation and quoting (YAML) or brackets and commas (JSON).',
      cause,
    });
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${source} must hold a mapping of keys to values.`, {
      code: 'BAD_CONFIG_FILE',
      field: source,
      fix: 'Start from `hf-separate init` for a commented template.',
    });
  }
  return value as Record<string, unknown>;
}

const ENV_PREFIX = 'HF_SEPARATE_';
/** Environment variables read by other parts (model cache, offline switch), not config keys. */
const ENV_ELSEWHERE = new Set(['CACHE_DIR', 'OFFLINE', 'MODEL_DIR', 'LOG', 'LOG_LEVEL', 'NO_COLOR']);
const ENV_PATHS: Record<string, string[]> = { OUT: ['output', 'dir'], OUTPUT_DIR: ['output', 'dir'], FORMAT: ['output', 'format'], DASHBOARD: ['output', 'dashboard'] };

/**
 * Reads `HF_SEPARATE_*` environment variables as config overrides: `HF_SEPARATE_CLUSTERS=5`,
 * `HF_SEPARATE_ID_COLUMN=id`, `HF_SEPARATE_COLUMNS=a,b`, `HF_SEPARATE_OUT=results`. Values are read as
 * JSON when they parse (numbers, booleans, arrays), lists split on commas, anything else as text.
 *
 * @example envOverrides({ HF_SEPARATE_CLUSTERS: '4' }) // { clusters: 4 }
 */
export function envOverrides(env: Record<string, string | undefined>): { overrides: Record<string, unknown>; ignored: string[] } {
  const overrides: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || raw === undefined) continue;
    const key = name.slice(ENV_PREFIX.length);
    if (ENV_ELSEWHERE.has(key)) continue;
    const path = ENV_PATHS[key] ?? [camelCase(key)];
    if (!KNOWN_KEYS().has(path[0]!)) {
      ignored.push(name);
      continue;
    }
    setPath(overrides, path, coerceEnv(path[path.length - 1]!, raw));
  }
  return { overrides, ignored };
}

let knownKeys: Set<string> | undefined;
function KNOWN_KEYS(): Set<string> {
  if (!knownKeys) {
    knownKeys = new Set(['strategy', ...Object.keys(RunFields)]);
    for (const name of STRATEGY_NAMES) for (const key of Object.keys(STRATEGIES[name].schema.shape)) knownKeys.add(key);
  }
  return knownKeys;
}

const LIST_KEYS = new Set(['columns', 'textColumns']);

function coerceEnv(key: string, raw: string): unknown {
  const text = raw.trim();
  if (LIST_KEYS.has(key) && !text.startsWith('[')) return text.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function camelCase(snake: string): string {
  return snake.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let t = target;
  for (const key of path.slice(0, -1)) {
    if (typeof t[key] !== 'object' || t[key] === null) t[key] = {};
    t = t[key] as Record<string, unknown>;
  }
  t[path[path.length - 1]!] = value;
}

/** Deep-merges plain objects; later sources win; arrays are replaced, not merged. */
export function mergeConfig(...sources: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (value === undefined) continue;
      const prev = out[key];
      out[key] =
        isPlainObject(prev) && isPlainObject(value) ? mergeConfig(prev, value) : value;
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Resolves the run config with precedence flags > environment > file > defaults, and validates it.
 * Errors name the key, the bad value and the allowed values.
 *
 * @example resolveRunConfig({ file: parseConfigText(text), env: process.env, flags: { clusters: 3 } })
 */
export function resolveRunConfig(sources: {
  file?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  flags?: Record<string, unknown>;
  fileName?: string;
}): { config: RunConfig; ignoredEnv: string[] } {
  const { overrides, ignored } = envOverrides(sources.env ?? {});
  const merged = mergeConfig({ strategy: 'numerical' }, sources.file ?? {}, overrides, sources.flags ?? {});
  const where = sources.fileName ? `config (${sources.fileName}, environment and flags)` : 'config';
  const config = parseOptions(runConfigSchema(), merged, where) as RunConfig;
  return { config, ignoredEnv: ignored };
}

/** Splits a run config into the strategy's options and the run settings. */
export function splitRunConfig(config: RunConfig): {
  strategy: StrategyName;
  options: Record<string, unknown>;
  seed: number;
  input?: string;
  output: z.output<typeof OutputConfigSchema>;
} {
  const { strategy, seed, input, output, $schema: _schema, ...options } = config as RunConfig & { $schema?: string };
  return { strategy, options, seed, output, ...(input !== undefined ? { input } : {}) };
}
