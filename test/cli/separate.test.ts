import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/index.js';
import { cli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'hfs-cli-'));
const penguins = 'examples/data/penguins.csv';
const measures = 'bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g';

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const keys = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i]!, v])));
}

describe('hf-separate separate --strategy numerical', () => {
  it('separates the penguins by species and writes the output contract', async () => {
    const out = join(tmp, 'penguins');
    const { code, stdout, stderr } = await cli(['separate', '--strategy', 'numerical', penguins, '--columns', measures, '--id-column', 'id', '--clusters', '3', '--seed', '7', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^342 rows → 3 clusters \(0 outliers, 0 skipped\)\. Results in /);
    const rows = readCsv(join(out, 'assignments.csv'));
    expect(Object.keys(rows[0]!)).toEqual(['id', 'cluster', 'probability', 'outlier_score', 'x', 'y', 'skipped']);
    expect(rows).toHaveLength(342);
    expect(rows[0]!.id).toBe('1');
    const truth = readCsv(penguins).map((r) => r.label!);
    const ari = adjustedRandIndex(truth, rows.map((r) => Number(r.cluster)));
    expect(ari).toBeGreaterThanOrEqual(0.75);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.summary).toEqual({ rows: 342, clusters: 3, outliers: 0, skipped: 0 });
    expect(report.seed).toBe(7);
    expect(report.versions['hf-separate']).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.data.used.numeric).toEqual(measures.split(','));
    expect(existsSync(join(out, 'report.md'))).toBe(true);
  });

  it('gives byte-identical output for the same seed', async () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    for (const out of [a, b]) {
      expect((await cli(['separate', penguins, '--columns', measures, '--clusters', '3', '--seed', '3', '--out', out, '--quiet'])).code).toBe(0);
    }
    expect(readFileSync(join(a, 'assignments.csv'), 'utf8')).toBe(readFileSync(join(b, 'assignments.csv'), 'utf8'));
  });

  it('prints a machine-readable summary with --json', async () => {
    const { code, stdout } = await cli(['separate', penguins, '--columns', measures, '--clusters', '3', '--out', join(tmp, 'j'), '--json', '--quiet']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.summary.clusters).toBe(3);
    expect(summary.clusters.reduce((s: number, c: { size: number }) => s + c.size, 0)).toBe(342);
  });

  it('exits 2 with a clear message for bad input and usage', async () => {
    const missing = await cli(['separate', join(tmp, 'nope.csv'), '--out', join(tmp, 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/File not found: ".*nope\.csv"/);

    const column = await cli(['separate', penguins, '--columns', 'bill_lenght_mm', '--out', join(tmp, 'x')]);
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/Column "bill_lenght_mm" is not in examples\/data\/penguins\.csv/);
    expect(column.stderr).toMatch(/Available columns: id, island, sex/);

    const empty = join(tmp, 'empty.csv');
    writeFileSync(empty, 'a,b\n');
    const emptyRun = await cli(['separate', empty, '--out', join(tmp, 'x')]);
    expect(emptyRun.code).toBe(2);
    expect(emptyRun.stderr).toMatch(/has a header but no rows/);

    const badK = await cli(['separate', penguins, '--clusters', 'lots']);
    expect(badK.code).toBe(2);
    expect(badK.stderr).toMatch(/use 'auto' or a whole number/);

    const badStrategy = await cli(['separate', '--strategy', 'poetry', penguins]);
    expect(badStrategy.code).toBe(2);
    expect(badStrategy.stderr).toMatch(/Invalid config at "strategy".*Use one of: "numerical"/s);
  });

  it('shows help with examples and the version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: hf-separate');
    expect(help.stdout).toContain('Examples:');
    const sub = await cli(['separate', '--help']);
    expect(sub.stdout).toContain('assignments.csv');
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await cli([])).code).toBe(2);
  });
});
