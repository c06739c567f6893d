import { nodeModule } from '../core/node.js';
import { checkpoint } from '../core/progress.js';
import { compiledKernels, instantiateKernels } from '../linalg/wasm.js';
import type { KDTree } from './kdtree.js';
import { TREE_KERNELS_WASM_BASE64 } from './tree-kernels-wasm.js';

/**
 * The all-points k-nearest-neighbour search of a euclidean {@link KDTree} in WebAssembly SIMD
 * (tree-kernels.c): identical results to `KDTree.selfKnnReduced`, bit for bit, about three times
 * faster. The kernel owns a copy of the tree; `pos`/`dist` are views into its memory and stay valid
 * as long as the kernel object is referenced.
 * @internal
 */
export interface SelfKnnKernel {
  /** Neighbour tree positions, `k` per query position, nearest first. */
  readonly pos: Int32Array;
  /** Squared distances matching `pos`. */
  readonly dist: Float64Array;
  /** Fills the neighbours of tree positions `[from, to)` (clamped to the tree). */
  run(from: number, to: number): void;
}

/**
 * {@link SelfKnnKernel} plus the dual-tree search of HDBSCAN's Borůvka rounds (euclidean metric).
 * The arrays are views into the kernel's memory that the caller fills and reads between searches
 * (by tree position, node or component id, as in `boruvkaKdTree`).
 * @internal
 */
export interface BoruvkaKernel extends SelfKnnKernel {
  readonly core: Float64Array;
  readonly minCore: Float64Array;
  readonly comp: Int32Array;
  readonly nodeComp: Int32Array;
  readonly qBound: Float64Array;
  readonly best: Float64Array;
  readonly bestFrom: Int32Array;
  readonly bestTo: Int32Array;
  /** Starts a round's search at the root pair. */
  start(): void;
  /** Visits up to `budget` leaf pairs; true once the round's search is complete. */
  search(budget: number): boolean;
}

interface TreeExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  transpose_leaves(dim: number, nodes: number, data: number, left: number, start: number, end: number, tdata: number): void;
  interleave_boxes(dim: number, nodes: number, lo: number, hi: number, pairLo: number, pairHi: number): void;
  self_knn(...args: number[]): void;
  boruvka_setup(...args: number[]): void;
  boruvka_search(state: number, budget: number): number;
  boruvka_prepare(): void;
  brute_setup(...args: number[]): void;
  brute_core_block(ibn: number): void;
  prim_step(cur: number, m: number, out: number): number;
  radius_setup(...args: number[]): void;
  radius_query(q: number, r2: number, limit: number): number;
}

const STACK = 4096;

/**
 * Loads the kernel for `tree` and `k` neighbours per point, or returns null when the tree is not
 * euclidean, WebAssembly SIMD is unavailable or switched off (`useWasmKernels(false)`,
 * `HF_SEPARATE_NO_WASM=1`), or the copy would not fit in 4 GB. Callers then use
 * `tree.selfKnnReduced`.
 * @internal
 */
export function selfKnnKernel(tree: KDTree, k: number): SelfKnnKernel | null {
  return load(tree, k, null);
}

/**
 * {@link selfKnnKernel} with the Borůvka search for mutual-reachability weights
 * `max(core(a), core(b), d(a, b) / alpha)`; null in the same cases.
 * @internal
 */
export function boruvkaKernel(tree: KDTree, k: number, alpha: number): BoruvkaKernel | null {
  return load(tree, k, alpha) as BoruvkaKernel | null;
}

/** An instance of the module with the named arrays allocated (byte sizes), or null (no SIMD, no room). */
function allocate(sizes: Record<string, number>): {
  ex: TreeExports;
  at: Record<string, number>;
  f64: (name: string, length: number) => Float64Array;
  i32: (name: string, length: number) => Int32Array;
} | null {
  const total = Object.values(sizes).reduce((s, v) => s + v + 16, 1024);
  const instance = instantiateKernels(TREE_KERNELS_WASM_BASE64, total);
  if (!instance) return null;
  const ex = instance.exports as unknown as TreeExports;
  const at: Record<string, number> = {};
  for (const [name, size] of Object.entries(sizes)) {
    at[name] = ex.alloc(size) >>> 0;
    if (at[name] === 0) return null;
  }
  // Every allocation is done: the memory no longer grows, so views on it stay valid.
  const buffer = ex.memory.buffer;
  return {
    ex,
    at,
    f64: (name, length) => new Float64Array(buffer, at[name]!, length),
    i32: (name, length) => new Int32Array(buffer, at[name]!, length),
  };
}

