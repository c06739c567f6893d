import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'hfs-cmd-'));
const penguins = 'examples/data/penguins.csv';
const measures = 'bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g';

describe('hf-separate init / validate / schema', () => {
  it('writes a template that validates, and refuses to overwrite without --force', async () => {
    const file = join(tmp, 'run.yaml');
    const init = await cli(['init', '--strategy', 'numerical', '--out', file]);
    expect(init.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('strategy: numerical');
    expect((await cli(['init', '--out', file])).code).toBe(2);
    expect((await cli(['init', '--out', file, '--force'])).code).toBe(0);
    const ok = await cli(['validate', file]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('is valid: strategy numerical, seed 42');
    const resolved = await cli(['validate', file, '--json'], { HF_SEPARATE_CLUSTERS: '4' });
    expect(JSON.parse(resolved.stdout).clusters).toBe(4);
  });

  it('names the bad key and value of a config', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'strategy: numerical\nscaling: zscore\n');
    const bad = await cli(['validate', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/at "scaling": "zscore".*Use one of: "auto", "standard", "robust", "minmax", "none"/s);
    writeFileSync(file, 'strategy: numerical\nclustres: 3\n');
    expect((await cli(['validate', file])).stderr).toMatch(/Unknown key "clustres"/);
    expect((await cli(['validate', join(tmp, 'none.yaml')])).stderr).toMatch(/Config file not found/);
  });

  it('prints the JSON Schema and the strategies', async () => {
    const schema = await cli(['schema']);
    expect(JSON.parse(schema.stdout).title).toBe('hf-separate run config');
    expect((await cli(['strategies'])).stdout).toMatch(/^numerical /m);
  });
});

describe('hf-separate separate options', () => {
  it('takes settings from a config file, the environment and flags, in that order of weakness', async () => {
    const config = join(tmp, 'p.yaml');
    writeFileSync(config, `strategy: numerical\ncolumns: [${measures}]\nclusters: 2\nseed: 5\noutput:\n  dir: ${join(tmp, 'from-file')}\n`);
    const { code } = await cli(['separate', penguins, '--config', config, '--clusters', '3', '--quiet'], { HF_SEPARATE_OUT: join(tmp, 'from-env') });
    expect(code).toBe(0);
    expect(existsSync(join(tmp, 'from-file'))).toBe(false);
    const report = JSON.parse(readFileSync(join(tmp, 'from-env', 'report.json'), 'utf8'));
    expect(report.summary.clusters).toBe(3);
    expect(report.seed).toBe(5);
    expect(report.run.output.dir).toBe(join(tmp, 'from-env'));
  });

  it('writes JSON and Parquet assignments, the dashboard and the model', async () => {
    const jsonOut = join(tmp, 'json');
    expect((await cli(['--separate', penguins, '--columns', measures, '-k', '3', '--format', 'json', '--out', jsonOut, '--quiet'])).code).toBe(0);
    const rows = JSON.parse(readFileSync(join(jsonOut, 'assignments.json'), 'utf8'));
    expect(rows).toHaveLength(342);
    expect(existsSync(join(jsonOut, 'assignments.csv'))).toBe(false);
    expect(readFileSync(join(jsonOut, 'dashboard.html'), 'utf8')).toContain('vegaEmbed');
    expect(existsSync(join(jsonOut, 'model.json'))).toBe(true);
    const pqOut = join(tmp, 'pq');
    expect((await cli(['separate', penguins, '--columns', measures, '-k', '3', '--format', 'parquet', '--out', pqOut, '--quiet', '--no-dashboard'])).code).toBe(0);
    const buf = readFileSync(join(pqOut, 'assignments.parquet'));
    const parquetRows = (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) })) as Record<string, unknown>[];
    expect(parquetRows).toHaveLength(342);
    expect(rows.map((r: { cluster: number }) => r.cluster)).toEqual(parquetRows.map((r) => r.cluster));
    expect(existsSync(join(pqOut, 'dashboard.html'))).toBe(false);
  });

  it('predicts new rows and explains a row from the output folder', async () => {
    const out = join(tmp, 'model');
    expect((await cli(['separate', penguins, '--columns', measures, '--id-column', 'id', '-k', '3', '--out', out, '--quiet'])).code).toBe(0);
    const fresh = join(tmp, 'fresh.csv');
    writeFileSync(fresh, 'id,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g\nn1,39.1,18.7,181,3750\nn2,46.5,15,220,5200\nn3,,18,190,\n');
    const predicted = await cli(['predict', out, fresh, '--json']);
    expect(predicted.code).toBe(0);
    expect(JSON.parse(predicted.stdout)).toMatchObject({ rows: 3, skipped: 0 });
    const lines = readFileSync(join(out, 'predictions.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,cluster,probability,outlier_score,skipped');
    const assignments = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n');
    // n1 is a copy of row 1: it lands in row 1's cluster.
    expect(lines[1]!.split(',')[1]).toBe(assignments[1]!.split(',')[1]);
    const explained = await cli(['explain', out, '--row', '5']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toMatch(/^Row 5 is in cluster \d/);
    expect(explained.stdout).toMatch(/nearest rows in the same cluster: /);
    const json = JSON.parse((await cli(['explain', out, '--row', '5', '--json'])).stdout);
    expect(json.exemplars).toHaveLength(3);
    expect((await cli(['explain', out, '--row', 'nope'])).stderr).toMatch(/No clustered row has id "nope"/);
    expect((await cli(['predict', join(tmp, 'nowhere'), fresh])).code).toBe(2);
  });

  it('predicts with a multimodal model (text, numeric and categorical columns)', async () => {
    const file = join(tmp, 'mixed.csv');
    const topics = ['the cat chased a mouse across the garden', 'shares fell as the market closed lower', 'heavy rain and wind reached the coast'];
    const lines = ['id,text,size,kind'];
    for (let i = 0; i < 45; i++) lines.push(`r${i},${topics[i % 3]} ${['today', 'again', 'once more'][i % 5 % 3]},${(i % 3) * 10 + (i % 4)},${['a', 'b', 'c'][i % 3]}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(tmp, 'mixed-model');
    const sep = await cli(['separate', '--strategy', 'multimodal', file, '--text-column', 'text', '--columns', 'size,kind', '--id-column', 'id', '--out', out, '--quiet']);
    expect(sep.code, sep.stderr).toBe(0);
    const predicted = await cli(['predict', out, file, '--json']);
    expect(predicted.code, predicted.stderr).toBe(0);
    const byId = (text: string): Map<string, string> => new Map(text.trim().split('\n').slice(1).map((l) => [l.split(',')[0]!, l.split(',')[1]!]));
    // Every training row is placed in its own cluster again.
    expect(byId(readFileSync(join(out, 'predictions.csv'), 'utf8'))).toEqual(byId(readFileSync(join(out, 'assignments.csv'), 'utf8')));
  });

  it('picks the strategy from the data when none is named, and says so', async () => {
    const texts = join(tmp, 'notes.csv');
    const topics = [
      ['the cat chased the mouse around the garden', 'a small dog barked at the cat', 'the kitten slept on the warm dog bed'],
      ['interest rates rose and the stock market fell', 'the bank raised its loan rates again', 'investors sold shares as markets dropped'],
    ];
    const lines = ['id,note'];
    for (let i = 0; i < 40; i++) lines.push(`n${i},"${topics[i % 2]![i % 3]!} (${i})"`);
    writeFileSync(texts, `${lines.join('\n')}\n`);
    const out = join(tmp, 'auto-strategy');
    const run = await cli(['separate', texts, '--out', out, '--clusters', '2']);
    expect(run.stderr).toContain('strategy: semantic (text column found: note');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.choices[0]).toMatchObject({ stage: 'load', option: 'strategy', value: 'semantic' });
    expect(report.run.strategy).toBe('semantic');
    expect(report.summary.clusters).toBe(2);
  });

  it('lists models and says what works offline', async () => {
    const { code, stdout } = await cli(['models', '--json', '--cache-dir', join(tmp, 'empty-cache')]);
    expect(code).toBe(0);
    const models = JSON.parse(stdout).models as { id: string; offline: boolean; bundled: boolean }[];
    expect(models.find((m) => m.bundled)?.offline).toBe(true);
    expect(models.find((m) => m.id === 'Xenova/all-MiniLM-L6-v2')?.offline).toBe(false);
  });
});
