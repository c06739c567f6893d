import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configTemplate,
  envOverrides,
  mergeConfig,
  parseConfigText,
  resolveRunConfig,
  runConfigJsonSchema,
  splitRunConfig,
} from '../../src/index.js';

describe('run config', () => {
  it('applies precedence flags > environment > file > defaults', () => {
    const file = parseConfigText('strategy: numerical\nclusters: 3\nseed: 1\nidColumn: id\noutput:\n  dir: from-file\n', 'run.yaml');
    const { config } = resolveRunConfig({
      file,
      env: { HF_SEPARATE_CLUSTERS: '4', HF_SEPARATE_SEED: '2', HF_SEPARATE_OUT: 'from-env', PATH: '/bin' },
      flags: { seed: 3 },
    });
    expect(config.clusters).toBe(4);
    expect(config.seed).toBe(3);
    expect(config.idColumn).toBe('id');
    expect(config.output).toEqual({ dir: 'from-env', format: 'csv', dashboard: true });
    const split = splitRunConfig(config);
    expect(split.options).toMatchObject({ clusters: 4, idColumn: 'id', scaling: 'auto' });
    expect(split.options).not.toHaveProperty('seed');
  });

  it('reads lists and JSON values from the environment and reports unknown variables', () => {
    const { overrides, ignored } = envOverrides({
      HF_SEPARATE_COLUMNS: 'a, b,c',
      HF_SEPARATE_ID_COLUMN: 'key',
      HF_SEPARATE_FORMAT: 'json',
      HF_SEPARATE_COLOUR: 'red',
      HF_SEPARATE_CACHE_DIR: '/tmp/x',
    });
    expect(overrides).toEqual({ columns: ['a', 'b', 'c'], idColumn: 'key', output: { format: 'json' } });
    expect(ignored).toEqual(['HF_SEPARATE_COLOUR']);
  });

  it('names the key, the bad value and the allowed values', () => {
    const err = (() => {
      try {
        resolveRunConfig({ file: { strategy: 'numerical', scaling: 'zscore' }, fileName: 'run.yaml' });
      } catch (e) {
        return e as ConfigError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.field).toBe('scaling');
    expect(err!.message).toContain('"zscore"');
    expect(err!.message).toContain('run.yaml');
    expect(err!.fix).toBe('Use one of: "auto", "standard", "robust", "minmax", "none".');
    expect(() => resolveRunConfig({ file: { strategy: 'numerical', colour: 1 } })).toThrow(/Unknown key "colour"/);
    expect(() => resolveRunConfig({ file: { strategy: 'poetry' } })).toThrow(/Use one of: "numerical"/);
    expect(() => parseConfigText('a: [1, 2\nb: 3', 'bad.yaml')).toThrow(/bad.yaml line \d+ is not valid YAML/);
  });

  it('merges deeply and replaces arrays', () => {
    expect(mergeConfig({ a: { b: 1, c: [1] } }, { a: { c: [2] } })).toEqual({ a: { b: 1, c: [2] } });
  });

  it('writes templates that parse, validate, and are accepted by the published JSON Schema', () => {
    const schema = runConfigJsonSchema();
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(schema);
    const text = configTemplate('numerical');
    expect(text).toContain("# Scaling of numeric columns: 'auto' picks robust");
    expect(text).toMatch(/^scaling: auto$/m);
    const parsed = parse(text) as Record<string, unknown>;
    expect(validate(parsed)).toBe(true);
    expect(resolveRunConfig({ file: parsed }).config.strategy).toBe('numerical');
    expect(validate({ strategy: 'numerical', clusters: 'many' })).toBe(false);
  });
});