/** Copies the tree's points, boxes and node ranges into the arrays of the same names, and the leaves coordinate-major into `tdata`. */
function copyTree(tree: KDTree, mem: NonNullable<ReturnType<typeof allocate>>): void {
  const { ex, at, f64, i32 } = mem;
  const dim = tree.dim;
  const nodes = tree.nodeCount;
  f64('data', tree.size * dim).set(tree.data);
  f64('lo', nodes * dim).set(tree.lo.subarray(0, nodes * dim));
  f64('hi', nodes * dim).set(tree.hi.subarray(0, nodes * dim));
  i32('left', nodes).set(tree.nodeLeft.subarray(0, nodes));
  i32('start', nodes).set(tree.nodeStart.subarray(0, nodes));
  i32('end', nodes).set(tree.nodeEnd.subarray(0, nodes));
  ex.transpose_leaves(dim, nodes, at.data!, at.left!, at.start!, at.end!, at.tdata!);
}

/** Bytes of the arrays {@link copyTree} fills. */
function treeSizes(n: number, dim: number, nodes: number): Record<string, number> {
  return { data: 8 * n * dim, tdata: 8 * n * dim, lo: 8 * nodes * dim, hi: 8 * nodes * dim, left: 4 * nodes, start: 4 * nodes, end: 4 * nodes };
}

/** Bytes of each array of the k-NN kernel, with room for the neighbours of `queries` positions. */
function knnSizes(n: number, dim: number, nodes: number, k: number, queries: number): Record<string, number> {
  return {
    ...treeSizes(n, dim, nodes),
    pairLo: 8 * nodes * dim,
    pairHi: 8 * nodes * dim,
    outPos: 4 * queries * k,
    outDist: 8 * queries * k,
    stack: 4 * STACK,
    stackDist: 8 * STACK,
  };
}

function load(tree: KDTree, k: number, alpha: number | null): SelfKnnKernel | BoruvkaKernel | null {
  if (tree.metric !== 'euclidean') return null;
  const n = tree.size;
  const dim = tree.dim;
  const nodes = tree.nodeCount;
  const sizes = knnSizes(n, dim, nodes, k, n);
  if (alpha !== null) {
    Object.assign(sizes, {
      centroid: 8 * nodes * dim,
      radius: 8 * nodes,
      minCore: 8 * nodes,
      core: 8 * n,
      parent: 4 * nodes,
      nodeComp: 4 * nodes,
      comp: 4 * n,
      qBound: 8 * nodes,
      best: 8 * n,
      bestFrom: 4 * n,
      bestTo: 4 * n,
      pairA: 4 * STACK,
      pairB: 4 * STACK,
      pairLb: 8 * STACK,
      state: 16,
      activeComp: 4 * nodes,
      comp1: 4 * nodes,
      minCore2: 8 * nodes,
    });
  }
  const mem = allocate(sizes);
  if (!mem) return null;
  const { ex, at, f64, i32 } = mem;
  copyTree(tree, mem);
  ex.interleave_boxes(dim, nodes, at.lo!, at.hi!, at.pairLo!, at.pairHi!);
  const knn: SelfKnnKernel = {
    pos: i32('outPos', n * k),
    dist: f64('outDist', n * k),
    run(from: number, to: number): void {
      from = Math.max(0, from);
      to = Math.min(n, to);
      if (from < to) {
        const outPos = at.outPos! + 4 * k * from;
        const outDist = at.outDist! + 8 * k * from;
        ex.self_knn(dim, k, at.data!, at.tdata!, at.lo!, at.hi!, at.pairLo!, at.pairHi!, at.left!, at.start!, at.end!, outPos, outDist, from, to, at.stack!, at.stackDist!);
      }
    },
  };
  if (alpha === null) return knn;
  f64('centroid', nodes * dim).set(tree.centroid.subarray(0, nodes * dim));
  f64('radius', nodes).set(tree.nodeRadius.subarray(0, nodes));
  const parent = i32('parent', nodes).fill(-1);
  for (let node = 0; node < nodes; node++) {
    const left = tree.nodeLeft[node]!;
    if (left >= 0) {
      parent[left] = node;
      parent[tree.nodeRight[node]!] = node;
    }
  }
  ex.boruvka_setup(
    dim,
    alpha,
    at.data!,
    at.tdata!,
    at.lo!,
    at.hi!,
    at.centroid!,
    at.radius!,
    at.minCore!,
    at.core!,
    at.left!,
    at.start!,
    at.end!,
    at.parent!,
    at.nodeComp!,
    at.comp!,
    at.qBound!,
    at.best!,
    at.bestFrom!,
    at.bestTo!,
    at.pairA!,
    at.pairB!,
    at.pairLb!,
    nodes,
    at.activeComp!,
    at.comp1!,
    at.minCore2!,
  );
  const state = i32('state', 1);
  const pairA = i32('pairA', 1);
  const pairB = i32('pairB', 1);
  const pairLb = f64('pairLb', 1);
  return {
    ...knn,
    core: f64('core', n),
    minCore: f64('minCore', nodes),
    comp: i32('comp', n),
    nodeComp: i32('nodeComp', nodes),
    qBound: f64('qBound', nodes),
    best: f64('best', n),
    bestFrom: i32('bestFrom', n),
    bestTo: i32('bestTo', n),
    start(): void {
      ex.boruvka_prepare();
      pairA[0] = 0;
      pairB[0] = 0;
      pairLb[0] = -1;
      state[0] = 1;
    },
    search(budget: number): boolean {
      ex.boruvka_search(at.state!, budget);
      return state[0] === 0;
    },
  };
}

