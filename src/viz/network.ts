import type { TopLevelSpec } from 'vega-lite';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { isMatrix, type Matrix } from '../core/matrix.js';
import { ChartOptionsSchema, parseOptions, paletteOf, type ResolvedChartOptions } from './options.js';
import { CLUSTER_PARAM, DataSink, contextFrom, finish, round6, type Row, type ViewSpec, type VizContext } from './context.js';
import { forceLayout } from './layout.js';
import type { GraphInput, VizInput } from './types.js';

/**
 * Options of {@link networkGraph}.
 * @example NetworkOptionsSchema.parse({ minSimilarity: 0.3 })
 */
export const NetworkOptionsSchema = ChartOptionsSchema.extend({
  /** Edges weaker than this are dropped; `'auto'` keeps similarities above the median off-diagonal value. */
  minSimilarity: z.union([z.number(), z.literal('auto')]).default('auto'),
  /** Each node keeps at most this many of its strongest edges (the union over both ends is drawn). */
  maxEdgesPerNode: z.number().int().positive().default(4),
  /** Iterations of the force layout. */
  iterations: z.number().int().positive().default(300),
  /** Draw node labels. */
  labels: z.boolean().default(true),
});
/**
 * Options of {@link networkGraph}.
 * @example const o: NetworkOptions = { minSimilarity: 'auto', maxEdgesPerNode: 3 };
 */
export type NetworkOptions = z.input<typeof NetworkOptionsSchema>;

/** A graph ready for layout. @internal */
export interface Graph {
  names: string[];
  sizes: number[];
  groups: string[];
  edges: { source: number; target: number; weight: number }[];
}

function isGraph(x: VizInput | GraphInput): x is GraphInput {
  return Array.isArray((x as GraphInput).nodes) && Array.isArray((x as GraphInput).edges);
}

/** Keyword-profile cosine similarity between clusters, the fallback when no similarity is given. */
function keywordSimilarity(ctx: VizContext): Matrix<Float64Array> | undefined {
  const described = new Map((ctx.input.clusters ?? []).map((c) => [c.cluster, c]));
  const vectors = ctx.clusters.map((c) => new Map((described.get(c.cluster)?.keywords ?? []).map((k) => [k.term, k.weight])));
  if (vectors.every((v) => v.size === 0)) return undefined;
  const k = vectors.length;
  const sim = new Float64Array(k * k);
  const norm = vectors.map((v) => Math.sqrt([...v.values()].reduce((a, w) => a + w * w, 0)));
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (const [term, w] of vectors[a]!) s += w * (vectors[b]!.get(term) ?? 0);
      const den = norm[a]! * norm[b]!;
      sim[a * k + b] = den > 0 ? s / den : 0;
    }
  }
  return { data: sim, rows: k, cols: k };
}

/** Edges from a k × k similarity: above the threshold, each node's strongest few. */
function edgesFrom(sim: Matrix, minSimilarity: number | 'auto', maxPerNode: number): Graph['edges'] {
  const k = sim.rows;
  const off: number[] = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) off.push(sim.data[a * k + b]!);
  off.sort((x, y) => x - y);
  const threshold = minSimilarity === 'auto' ? (off.length > 0 ? off[Math.floor((off.length - 1) / 2)]! : 0) : minSimilarity;
  const keep = new Set<string>();
  for (let a = 0; a < k; a++) {
    const candidates: [number, number][] = [];
    for (let b = 0; b < k; b++) {
      const v = Math.max(sim.data[a * k + b]!, sim.data[b * k + a]!);
      if (b !== a && v >= threshold && v > 0) candidates.push([b, v]);
    }
    candidates.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    for (const [b] of candidates.slice(0, maxPerNode)) keep.add(a < b ? `${a},${b}` : `${b},${a}`);
  }
  return [...keep]
    .map((key) => key.split(',').map(Number) as [number, number])
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
    .map(([a, b]) => ({ source: a, target: b, weight: Math.max(sim.data[a * k + b]!, sim.data[b * k + a]!) }));
}

