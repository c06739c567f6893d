import { z } from 'zod';
import { STRATEGIES, type StrategyName } from '../separation/strategies.js';
import { OutputConfigSchema } from './run-config.js';

/**
 * A commented YAML config for a strategy, generated from its option schema: every option with its
 * description, defaults written out, optional ones commented. What `hf-separate init` writes.
 *
 * @example writeFileSync('hf-separate.yaml', configTemplate('numerical'));
 */
export function configTemplate(strategy: StrategyName, schemaUrl = './node_modules/hf-separate/schema/run-config.schema.json'): string {
  const entry = STRATEGIES[strategy];
  const lines: string[] = [
    `# yaml-language-server: $schema=${schemaUrl}`,
    `# hf-separate run config for the "${strategy}" strategy: ${entry.description}.`,
    '# Precedence: command-line flags > HF_SEPARATE_* environment variables > this file > defaults.',
    '# Run it: hf-separate separate --config this-file.yaml data.csv',
    '',
    `strategy: ${strategy}`,
    '',
    '# Seed for every random step: same data + same seed = same result.',
    'seed: 42',
    '',
    '# Data file (the command-line argument wins).',
    '# input: data.csv',
    '',
  ];
  for (const [key, schema] of Object.entries(entry.schema.shape as Record<string, z.ZodType>)) {
    lines.push(...describeKey(key, schema, 0), '');
  }
  lines.push('# Where results go.', 'output:');
  for (const [key, schema] of Object.entries(OutputConfigSchema.shape as Record<string, z.ZodType>)) {
    lines.push(...describeKey(key, schema, 2));
  }
  return `${lines.join('\n')}\n`;
}

function describeKey(key: string, schema: z.ZodType, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  const description = schema.description ?? unwrap(schema).description;
  if (description) out.push(`${pad}# ${description}`);
  const def = defaultOf(schema);
  if (def !== undefined) {
    out.push(`${pad}${key}: ${yamlValue(def)}`);
  } else {
    out.push(`${pad}# ${key}: ${exampleOf(unwrap(schema))}`);
  }
  return out;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

function defaultOf(schema: z.ZodType): unknown {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodDefault) {
    const v = s.def.defaultValue;
    return typeof v === 'function' ? (v as () => unknown)() : v;
  }
  return undefined;
}

function exampleOf(schema: z.ZodType): string {
  if (schema instanceof z.ZodArray) return '[column_a, column_b]';
  if (schema instanceof z.ZodEnum) return String(schema.options[0]);
  if (schema instanceof z.ZodNumber) return '1';
  if (schema instanceof z.ZodBoolean) return 'true';
  if (schema instanceof z.ZodRecord) return '{ column_name: categorical }';
  if (schema instanceof z.ZodObject) return '{}';
  return 'value';
}

function yamlValue(v: unknown): string {
  if (typeof v === 'string') return /^[\w./-]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}