/** Queries per chunk handed to a thread. */
const CHUNK = 2048;

// A worker thread's side of parallelSelfKnn: its own instance of the kernel module and copy of the
// tree; it answers each { from, to } with the neighbours of those positions. (Node worker_threads,
// evaluated as a CommonJS script.)
// Start of every worker script: an instance of the posted module, its arrays allocated (w.sizes),
// and copy(name, Type) to fill one from workerData.
const WORKER_PRELUDE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const ex = new WebAssembly.Instance(w.module, {}).exports;
const at = {};
for (const [name, bytes] of Object.entries(w.sizes)) {
  at[name] = ex.alloc(bytes) >>> 0;
  if (at[name] === 0) throw new Error('out of WebAssembly memory');
}
const m = ex.memory.buffer;
const copy = (name, Type) => new Type(m, at[name], w[name].length).set(w[name]);
`;

const WORKER_SOURCE = `${WORKER_PRELUDE}
copy('data', Float64Array);
copy('lo', Float64Array);
copy('hi', Float64Array);
copy('left', Int32Array);
copy('start', Int32Array);
copy('end', Int32Array);
ex.transpose_leaves(w.dim, w.nodes, at.data, at.left, at.start, at.end, at.tdata);
ex.interleave_boxes(w.dim, w.nodes, at.lo, at.hi, at.pairLo, at.pairHi);
parentPort.on('message', ({ from, to }) => {
  ex.self_knn(w.dim, w.k, at.data, at.tdata, at.lo, at.hi, at.pairLo, at.pairHi, at.left, at.start, at.end, at.outPos, at.outDist, from, to, at.stack, at.stackDist);
  const pos = new Int32Array(m, at.outPos, (to - from) * w.k).slice();
  const dist = new Float64Array(m, at.outDist, (to - from) * w.k).slice();
  parentPort.postMessage({ from, to, pos, dist }, [pos.buffer, dist.buffer]);
});
`;

/** Options of {@link parallelSelfKnn} and {@link parallelBruteCore}. @internal */
export interface ParallelKnnOptions {
  /** Threads in all, this one included (≥ 2 to start workers). */
  threads: number;
  signal?: AbortSignal | undefined;
  /** Called with the number of positions (rows) done after each chunk. */
  onProgress?: ((done: number) => void) | undefined;
}

/**
 * Fills `kernel` with the neighbours of every tree position, sharing the chunks between this thread
 * and `threads - 1` Node worker threads (each with its own copy of the tree). Every query is
 * computed by the same kernel code, so the result is identical to `kernel.run(0, n)`. Returns false,
 * having done nothing, when worker threads are unavailable (browsers); a worker that fails hands its
 * chunks back to this thread.
 * @internal
 */
export async function parallelSelfKnn(kernel: SelfKnnKernel, tree: KDTree, k: number, options: ParallelKnnOptions): Promise<boolean> {
  const module = compiledKernels(TREE_KERNELS_WASM_BASE64);
  if (!module || tree.metric !== 'euclidean') return false;
  const n = tree.size;
  const dim = tree.dim;
  const nodes = tree.nodeCount;
  return shareChunks<{ from: number; to: number; pos: Int32Array; dist: Float64Array }>({
    total: n,
    chunk: CHUNK,
    workerSource: WORKER_SOURCE,
    workerData: {
      module,
      k,
      dim,
      nodes,
      data: tree.data,
      lo: tree.lo.subarray(0, nodes * dim),
      hi: tree.hi.subarray(0, nodes * dim),
      left: tree.nodeLeft.subarray(0, nodes),
      start: tree.nodeStart.subarray(0, nodes),
      end: tree.nodeEnd.subarray(0, nodes),
      sizes: knnSizes(n, dim, nodes, k, CHUNK),
    },
    runHere: (from, to) => kernel.run(from, to),
    accept: (msg) => {
      kernel.pos.set(msg.pos, msg.from * k);
      kernel.dist.set(msg.dist, msg.from * k);
    },
    done: (from, to) => to - from,
    ...options,
  });
}

/** How {@link shareChunks} splits `[0, total)` and where each piece is computed. */
interface ShareOptions<M extends { from: number; to: number }> extends ParallelKnnOptions {
  total: number;
  chunk: number;
  /** Worker script (CommonJS, evaluated) answering each { from, to } with a message `M`. */
  workerSource: string;
  workerData: unknown;
  /** Computes a chunk on this thread. */
  runHere: (from: number, to: number) => void;
  /** Takes in a worker's result. */
  accept: (msg: M) => void;
  /** Progress units (rows) a chunk stands for. */
  done: (from: number, to: number) => number;
}

/**
 * Shares the chunks of `[0, total)` between this thread and `threads - 1` Node worker threads; false
 * (nothing done) when worker threads are unavailable. Each worker keeps two chunks in flight so it
 * never waits for this thread; a worker that fails hands its chunks back to this thread.
 */
async function shareChunks<M extends { from: number; to: number }>(o: ShareOptions<M>): Promise<boolean> {
  if (o.threads < 2) return false;
  let Worker: typeof import('node:worker_threads').Worker;
  try {
    ({ Worker } = await nodeModule('workerThreads'));
  } catch {
    return false;
  }
  let next = 0;
  let done = 0;
  let finishedChunks = 0;
  const chunks = Math.ceil(o.total / o.chunk);
  const returned: Array<[number, number]> = [];
  const take = (): [number, number] | null => {
    const back = returned.pop();
    if (back) return back;
    if (next >= o.total) return null;
    const from = next;
    next = Math.min(o.total, next + o.chunk);
    return [from, next];
  };
  const finished = (from: number, to: number): void => {
    finishedChunks++;
    done += o.done(from, to);
    o.onProgress?.(done);
  };
  const inflight = new Map<InstanceType<typeof Worker>, Map<number, number>>();
  const feed = (worker: InstanceType<typeof Worker>): void => {
    const mine = inflight.get(worker);
    while (mine && mine.size < 2) {
      const chunk = take();
      if (!chunk) break;
      mine.set(chunk[0], chunk[1]);
      worker.postMessage({ from: chunk[0], to: chunk[1] });
    }
  };
  const fail = (worker: InstanceType<typeof Worker>): void => {
    const mine = inflight.get(worker);
    if (!mine) return;
    for (const [from, to] of mine) returned.push([from, to]);
    inflight.delete(worker);
  };
  const workers: Array<InstanceType<typeof Worker>> = [];
  try {
    for (let t = 1; t < o.threads; t++) {
      let worker: InstanceType<typeof Worker>;
      try {
        worker = new Worker(o.workerSource, { eval: true, workerData: o.workerData });
      } catch {
        break; // a runtime without evaluated workers: this thread does the rest
      }
      workers.push(worker);
      inflight.set(worker, new Map());
      worker.on('message', (msg: M) => {
        const mine = inflight.get(worker);
        if (!mine?.has(msg.from)) return;
        mine.delete(msg.from);
        o.accept(msg);
        finished(msg.from, msg.to);
        feed(worker);
      });
      worker.on('error', () => fail(worker));
      worker.on('exit', () => fail(worker));
      feed(worker);
    }
    for (;;) {
      const chunk = take();
      if (chunk) {
        o.runHere(chunk[0], chunk[1]);
        finished(chunk[0], chunk[1]);
      } else if (finishedChunks >= chunks) {
        break;
      }
      // Lets the workers' results in (and stops here when the run is aborted).
      await checkpoint(o.signal, 'cluster');
    }
  } finally {
    inflight.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return true;
}

/**
 * Threads the machine offers (Node's `os.availableParallelism()`), or 1 where that is unknown
 * (browsers).
 * @internal
 */
export async function availableThreads(): Promise<number> {
  try {
    const os = await nodeModule('os');
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  } catch {
    return 1;
  }
}

/**
 * The brute-force core distances and Prim steps of HDBSCAN above 16 dimensions
 * (`bruteCoreDistances`, `primBrute` in hdbscan-mst.ts) in WebAssembly SIMD, euclidean base
 * distance, with the same operations in the same order. Arrays are views into the kernel's memory,
 * indexed by pivot-layout position.
 * @internal
 */
export interface BruteKernel {
  /** Max-heaps of the `k` smallest base distances per row (fill with Infinity before use). */
  readonly heap: Float64Array;
  /** Per block of rows and pivot: smallest and largest pivot distance. */
  readonly blockMin: Float64Array;
  readonly blockMax: Float64Array;
  readonly core: Float64Array;
  readonly perm: Int32Array;
  readonly remaining: Int32Array;
  readonly dist: Float64Array;
  readonly src: Int32Array;
  /** Heaps of the rows of block `ibn` from every block. */
  coreBlock(ibn: number): void;
  /** One Prim step from `cur` over `m` remaining vertices: index in `remaining` of the nearest, and its vertex. */
  primStep(cur: number, m: number): { index: number; vertex: number };
}

/** Layout that {@link bruteKernel} copies in. @internal */
export interface PivotRows {
  data: Float64Array;
  table: Float64Array;
  perm: Int32Array;
  pivots: number;
}

/** Bytes of each array of the brute-force kernel. */
function bruteSizes(n: number, dim: number, P: number, k: number, nBlocks: number): Record<string, number> {
  return {
    data: 8 * n * dim,
    table: 8 * n * P,
    blockMin: 8 * nBlocks * P,
    blockMax: 8 * nBlocks * P,
    heap: 8 * n * Math.max(1, k),
    core: 8 * n,
    perm: 4 * n,
    remaining: 4 * n,
    dist: 8 * n,
    src: 4 * n,
    out: 16,
  };
}

// A worker thread's side of parallelBruteCore: its own instance of the module with the rows, pivot
// table and block ranges; it answers each { from, to } (block indices) with the heaps of those rows.
const BRUTE_WORKER_SOURCE = `${WORKER_PRELUDE}
copy('data', Float64Array);
copy('table', Float64Array);
copy('blockMin', Float64Array);
copy('blockMax', Float64Array);
const heap = new Float64Array(m, at.heap, w.n * w.k).fill(Infinity);
ex.brute_setup(w.n, w.dim, w.pivots, w.k, w.block, w.metric, w.alpha, at.data, at.table, at.blockMin, at.blockMax, at.heap, at.core, at.perm, at.remaining, at.dist, at.src);
parentPort.on('message', ({ from, to }) => {
  for (let b = from; b < to; b++) ex.brute_core_block(b);
  const rows = heap.slice(from * w.block * w.k, Math.min(w.n, to * w.block) * w.k);
  parentPort.postMessage({ from, to, heap: rows }, [rows.buffer]);
});
`;

/**
 * Fills the brute-force kernel's heaps for every row (`coreBlock` for every block), sharing blocks
 * between this thread and `threads - 1` Node worker threads (each with its own copy of the rows).
 * Each block's heaps are computed by the same code from the same start, so the result is identical
 * to the serial loop. False, having done nothing, when worker threads are unavailable.
 * @internal
 */
export async function parallelBruteCore(kernel: BruteKernel, layout: PivotRows, dim: number, k: number, block: number, metric: 'euclidean' | 'cosine', alpha: number, options: ParallelKnnOptions): Promise<boolean> {
  const module = compiledKernels(TREE_KERNELS_WASM_BASE64);
  if (!module) return false;
  const n = layout.perm.length;
  const P = layout.pivots;
  const nBlocks = Math.ceil(n / block);
  return shareChunks<{ from: number; to: number; heap: Float64Array }>({
    total: nBlocks,
    chunk: 2,
    workerSource: BRUTE_WORKER_SOURCE,
    workerData: {
      module,
      n,
      dim,
      pivots: P,
      k,
      block,
      metric: metric === 'cosine' ? 1 : 0,
      alpha,
      data: layout.data,
      table: layout.table,
      blockMin: kernel.blockMin.slice(),
      blockMax: kernel.blockMax.slice(),
      sizes: bruteSizes(n, dim, P, k, nBlocks),
    },
    runHere: (from, to) => {
      for (let b = from; b < to; b++) kernel.coreBlock(b);
    },
    accept: (msg) => kernel.heap.set(msg.heap, msg.from * block * k),
    done: (from, to) => Math.min(n, to * block) - from * block,
    ...options,
  });
}

/**
 * Loads {@link BruteKernel} for rows of `dim` columns, `k` neighbours, blocks of `block` rows and the
 * metric (`euclidean` or `cosine`), or null when WebAssembly SIMD is unavailable or switched off.
 * @internal
 */
export function bruteKernel(layout: PivotRows, dim: number, k: number, block: number, metric: 'euclidean' | 'cosine', alpha: number): BruteKernel | null {
  const n = layout.perm.length;
  const P = layout.pivots;
  const nBlocks = Math.ceil(n / block);
  const mem = allocate(bruteSizes(n, dim, P, k, nBlocks));
  if (!mem) return null;
  const { ex, at, f64, i32 } = mem;
  f64('data', n * dim).set(layout.data);
  f64('table', n * P).set(layout.table);
  const perm = i32('perm', n);
  perm.set(layout.perm);
  ex.brute_setup(n, dim, P, k, block, metric === 'cosine' ? 1 : 0, alpha, at.data!, at.table!, at.blockMin!, at.blockMax!, at.heap!, at.core!, at.perm!, at.remaining!, at.dist!, at.src!);
  const out = i32('out', 1);
  return {
    heap: f64('heap', n * k),
    blockMin: f64('blockMin', nBlocks * P),
    blockMax: f64('blockMax', nBlocks * P),
    core: f64('core', n),
    perm,
    remaining: i32('remaining', n),
    dist: f64('dist', n),
    src: i32('src', n),
    coreBlock(ibn: number): void {
      ex.brute_core_block(ibn);
    },
    primStep(cur: number, m: number): { index: number; vertex: number } {
      const index = ex.prim_step(cur, m, at.out!);
      return { index, vertex: out[0]! };
    },
  };
}

/**
 * Fixed-radius search of a euclidean {@link KDTree} in WebAssembly SIMD (`KDTree.radiusReduced`
 * with the same traversal order, bounds and sums: the same neighbours in the same order).
 * @internal
 */
export interface RadiusKernel {
  /** Tree positions found by the last {@link RadiusKernel.query}, in search order. */
  readonly pos: Int32Array;
  /** Their squared distances. */
  readonly dist: Float64Array;
  /** Searches around tree position `q` within squared distance `r2` (inclusive), stopping at `limit`; returns the count. */
  query(q: number, r2: number, limit: number): number;
}

/**
 * Loads {@link RadiusKernel} for `tree`, or null when the tree is not euclidean or WebAssembly SIMD
 * is unavailable or switched off.
 * @internal
 */
export function radiusKernel(tree: KDTree): RadiusKernel | null {
  if (tree.metric !== 'euclidean') return null;
  const n = tree.size;
  const dim = tree.dim;
  const nodes = tree.nodeCount;
  const mem = allocate({
    ...treeSizes(n, dim, nodes),
    centroid: 8 * nodes * dim,
    radius: 8 * nodes,
    stack: 4 * STACK,
    outPos: 4 * n,
    outDist: 8 * n,
  });
  if (!mem) return null;
  const { ex, at, f64, i32 } = mem;
  copyTree(tree, mem);
  f64('centroid', nodes * dim).set(tree.centroid.subarray(0, nodes * dim));
  f64('radius', nodes).set(tree.nodeRadius.subarray(0, nodes));
  ex.radius_setup(dim, at.data!, at.tdata!, at.lo!, at.hi!, at.centroid!, at.radius!, at.left!, at.start!, at.end!, at.stack!, at.outPos!, at.outDist!);
  return {
    pos: i32('outPos', n),
    dist: f64('outDist', n),
    query: (q, r2, limit) => ex.radius_query(q, r2, Math.min(limit, 0x7fffffff)),
  };
}