/** The topic-relation graph of the clusters. @internal */
export function networkGraphData(ctx: VizContext, o: { minSimilarity: number | 'auto'; maxEdgesPerNode: number }): Graph {
  const k = ctx.clusters.length;
  let sim = ctx.input.similarity && isMatrix(ctx.input.similarity) && ctx.input.similarity.rows === k ? ctx.input.similarity : undefined;
  sim ??= keywordSimilarity(ctx);
  if (!sim) {
    throw new InputError('networkGraph: no cluster similarity to draw edges from.', {
      code: 'MISSING_SIMILARITY',
      field: 'similarity',
      fix: 'Pass a k × k similarity (e.g. centroidSimilarity(embeddings, labels)) or clusters with keywords.',
    });
  }
  // Keep the largest maxClusters: the similarity rows and columns of those clusters only.
  const shown = new Set(ctx.shown.map((c) => c.cluster));
  const keep = ctx.clusters.map((c, a) => [c, a] as const).filter(([c]) => shown.has(c.cluster));
  const m = keep.length;
  const sub = new Float64Array(m * m);
  keep.forEach(([, a], i) => keep.forEach(([, b], j) => (sub[i * m + j] = sim!.data[a * k + b]!)));
  return {
    names: keep.map(([c]) => c.name),
    sizes: keep.map(([c]) => c.size),
    groups: keep.map(([c]) => c.name),
    edges: edgesFrom({ data: sub, rows: m, cols: m }, o.minSimilarity, o.maxEdgesPerNode),
  };
}

function graphFromInput(g: GraphInput): Graph {
  const index = new Map<string | number, number>();
  g.nodes.forEach((node, i) => {
    if (index.has(node.id)) {
      throw new InputError(`networkGraph: node id ${String(node.id)} appears twice.`, {
        code: 'DUPLICATE_NODE',
        field: `nodes[${i}].id`,
        fix: 'Give every node a unique id.',
      });
    }
    index.set(node.id, i);
  });
  const edges = g.edges.map((e, j) => {
    const source = index.get(e.source);
    const target = index.get(e.target);
    if (source === undefined || target === undefined) {
      throw new InputError(`networkGraph: edge ${j} refers to an unknown node.`, {
        code: 'UNKNOWN_NODE',
        field: `edges[${j}]`,
        fix: 'Use ids that appear in nodes.',
      });
    }
    return { source, target, weight: e.weight ?? 1 };
  });
  return {
    names: g.nodes.map((node) => node.label ?? String(node.id)),
    sizes: g.nodes.map((node) => node.size ?? 1),
    groups: g.nodes.map((node) => node.group ?? 'nodes'),
    edges,
  };
}

/** The network view. @internal */
export function networkView(
  sink: DataSink,
  graph: Graph,
  o: { seed: number; iterations: number; labels: boolean; width: number; height: number; dark: boolean },
  color: ViewSpec,
): ViewSpec {
  const maxWeight = Math.max(1e-12, ...graph.edges.map((e) => e.weight));
  // Attraction grows with similarity (normalised so the strongest edge pulls with weight 1).
  const xy = forceLayout(
    graph.names.length,
    graph.edges.map((e) => ({ ...e, weight: e.weight / maxWeight })),
    { seed: o.seed, iterations: o.iterations },
  );
  const nodes: Row[] = graph.names.map((name, i) => ({
    clusterName: graph.groups[i]!,
    label: name,
    size: graph.sizes[i]!,
    x: round6(xy[2 * i]!),
    y: round6(xy[2 * i + 1]!),
  }));
  const edges: Row[] = graph.edges.map((e) => ({
    source: graph.names[e.source]!,
    target: graph.names[e.target]!,
    weight: round6(e.weight),
    x: round6(xy[2 * e.source]!),
    y: round6(xy[2 * e.source + 1]!),
    x2: round6(xy[2 * e.target]!),
    y2: round6(xy[2 * e.target + 1]!),
  }));
  const scale = { domain: [-0.08, 1.08], nice: false };
  const x = { field: 'x', type: 'quantitative', axis: null, scale };
  const y = { field: 'y', type: 'quantitative', axis: null, scale };
  const layer: ViewSpec[] = [
    {
      data: sink.ref('edges', edges),
      mark: { type: 'rule', color: o.dark ? '#8a919e' : '#9a9a9a', strokeCap: 'round' },
      encoding: {
        x,
        y,
        x2: { field: 'x2' },
        y2: { field: 'y2' },
        strokeWidth: { field: 'weight', type: 'quantitative', scale: { range: [0.5, 5] }, legend: null },
        opacity: { value: 0.6 },
        tooltip: [
          { field: 'source', title: 'From' },
          { field: 'target', title: 'To' },
          { field: 'weight', title: 'Weight', format: '.3f' },
        ],
      },
    },
    {
      data: sink.ref('nodes', nodes),
      params: [{ name: CLUSTER_PARAM, select: { type: 'point', fields: ['clusterName'] } }],
      mark: { type: 'circle', stroke: o.dark ? '#1e2129' : 'white', strokeWidth: 1, cursor: 'pointer' },
      encoding: {
        x,
        y,
        size: { field: 'size', type: 'quantitative', title: 'Size', scale: { range: [60, 1600] }, legend: null },
        color,
        opacity: { condition: { param: CLUSTER_PARAM, value: 0.95 }, value: 0.2 },
        tooltip: [
          { field: 'label', title: 'Node' },
          { field: 'size', title: 'Size', format: ',' },
        ],
      },
    },
  ];
  if (o.labels) {
    layer.push({
      data: sink.ref('nodes', nodes),
      mark: { type: 'text', dy: -14, fontSize: 11, color: o.dark ? '#eceff4' : '#222222' },
      encoding: { x, y, text: { field: 'label', type: 'nominal' } },
    });
  }
  return { width: o.width, height: o.height, layer };
}

