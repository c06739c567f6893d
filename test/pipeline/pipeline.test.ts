import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  pipeline,
  pipelineFromConfig,
  relabelBySize,
  SeparationResult,
  type ClusteringEngine,
  type ClusteringResult,
  type Matrix,
} from '../../src/index.js';

/** Splits rows by the sign of their first feature: a clusterer whose answer we know by hand. */
class SignClusterer implements ClusteringEngine {
  readonly name = 'sign';
  seen = 0;
  async fit(x: Matrix): Promise<ClusteringResult> {
    this.seen = x.rows;
    const labels = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) labels[i] = x.data[i * x.cols]! > 0 ? 1 : 0;
    return { labels, probabilities: new Float64Array(x.rows).fill(1), outlierScores: new Float64Array(x.rows), nClusters: 2 };
  }
  async predict(x: Matrix) {
    const { labels, probabilities } = await this.fit(x);
    return { labels, probabilities };
  }
}

const rows = [
  { id: 'a', v: -3, w: 1 },
  { id: 'b', v: -2, w: 2 },
  { id: 'c', v: 5, w: 3 },
  { id: 'd', v: 6, w: null },
  { id: 'e', v: 7, w: 5 },
];

describe('pipeline', () => {
  it('is immutable: each call returns a new pipeline', () => {
    const base = pipeline();
    const withSeed = base.seed(3);
    expect(withSeed).not.toBe(base);
    expect(base.toConfig()).toEqual({ version: 1 });
    expect(withSeed.toConfig()).toEqual({ version: 1, seed: 3 });
  });

  it('round-trips through JSON config and validates it', () => {
    const p = pipeline()
      .preprocess({ numericColumns: ['v', 'w'], scaling: 'robust' })
      .reduce('pca', { nComponents: 2 })
      .cluster('kmeans', { k: 3 })
      .visualize({ maxPoints: 100 });
    const json = JSON.parse(JSON.stringify(p.toConfig()));
    expect(pipelineFromConfig(json).toConfig()).toEqual(p.toConfig());
    expect(() => pipelineFromConfig({ cluster: { method: 'kmeans', options: {} }, colour: 'red' })).toThrow(/Unknown key "colour"/);
    expect(() => pipelineFromConfig({ preprocess: { scaling: 'zscore' } })).toThrow(ConfigError);
  });

  it('runs with an instance, numbers clusters by size, keeps ids, and skips the embed stage with a reason', async () => {
    const clusterer = new SignClusterer();
    const result = await pipeline()
      .preprocess({ numericColumns: ['v', 'w'], idColumn: 'id', scaling: 'none' })
      .cluster(clusterer)
      .run(rows, { seed: 1 });
    expect(result).toBeInstanceOf(SeparationResult);
    // v > 0 for c, d, e: that is the larger group, so it becomes cluster 0.
    expect(Array.from(result.labels)).toEqual([1, 1, 0, 0, 0]);
    expect(result.ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(result.idColumn).toBe('id');
    expect(result.clusters.map((c) => [c.cluster, c.size])).toEqual([
      [0, 3],
      [1, 2],
    ]);
    const embed = result.stages.find((s) => s.stage === 'embed')!;
    expect(embed).toMatchObject({ status: 'skipped', reason: 'the data has no text columns' });
    expect(result.data.missing).toEqual([{ column: 'w', count: 1, action: 'imputed with the median 2.5' }]);
    expect(result.stages.map((s) => s.stage)).toEqual(['load', 'preprocess', 'embed', 'reduce', 'cluster', 'project', 'explain', 'evaluate', 'visualize']);
    for (const s of result.stages) expect(s.ms).toBeGreaterThanOrEqual(0);
    expect(() => pipeline().cluster(clusterer).toConfig()).toThrow(/instance/);
  });

  it('keeps rows skipped for missing values in the output, marked and counted', async () => {
    const clusterer = new SignClusterer();
    const result = await pipeline()
      .preprocess({ numericColumns: ['v', 'w'], idColumn: 'id', missing: 'skip', scaling: 'none' })
      .cluster(clusterer)
      .run(rows);
    expect(clusterer.seen).toBe(4);
    expect(result.numRows).toBe(5);
    expect(Array.from(result.skipped)).toEqual([0, 0, 0, 1, 0]);
    expect(result.labels[3]).toBe(-1);
    expect(result.data.skipped).toEqual([{ row: 3, reason: 'missing w' }]);
    const csv = result.toCSV().trim().split('\n');
    expect(csv[0]).toBe('id,cluster,probability,outlier_score,x,y,skipped');
    expect(csv[4]).toBe('d,-1,,,,,true');
    expect(result.report().summary).toEqual({ rows: 5, clusters: 2, outliers: 0, skipped: 1 });
    expect(result.toMarkdown()).toContain('Skipped rows: 1 (1 × missing w).');
  });

  it('reports progress for every stage and stops when aborted', async () => {
    const stages = new Set<string>();
    await pipeline()
      .preprocess({ numericColumns: ['v'] })
      .cluster(new SignClusterer())
      .run(rows, { onProgress: (e) => stages.add(e.stage) });
    expect([...stages]).toEqual(['load', 'preprocess', 'embed', 'reduce', 'cluster', 'project', 'explain', 'evaluate', 'visualize']);
    const controller = new AbortController();
    controller.abort();
    await expect(pipeline().cluster(new SignClusterer()).run(rows, { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('names unknown columns and methods with the fix', async () => {
    await expect(pipeline().preprocess({ numericColumns: ['vv'] }).cluster(new SignClusterer()).run(rows)).rejects.toThrow(
      /Column "vv" is not in the data.*Available columns: id, v, w/,
    );
    await expect(pipeline().preprocess({ numericColumns: ['v'] }).cluster('no-such-method').run(rows)).rejects.toMatchObject({
      code: 'UNKNOWN_METHOD',
      field: 'clusterer',
    });
  });
});

describe('relabelBySize', () => {
  it('numbers clusters by size with ties broken by first appearance, leaving outliers', () => {
    const { labels, map } = relabelBySize(Int32Array.of(5, 2, 2, -1, 7, 5, 2, 7));
    expect(Array.from(labels)).toEqual([1, 0, 0, -1, 2, 1, 0, 2]);
    expect([...map.entries()]).toEqual([
      [2, 0],
      [5, 1],
      [7, 2],
    ]);
  });
});

describe('SeparationResult in notebooks', () => {
  it('gives its dashboard to display() and a Vega-Lite MIME bundle to the Jupyter hook', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ a: (i < 20 ? 0 : 10) + (i % 5) * 0.1, b: (i % 3) * 0.1 }));
    const result = await pipeline().preprocess({ numericColumns: ['a', 'b'] }).cluster('kmeans', { k: 2 }).run(rows);
    expect(result.toVegaLite()).toBe(result.specs.dashboard);
    const bundle = (result as unknown as Record<symbol, () => Record<string, unknown>>)[Symbol.for('Jupyter.display')]!();
    const spec = bundle['application/vnd.vegalite.v5+json'] as { $schema: string };
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    expect(bundle['text/plain']).toContain('# Separation report');
    const { toChart } = await import('../../src/index.js');
    expect(toChart(result).spec).toEqual(result.specs.dashboard);
  });
});
