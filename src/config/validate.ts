import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * Parses options with a zod schema and turns the first problem into a {@link ConfigError} that
 * names the key, the bad value and what is allowed.
 *
 * @example const o = parseOptions(KMeansOptionsSchema, { k: 3 }, 'kmeans options');
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, where = 'options'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw zodToConfigError(result.error, value, where, schema);
}

/** Converts a zod error into a {@link ConfigError}. */
export function zodToConfigError(error: z.ZodError, value: unknown, where: string, schema?: z.ZodType): ConfigError {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  const bad = valueAt(value, issue.path as (string | number)[]);
  let fix = issue.message;
  if (issue.code === 'invalid_value' && 'values' in issue) {
    fix = `Use one of: ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
  } else if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    fix = `Use one of: ${(issue.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
  } else if (issue.code === 'unrecognized_keys' && 'keys' in issue) {
    const known = knownKeys(schema, issue.path as (string | number)[]);
    return new ConfigError(`Unknown key ${(issue.keys as string[]).map((k) => `"${path ? `${path}.` : ''}${k}"`).join(', ')} in ${where}.`, {
      code: 'UNKNOWN_KEY',
      field: path ? `${path}.${(issue.keys as string[])[0]}` : (issue.keys as string[])[0]!,
      fix: known ? `Known keys: ${known}.` : 'Remove it or check its spelling.',
    });
  }
  const shown = bad === undefined ? 'missing' : JSON.stringify(bad);
  return new ConfigError(`Invalid ${where}${path ? ` at "${path}"` : ''}: ${shown}. ${issue.message}.`, {
    code: 'INVALID_OPTION',
    field: path || where,
    fix,
    cause: error,
  });
}

function valueAt(value: unknown, path: (string | number)[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** The keys an object schema allows at `path`, for "did you mean" hints. */
function knownKeys(schema: z.ZodType | undefined, path: (string | number)[]): string | undefined {
  let s: unknown = schema;
  for (const key of path) {
    s = unwrap(s);
    if (!(s instanceof z.ZodObject)) return undefined;
    s = (s.shape as Record<string, unknown>)[String(key)];
  }
  s = unwrap(s);
  return s instanceof z.ZodObject ? Object.keys(s.shape).join(', ') : undefined;
}

function unwrap(s: unknown): unknown {
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap();
  return s;
}
