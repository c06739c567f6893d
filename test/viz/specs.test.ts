import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/core/errors.js';
import { matrix } from '../../src/core/matrix.js';
import {
  centroidSimilarity,
  chartDatasets,
  clusterBoundaries,
  clusterScatter,
  clusterSizes,
  dashboard,
  featureEffects,
  featureHeatmap,
  keywordBars,
  networkGraph,
  scatter3dPairs,
  silhouettePlot,
  similarityHeatmap,
  themeConfig,
  EXTENDED_PALETTE,
} from '../../src/viz/index.js';
import { blobs } from './fixtures.js';
import { checkSpec, schemaErrors } from './helpers.js';

/** The spec with each dataset cut to its first 3 rows plus a count, for readable snapshots. */
function trimmed(spec: TopLevelSpec): string {
  const copy = JSON.parse(JSON.stringify(spec)) as { datasets?: Record<string, unknown[]> };
  if (copy.datasets) {
    for (const [name, rows] of Object.entries(copy.datasets)) {
      copy.datasets[name] = rows.length > 3 ? [...rows.slice(0, 3), { '…': `${rows.length - 3} more rows` }] : rows;
    }
  }
  return `${JSON.stringify(copy, null, 2)}\n`;
}

const base = blobs();
const builders: Record<string, () => TopLevelSpec> = {
  'cluster-scatter': () => clusterScatter(base),
  'cluster-scatter-sampled': () => clusterScatter(blobs(900, 2, 5, 40), { maxPoints: 120, maxOutliers: 10, seed: 7 }),
  'scatter-3d-pairs': () => scatter3dPairs(blobs(90, 3)),
  'cluster-sizes': () => clusterSizes(base),
  'keyword-bars': () => keywordBars(base, { topTerms: 4 }),
  'feature-heatmap': () => featureHeatmap(base),
  'silhouette-plot': () => silhouettePlot(base),
  'similarity-heatmap': () => similarityHeatmap(base),
  'similarity-heatmap-rows': () => similarityHeatmap(rowLevelInput(), { level: 'row' }),
  'cluster-boundaries': () => clusterBoundaries(base),
  'cluster-boundaries-hulls-only': () => clusterBoundaries(base, { points: false, minProbability: 0.6, theme: 'dark' }),
  'cluster-boundaries-density': () => clusterBoundaries(base, { regions: 'both', gridSize: 24 }),
  'cluster-regions-only': () => clusterBoundaries(base, { regions: 'density', points: false, gridSize: 16 }),
  'network-topics': () => networkGraph(base),
  'network-graph': () =>
    networkGraph(
      {
        nodes: [
          { id: 'ada', size: 5, group: 'math' },
          { id: 'alan', size: 8, group: 'math' },
          { id: 'grace', size: 3, group: 'systems' },
          { id: 'edsger', size: 4, group: 'systems' },
        ],
        edges: [
          { source: 'ada', target: 'alan', weight: 2 },
          { source: 'alan', target: 'grace' },
          { source: 'grace', target: 'edsger', weight: 3 },
        ],
      },
      { seed: 3 },
    ),
  dashboard: () => dashboard(base),
  'dashboard-3d-dark': () => dashboard(blobs(90, 3), { theme: 'dark', colorScheme: 'okabeIto' }),
};

function rowLevelInput() {
  const input = blobs(12, 2, 9, 0);
  const n = input.coords.rows;
  const sim = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const dx = input.coords.data[2 * a]! - input.coords.data[2 * b]!;
      const dy = input.coords.data[2 * a + 1]! - input.coords.data[2 * b + 1]!;
      sim[a * n + b] = Math.exp(-(dx * dx + dy * dy) / 10);
    }
  }
  return { ...input, similarity: matrix(sim, n, n) };
}

