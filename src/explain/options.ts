import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * Parses options with a zod schema and turns the first issue into a {@link ConfigError} that names
 * the field. Shared by every function in `explain/`.
 */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || 'options';
    throw new ConfigError(`Invalid ${where} option "${field}": ${issue.message}.`, {
      code: 'BAD_OPTION',
      field,
      fix: `Check the ${where} options against their documented schema.`,
    });
  }
  return parsed.data;
}