/**
 * A network chart with a layout we compute (seeded Fruchterman–Reingold, {@link forceLayout}).
 * Given a {@link VizInput}, it draws the topic-relation network: one node per cluster sized by its
 * row count, edges where cluster similarity is above `minSimilarity` (from `similarity`, or from
 * the overlap of the clusters' keywords). Given a {@link GraphInput} it draws that graph
 * (co-authorship, knowledge graphs). Edge width shows the weight; click nodes to select.
 *
 * @example
 * const spec = networkGraph({ coords, labels, clusters, similarity }, { minSimilarity: 0.3 });
 * const collab = networkGraph({ nodes: [{ id: 'ada' }, { id: 'alan' }], edges: [{ source: 'ada', target: 'alan' }] });
 */
export function networkGraph(input: VizInput | GraphInput, options: NetworkOptions = {}): TopLevelSpec {
  const { minSimilarity, maxEdgesPerNode, iterations, labels, ...rest } = parseOptions(NetworkOptionsSchema, options, 'networkGraph');
  if (isGraph(input)) {
    const graph = graphFromInput(input);
    return graphSpec(graph, rest, iterations, labels);
  }
  const ctx = contextFrom(input, rest, 'networkGraph');
  const graph = networkGraphData(ctx, { minSimilarity, maxEdgesPerNode });
  const view = networkView(ctx.sink, graph, { ...layoutOpts(rest, iterations, labels), dark: ctx.dark }, {
    field: 'clusterName',
    type: 'nominal',
    title: 'Cluster',
    scale: { domain: ctx.clusters.map((c) => c.name), range: ctx.clusters.map((c) => c.color) },
  });
  return finish(ctx, view, 'Topic relations', [`${graph.edges.length} links between ${graph.names.length} clusters`, ctx.shownNote]);
}

function layoutOpts(o: ResolvedChartOptions, iterations: number, labels: boolean) {
  return { seed: o.seed, iterations, labels, width: o.width, height: o.height };
}

function graphSpec(graph: Graph, opts: ResolvedChartOptions, iterations: number, labels: boolean): TopLevelSpec {
  // A generic graph has no VizInput: build a minimal context for the shared finishing step.
  const ctx = contextFrom(
    { coords: { data: new Float64Array(0), rows: 0, cols: 2 }, labels: new Int32Array(0) },
    opts,
    'networkGraph',
  );
  const groups = [...new Set(graph.groups)];
  const palette = paletteOf(opts.colorScheme, groups.length);
  const view = networkView(ctx.sink, graph, { ...layoutOpts(opts, iterations, labels), dark: ctx.dark }, {
    field: 'clusterName',
    type: 'nominal',
    title: 'Group',
    scale: { domain: groups, range: groups.map((_, i) => palette[i % palette.length]!) },
    ...(groups.length === 1 ? { legend: null } : {}),
  });
  return finish(ctx, view, 'Network', [`${graph.edges.length} links between ${graph.names.length} nodes`]);
}