describe('every chart builder', () => {
  for (const [name, build] of Object.entries(builders)) {
    it(`${name}: validates against the vega-lite schema, compiles cleanly, renders to SVG, matches its snapshot`, async () => {
      const spec = build();
      const { svg, warnings } = await checkSpec(spec);
      expect(warnings).toEqual([]);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('role="graphics-symbol"'); // marks were drawn
      expect(JSON.stringify(build())).toBe(JSON.stringify(spec)); // byte-stable for the same input and seed
      await expect(trimmed(spec)).toMatchFileSnapshot(`../fixtures/viz/${name}.vl.json`);
    });
  }

  it('the schema check is real: it rejects broken specs', () => {
    expect(schemaErrors({ mark: 'pointy', data: { values: [] } })).not.toBe('');
    expect(schemaErrors({ ...clusterSizes(base), width: 'wide' })).not.toBe('');
    expect(schemaErrors(clusterSizes(base))).toBe('');
  });
});

describe('chart content', () => {
  it('scatter rows carry coordinates, cluster names, probabilities and snippets; tooltips name them', () => {
    const built = clusterScatter(base);
    const spec = built as unknown as Record<string, unknown>;
    const points = chartDatasets(built)!.points as Record<string, unknown>[];
    expect(points).toHaveLength(96);
    expect(points[0]).toMatchObject({ id: 0, cluster: 0, clusterName: '0: bank / loan' });
    expect(points[0]!.x).toBeCloseTo(base.coords.data[0]!, 5);
    expect(points[95]!.clusterName).toBe('Outliers');
    const tooltip = (spec.encoding as { tooltip: { field: string }[] }).tooltip.map((t) => t.field);
    expect(tooltip).toEqual(['id', 'clusterName', 'probability', 'outlierScore', 'terms', 'snippet']);
    const clusters = chartDatasets(built)!.clusters as { terms: string }[];
    expect(clusters[0]!.terms).toBe('bank, loan, interest, credit, market');
    // Outliers are grey, last in the legend domain.
    const color = (spec.encoding as { color: { scale: { domain: string[]; range: string[] } } }).color.scale;
    expect(color.domain.at(-1)).toBe('Outliers');
    expect(color.range.at(-1)).toBe('#b8b8b8');
    expect(spec.params).toEqual([
      { name: 'zoom_xy', select: 'interval', bind: 'scales' },
      { name: 'cluster_pick', select: { type: 'point', fields: ['clusterName'] }, bind: 'legend' },
    ]);
  });

  it('down-sampled charts say so in the subtitle', () => {
    const big = blobs(3000, 2, 11, 50);
    const spec = clusterScatter(big, { maxPoints: 500, maxOutliers: 20 }) as { title: { subtitle: string[] } };
    expect(spec.title.subtitle).toEqual(['showing 500 of 3,050 points, sampled per cluster, 20 of 50 outliers kept']);
    expect(chartDatasets(spec as unknown as TopLevelSpec)!.points).toHaveLength(500);
    const small = clusterScatter(base) as { title: unknown };
    expect(small.title).toBe('Clusters');
  });

  it('themes: dark config, custom config objects pass through, colour schemes apply', () => {
    const dark = clusterSizes(base, { theme: 'dark' }) as { config: { background: string } };
    expect(dark.config.background).toBe(themeConfig('dark').background);
    const custom = clusterSizes(base, { theme: { background: '#fafafa', font: 'Inter' } }) as { config: unknown };
    expect(custom.config).toEqual({ background: '#fafafa', font: 'Inter' });
    const okabe = clusterScatter(base, { colorScheme: 'okabeIto' }) as { encoding: { color: { scale: { range: string[] } } } };
    expect(okabe.encoding.color.scale.range.slice(0, 3)).toEqual(['#e69f00', '#56b4e9', '#009e73']);
    const own = clusterScatter(base, { colorScheme: ['#111111', '#222222'] }) as { encoding: { color: { scale: { range: string[] } } } };
    expect(own.encoding.color.scale.range).toEqual(['#111111', '#222222', '#111111', '#b8b8b8']);
  });

  it('more clusters than a named palette has colours switch to the 18-colour extended palette', () => {
    const n = 12 * 4;
    const many = { coords: matrix(Float64Array.from({ length: 2 * n }, (_, i) => i % 7), n, 2), labels: Int32Array.from({ length: n }, (_, i) => i % 12) };
    const range = (clusterScatter(many) as unknown as { encoding: { color: { scale: { range: string[] } } } }).encoding.color.scale.range;
    expect(new Set(range).size).toBe(12); // every cluster its own colour
    expect(range).toEqual([...EXTENDED_PALETTE.slice(0, 12)]);
  });

  it('many clusters: per-cluster charts keep the largest maxClusters and say so', () => {
    const k = 40;
    const n = 820;
    // cluster c has c + 1 rows (0..39), plus 0 outliers: the largest are 39, 38, ...
    const labels = new Int32Array(n);
    let row = 0;
    for (let c = 0; c < k; c++) for (let j = 0; j <= c; j++) labels[row++] = c;
    const coords = matrix(Float64Array.from({ length: 2 * n }, (_, i) => (i * 7) % 13), n, 2);
    const clusters = Array.from({ length: k }, (_, c) => ({ cluster: c, keywords: [{ term: `t${c}`, weight: 1 }] }));
    const sim = new Float64Array(k * k).map((_, i) => (i % (k + 1) === 0 ? 1 : 0.5));
    const input = { coords, labels, clusters, similarity: matrix(sim, k, k) };
    const opts = { maxClusters: 10 };
    const sizes = clusterSizes(input, opts);
    expect((chartDatasets(sizes)!.sizes as { cluster: number }[]).map((r) => r.cluster)).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect((sizes as { title: { subtitle: string[] } }).title.subtitle).toEqual(['largest 10 of 40 clusters']);
    expect(chartDatasets(keywordBars(input, opts))!.keywords).toHaveLength(10);
    expect(chartDatasets(similarityHeatmap(input, opts))!.similarity).toHaveLength(100);
    expect(chartDatasets(networkGraph(input, opts))!.nodes).toHaveLength(10);
    const legend = (clusterScatter(input, opts) as unknown as { encoding: { color: { legend: { values: string[] } } } }).encoding.color.legend;
    expect(legend.values).toHaveLength(10);
    expect(legend.values[0]).toBe('Cluster 30');
  });

  it('data by URL: specs refer to {dataset} URLs and keep the rows outside the JSON', () => {
    const spec = dashboard(base, { data: { url: 'data/{dataset}.json' } });
    const json = JSON.stringify(spec);
    expect(json).not.toContain('"datasets"');
    expect(json).toContain('"url":"data/points.json"');
    expect(json).toContain('"url":"data/keywords.json"');
    expect(Object.keys(chartDatasets(spec)!).sort()).toEqual(
      ['clusters', 'edges', 'features', 'hulls', 'keywords', 'nodes', 'points', 'silhouette', 'similarity', 'sizes'].sort(),
    );
    expect(schemaErrors(spec)).toBe('');
  });

  it('silhouette plot states the mean over all clustered rows', () => {
    const spec = silhouettePlot(base) as { title: { subtitle: string[] } };
    let sum = 0;
    let count = 0;
    for (let i = 0; i < base.labels.length; i++) {
      if (base.labels[i]! >= 0) {
        sum += base.silhouette![i]!;
        count++;
      }
    }
    expect(spec.title.subtitle[0]).toBe(`mean silhouette ${(sum / count).toFixed(2)}`);
  });

  it('dashboard links every chart through one selection and picks charts from the data', () => {
    const spec = dashboard(base);
    const json = JSON.stringify(spec);
    // keywords filter on the selection; the others highlight with it
    expect(json).toContain('"filter":{"param":"cluster_pick"}');
    expect(json.match(/"condition":\{"param":"cluster_pick"/g)!.length).toBeGreaterThanOrEqual(6);
    const names = [...json.matchAll(/"name":"(boundaries|sizes|keywords|silhouette|features|similarity|network|scatter)",/g)].map((m) => m[1]);
    expect(names).toEqual(['boundaries', 'sizes', 'keywords', 'silhouette', 'features', 'similarity', 'network']);
    const minimal = dashboard({ coords: base.coords, labels: base.labels });
    expect(JSON.stringify(minimal).match(/"name":"(boundaries|sizes)",/g)).toHaveLength(2);
  });
});

describe('numbers behind the charts', () => {
  it('featureEffects is Cohen d of a cluster against the rest (hand-checked)', () => {
    // Feature: cluster 0 = [1, 3], rest = [5, 7]; pooled SD = sqrt((2 + 2) / 2) = sqrt(2)
    const effects = featureEffects(matrix(Float64Array.from([1, 3, 5, 7]), 4, 1), Int32Array.from([0, 0, 1, 1]), ['f']);
    expect(effects.get(0)![0]!.effect).toBeCloseTo(-4 / Math.SQRT2, 12);
    expect(effects.get(1)![0]!.effect).toBeCloseTo(4 / Math.SQRT2, 12);
    expect(effects.get(0)![0]!.feature).toBe('f');
  });

  it('centroidSimilarity is the cosine of cluster centroids (hand-checked)', () => {
    // centroids: cluster 0 → (1, 0); cluster 1 → (1, 1); cosine = 1 / sqrt(2)
    const x = matrix(Float64Array.from([1, 0, 1, 0, 0, 1, 2, 1, 9, 9]), 5, 2);
    const sim = centroidSimilarity(x, Int32Array.from([0, 0, 1, 1, -1]));
    expect(sim.rows).toBe(2);
    expect(sim.data[0]).toBeCloseTo(1, 12);
    expect(sim.data[1]).toBeCloseTo(1 / Math.SQRT2, 12);
    expect(sim.data[2]).toBeCloseTo(1 / Math.SQRT2, 12);
  });

  it('topic network edges: similarity above the median, strongest first', () => {
    const spec = networkGraph(base);
    const edges = chartDatasets(spec)!.edges as { source: string; target: string; weight: number }[];
    // off-diagonal similarities 0.2, 0.6, 0.1 → median 0.2 → edges 0–1 (0.2) and 0–2 (0.6)
    expect(edges.map((e) => [e.source, e.target, e.weight])).toEqual([
      ['0: bank / loan', '1: goal / match', 0.2],
      ['0: bank / loan', '2: cell / protein', 0.6],
    ]);
    const strict = chartDatasets(networkGraph(base, { minSimilarity: 0.5 }))!.edges;
    expect(strict).toHaveLength(1);
  });
});

describe('bad input gets named errors', () => {
  it('names the field and the fix', () => {
    expect(() => clusterScatter({ ...base, labels: new Int32Array(3) })).toThrow(InputError);
    try {
      clusterScatter({ ...base, texts: ['only one'] });
    } catch (e) {
      expect((e as InputError).field).toBe('texts');
      expect((e as InputError).code).toBe('LENGTH_MISMATCH');
    }
    expect(() => clusterScatter(base, { width: -1 })).toThrow(ConfigError);
    expect(() => clusterScatter(base, { colour: 'red' } as never)).toThrow(/colour/);
    expect(() => scatter3dPairs(base)).toThrow(/3-D/);
    expect(() => silhouettePlot({ coords: base.coords, labels: base.labels })).toThrow(/silhouette/);
    expect(() => keywordBars({ coords: base.coords, labels: base.labels })).toThrow(/keywords/);
    expect(() => similarityHeatmap({ ...base, similarity: matrix(new Float64Array(4), 2, 2) })).toThrow(/similarity/);
    expect(() => networkGraph({ nodes: [{ id: 1 }], edges: [{ source: 1, target: 2 }] })).toThrow(/unknown node/);
  });
});
