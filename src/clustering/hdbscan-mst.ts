import { checkpoint, throttledProgress, type RunOptions } from '../core/progress.js';
import { KDTree } from '../neighbors/kdtree.js';
import { availableThreads, boruvkaKernel, bruteKernel, parallelBruteCore, parallelSelfKnn, selfKnnKernel, type BoruvkaKernel, type BruteKernel } from '../neighbors/tree-kernels.js';
import { createRng } from '../core/random.js';
import type { MetricSpace } from './distance.js';

/**
 * Core distances and the minimum spanning tree of the mutual-reachability graph, without ever
 * holding an n × n matrix: a KD-tree Borůvka in low dimensions, Prim's algorithm with on-the-fly
 * distances (O(n) memory) in high dimensions.
 * @internal
 */

/** Above this many (transformed) dimensions the KD-tree stops paying off. */
export const KD_TREE_MAX_DIM = 16;
/** Rows per block of the brute-force core-distance scan. */
const BRUTE_BLOCK = 64;
/** Rows from which the core distances are shared with worker threads (below, starting them costs more than it saves). */
const PARALLEL_MIN_ROWS = 16384;
/** The same for the brute-force core distances (quadratic work: worth it from fewer rows). */
const BRUTE_PARALLEL_MIN_ROWS = 4096;

/** A spanning tree as parallel edge arrays (original row indices, metric-space weights). */
export interface SpanningTree {
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
}

/** What {@link mutualReachabilityTree} computes. */
export interface MutualReachability {
  /** Distance to the `minSamples`-th nearest other point, in the metric, per original row. */
  coreDistances: Float64Array;
  mst: SpanningTree;
  /** The KD-tree when one was used (reused for prediction). */
  tree: KDTree | null;
}

class UnionFind {
  readonly parent: Int32Array;
  readonly rank: Uint8Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.rank = new Uint8Array(n);
  }
  find(x: number): number {
    const p = this.parent;
    let r = x;
    while (p[r]! !== r) r = p[r]!;
    while (p[x]! !== r) {
      const next = p[x]!;
      p[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.rank[ra]! < this.rank[rb]!) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.parent[rb] = ra;
    if (this.rank[ra] === this.rank[rb]) this.rank[ra]!++;
    return true;
  }
}

/**
 * Core distances (k-th nearest neighbour, the point itself excluded) and the minimum spanning tree
 * of the mutual-reachability graph `max(core(a), core(b), d(a, b) / alpha)`.
 */
export async function mutualReachabilityTree(
  space: MetricSpace,
  minSamples: number,
  alpha: number,
  run: RunOptions,
  forceBrute = false,
  threads?: number,
): Promise<MutualReachability> {
  if (space.dim <= KD_TREE_MAX_DIM && !forceBrute) return boruvkaKdTree(space, minSamples, alpha, run, threads);
  return primBrute(space, minSamples, alpha, run, threads);
}

/** Distance in the base geometry (not squared) between rows `i` and `j` of `data`. */
function baseDistance(data: Float64Array, i: number, j: number, dim: number, l2: boolean): number {
  let s = 0;
  const a = i * dim;
  const b = j * dim;
  if (l2) {
    for (let t = 0; t < dim; t++) {
      const diff = data[a + t]! - data[b + t]!;
      s += diff * diff;
    }
    return Math.sqrt(s);
  }
  for (let t = 0; t < dim; t++) s += Math.abs(data[a + t]! - data[b + t]!);
  return s;
}

async function boruvkaKdTree(space: MetricSpace, minSamples: number, alpha: number, run: RunOptions, threads?: number): Promise<MutualReachability> {
  const { signal, onProgress } = run;
  const n = space.rows;
  const dim = space.dim;
  const toMetric = space.toMetric;
  // euclidean / manhattan: the metric is the base distance itself (identity maps, skipped in hot loops).
  const plainMetric = space.metric === 'euclidean' || space.metric === 'manhattan';
  const tree = KDTree.build(space.data, n, dim, { metric: space.base, leafSize: 20 });
  const data = tree.data;
  const order = tree.order;
  // --- k nearest neighbours of every point (itself included, at slot 0) by tree position.
  const k = Math.min(minSamples + 1, n);
  // WebAssembly when available (identical results, see tree-kernels.c), else the JavaScript loops
  // below. The Borůvka search runs there for the euclidean metric; its arrays are the kernel's.
  const kernel = space.base !== 'euclidean' ? null : plainMetric ? boruvkaKernel(tree, k, alpha) : selfKnnKernel(tree, k);
  const bk: BoruvkaKernel | null = kernel && 'search' in kernel ? (kernel as BoruvkaKernel) : null;
  const knnPos = kernel ? kernel.pos : new Int32Array(n * k);
  const knnDist = kernel ? kernel.dist : new Float64Array(n * k); // metric distances (after the loop)
  const core = bk ? bk.core : new Float64Array(n); // by tree position, metric distance
  const report = throttledProgress(onProgress, 'cluster', n, 'core-distances');
  // Worker threads share the search on large inputs (same kernel code per query: same result).
  const threadCount = kernel !== null && n >= PARALLEL_MIN_ROWS ? (threads ?? (await availableThreads())) : 1;
  const parallel = kernel !== null && threadCount > 1 ? await parallelSelfKnn(kernel, tree, k, { threads: threadCount, signal, onProgress: report }) : false;
  for (let q0 = 0; q0 < n && !parallel; q0 += 4096) {
    const q1 = Math.min(n, q0 + 4096);
    if (kernel) kernel.run(q0, q1);
    else tree.selfKnnReduced(k, knnPos, knnDist, q0, q1);
    report(q1);
    if (q1 < n) await checkpoint(signal, 'cluster');
  }
  for (let q = 0; q < n; q++) {
    for (let s = 0; s < k; s++) knnDist[q * k + s] = toMetric(tree.toDistance(knnDist[q * k + s]!));
    core[q] = knnDist[q * k + k - 1]!;
  }
  // --- per-node minimum core distance (for the lower bound), bottom-up: children have larger ids.
  const nodes = tree.nodeCount;
  const minCore = bk ? bk.minCore : new Float64Array(nodes);
  for (let node = nodes - 1; node >= 0; node--) {
    const left = tree.nodeLeft[node]!;
    if (left < 0) {
      let m = Infinity;
      for (let p = tree.nodeStart[node]!; p < tree.nodeEnd[node]!; p++) if (core[p]! < m) m = core[p]!;
      minCore[node] = m;
    } else {
      minCore[node] = Math.min(minCore[left]!, minCore[tree.nodeRight[node]!]!);
    }
  }
  // --- Borůvka rounds.
  const uf = new UnionFind(n);
  const comp = bk ? bk.comp : new Int32Array(n);
  const nodeComp = bk ? bk.nodeComp : new Int32Array(nodes);
  const best = bk ? bk.best : new Float64Array(n);
  const bestFrom = bk ? bk.bestFrom : new Int32Array(n);
  const bestTo = bk ? bk.bestTo : new Int32Array(n);
  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  let edges = 0;
  const invAlpha = 1 / alpha;
  const l2 = space.base === 'euclidean';
  const nodeLeft = tree.nodeLeft;
  const nodeRight = tree.nodeRight;
  const nodeStart = tree.nodeStart;
  const nodeEnd = tree.nodeEnd;
  const boxLo = tree.lo;
  const boxHi = tree.hi;
  const centroid = tree.centroid;
  const radius = tree.nodeRadius;
  // tree.nodeLowerBound, with the euclidean case written out (same operations, same values).
  const nodeLowerBound = l2
    ? (a: number, b: number): number => {
        const ao = a * dim;
        const bo = b * dim;
        let box = 0;
        let cen = 0;
        for (let j = 0; j < dim; j++) {
          let gap = boxLo[bo + j]! - boxHi[ao + j]!;
          const g2 = boxLo[ao + j]! - boxHi[bo + j]!;
          if (g2 > gap) gap = g2;
          if (gap > 0) box += gap * gap;
          const diff = centroid[ao + j]! - centroid[bo + j]!;
          cen += diff * diff;
        }
        box = Math.sqrt(box);
        cen = Math.sqrt(cen);
        const ball = cen - radius[a]! - radius[b]!;
        return ball > box ? ball : box;
      }
    : (a: number, b: number): number => tree.nodeLowerBound(a, b);
  const mstReport = throttledProgress(onProgress, 'cluster', Math.max(1, n - 1), 'spanning-tree');
  const qBound = bk ? bk.qBound : new Float64Array(nodes);
  const nodeParent = new Int32Array(nodes).fill(-1);
  for (let node = 0; node < nodes; node++) {
    if (nodeLeft[node]! >= 0) {
      nodeParent[nodeLeft[node]!] = node;
      nodeParent[nodeRight[node]!] = node;
    }
  }
  let pairA = new Int32Array(1024);
  let pairB = new Int32Array(1024);
  // Base-distance lower bound of each stacked pair when already computed (to order the children),
  // else -1: the same value is not computed twice.
  let pairLb = new Float64Array(1024);
  let round = 0;
  while (edges < n - 1) {
    round++;
    for (let p = 0; p < n; p++) comp[p] = uf.find(p);
    for (let node = nodes - 1; node >= 0; node--) {
      const left = nodeLeft[node]!;
      if (left < 0) {
        const s = nodeStart[node]!;
        let c = comp[s]!;
        for (let p = s + 1; p < nodeEnd[node]!; p++) {
          if (comp[p] !== c) {
            c = -1;
            break;
          }
        }
        nodeComp[node] = c;
      } else {
        const cl = nodeComp[left]!;
        nodeComp[node] = cl >= 0 && cl === nodeComp[nodeRight[node]!] ? cl : -1;
      }
    }
    best.fill(Infinity);
    bestFrom.fill(-1);
    // Seed each component's bound from the k-NN lists (cheap, usually tight).
    for (let q = 0; q < n; q++) {
      const c = comp[q]!;
      const cq = core[q]!;
      for (let s = 1; s < k; s++) {
        const p = knnPos[q * k + s]!;
        if (comp[p] === c) continue;
        let w = knnDist[q * k + s]! * invAlpha;
        if (cq > w) w = cq;
        if (core[p]! > w) w = core[p]!;
        if (w < best[c]!) {
          best[c] = w;
          bestFrom[c] = q;
          bestTo[c] = p;
        }
      }
    }
    // Dual-tree search: a query node is dropped as a whole once no reference node can beat the
    // worst current bound of the components among its points.
    qBound.fill(Infinity);
    for (let node = nodes - 1; node >= 0; node--) {
      const left = nodeLeft[node]!;
      if (left < 0) {
        let b = 0;
        for (let p = nodeStart[node]!; p < nodeEnd[node]!; p++) {
          // Points whose core distance already reaches their component's bound are done.
          const v = best[comp[p]!]!;
          if (v > b && core[p]! < v) b = v;
        }
        qBound[node] = b;
      } else {
        qBound[node] = Math.max(qBound[left]!, qBound[nodeRight[node]!]!);
      }
    }
    if (bk) {
      bk.start();
      while (!bk.search(65536)) await checkpoint(signal, 'cluster');
    }
    let top = 0;
    if (!bk) {
      pairA[top] = 0;
      pairB[top] = 0;
      pairLb[top] = -1;
      top++;
    }
    let visited = 0;
    while (top > 0) {
      top--;
      const a = pairA[top]!;
      const b = pairB[top]!;
      const ca = nodeComp[a]!;
      if (ca >= 0 && ca === nodeComp[b]) continue;
      const known = pairLb[top]!;
      let lb = toMetric(known >= 0 ? known : nodeLowerBound(a, b)) * invAlpha;
      if (lb < minCore[a]!) lb = minCore[a]!;
      if (lb < minCore[b]!) lb = minCore[b]!;
      if (lb >= qBound[a]!) continue;
      const aLeft = nodeLeft[a]!;
      const bLeft = nodeLeft[b]!;
      if (aLeft < 0 && bLeft < 0) {
        const aEnd = nodeEnd[a]!;
        const bStart = nodeStart[b]!;
        const bEnd = nodeEnd[b]!;
        let newBound = 0;
        const minCoreB = minCore[b]!;
        for (let q = nodeStart[a]!; q < aEnd; q++) {
          const c = comp[q]!;
          const cq = core[q]!;
          const qOff = q * dim;
          let lbq = cq > minCoreB ? cq : minCoreB;
          if (lbq < best[c]!) {
            if (plainMetric && l2) {
              // Box bound of q to leaf b, inlined; it stops once past the component's bound
              // (widened by 1e-9, as below, so it never drops a leaf the full bound would keep).
              const thr = best[c]! * alpha;
              const cut = thr * thr * (1 + 1e-9);
              const bo = b * dim;
              let bd2 = 0;
              for (let t = 0; t < dim; t++) {
                const v = data[qOff + t]!;
                const lo = boxLo[bo + t]!;
                if (v < lo) {
                  const g = lo - v;
                  bd2 += g * g;
                } else {
                  const hi = boxHi[bo + t]!;
                  if (v > hi) {
                    const g = v - hi;
                    bd2 += g * g;
                  }
                }
                if (bd2 > cut) break;
              }
              if (bd2 > cut) lbq = Infinity;
              else {
                const bd = Math.sqrt(bd2) * invAlpha;
                if (bd > lbq) lbq = bd;
              }
            } else {
              const bd = toMetric(tree.toDistance(tree.reducedBoxDistance(data, qOff, b))) * invAlpha;
              if (bd > lbq) lbq = bd;
            }
          }
          if (lbq < best[c]!) {
            for (let p = bStart; p < bEnd; p++) {
              if (comp[p] === c) continue;
              const cp = core[p]!;
              const bc = best[c]!;
              if (cp >= bc) continue;
              let s = 0;
              const pOff = p * dim;
              if (l2) {
                // Unrolled by four, summed in coordinate order (same rounding as a plain loop).
                // Euclidean: the scan stops once the partial squared sum shows that the edge can
                // beat neither component's bound (w ≥ both, so neither would be updated). The
                // bound is widened by 1e-9 (relative) so float rounding can never make it drop an
                // edge that would have been taken: results are unchanged.
                let cut = Infinity;
                if (plainMetric) {
                  const bp = best[comp[p]!]!;
                  const thr = (bc > bp ? bc : bp) * alpha;
                  cut = thr * thr * (1 + 1e-9);
                }
                let t = 0;
                for (; t + 4 <= dim; t += 4) {
                  const d0 = data[qOff + t]! - data[pOff + t]!;
                  const d1 = data[qOff + t + 1]! - data[pOff + t + 1]!;
                  const d2 = data[qOff + t + 2]! - data[pOff + t + 2]!;
                  const d3 = data[qOff + t + 3]! - data[pOff + t + 3]!;
                  s += d0 * d0;
                  s += d1 * d1;
                  s += d2 * d2;
                  s += d3 * d3;
                  if (s > cut) break;
                }
                if (s > cut) continue;
                for (; t < dim; t++) {
                  const diff = data[qOff + t]! - data[pOff + t]!;
                  s += diff * diff;
                }
                s = Math.sqrt(s);
              } else {
                for (let t = 0; t < dim; t++) s += Math.abs(data[qOff + t]! - data[pOff + t]!);
              }
              let w = (plainMetric ? s : toMetric(s)) * invAlpha;
              if (w < cq) w = cq;
              if (w < cp) w = cp;
              if (w < bc) {
                best[c] = w;
                bestFrom[c] = q;
                bestTo[c] = p;
              }
              // The edge is symmetric: it may also be the best so far for p's component.
              const cpc = comp[p]!;
              if (w < best[cpc]!) {
                best[cpc] = w;
                bestFrom[cpc] = p;
                bestTo[cpc] = q;
              }
            }
          }
          const v = best[c]!;
          if (v > newBound && cq < v) newBound = v;
        }
        if (newBound < qBound[a]!) {
          qBound[a] = newBound;
          let node = a;
          while (node > 0) {
            const parent = nodeParent[node]!;
            const v = Math.max(qBound[nodeLeft[parent]!]!, qBound[nodeRight[parent]!]!);
            if (v < qBound[parent]!) {
              qBound[parent] = v;
              node = parent;
            } else break;
          }
        }
        if ((++visited & 65535) === 0) await checkpoint(signal, 'cluster');
        continue;
      }
      if (top + 4 >= pairA.length) {
        const a2 = new Int32Array(pairA.length * 2);
        a2.set(pairA);
        pairA = a2;
        const b2 = new Int32Array(pairB.length * 2);
        b2.set(pairB);
        pairB = b2;
        const l2b = new Float64Array(pairLb.length * 2);
        l2b.set(pairLb);
        pairLb = l2b;
      }
      const splitB = aLeft < 0 || (bLeft >= 0 && nodeEnd[b]! - nodeStart[b]! > nodeEnd[a]! - nodeStart[a]!);
      if (splitB) {
        const b1 = bLeft;
        const b2 = nodeRight[b]!;
        const d1 = nodeLowerBound(a, b1);
        const d2 = nodeLowerBound(a, b2);
        // nearer reference child is searched first (pushed last)
        if (d1 <= d2) {
          pairA[top] = a;
          pairLb[top] = d2;
          pairB[top++] = b2;
          pairA[top] = a;
          pairLb[top] = d1;
          pairB[top++] = b1;
        } else {
          pairA[top] = a;
          pairLb[top] = d1;
          pairB[top++] = b1;
          pairA[top] = a;
          pairLb[top] = d2;
          pairB[top++] = b2;
        }
      } else {
        pairA[top] = nodeRight[a]!;
        pairLb[top] = -1;
        pairB[top++] = b;
        pairA[top] = aLeft;
        pairLb[top] = -1;
        pairB[top++] = b;
      }
    }
    // Add each component's cheapest outgoing edge (a cycle can only close through equal weights).
    let added = 0;
    for (let c = 0; c < n; c++) {
      if (comp[c] !== c || bestFrom[c]! < 0) continue;
      const a = bestFrom[c]!;
      const b = bestTo[c]!;
      if (uf.union(a, b)) {
        from[edges] = order[a]!;
        to[edges] = order[b]!;
        weight[edges] = best[c]!;
        edges++;
        added++;
      }
    }
    mstReport(edges, `Borůvka round ${round}`);
    if (added === 0) break; // cannot happen on a complete graph; guards against an infinite loop
    await checkpoint(signal, 'cluster');
  }
  const coreDistances = new Float64Array(n);
  for (let p = 0; p < n; p++) coreDistances[order[p]!] = core[p]!;
  return { coreDistances, mst: { from, to, weight }, tree };
}

/**
 * Rows reordered so that neighbours sit close together (grouped by nearest pivot, then by the
 * distance to it), plus every row's distance to a few pivot rows.
 * `|d(i, p) − d(j, p)|` is a lower bound of `d(i, j)` (triangle inequality), which lets the exact
 * brute-force searches skip most distance computations on clustered data.
 */
interface PivotLayout {
  /** Rows in the new order (row-major). */
  data: Float64Array;
  /** Original row of each new position. */
  perm: Int32Array;
  /** Base distance of each (new) row to each pivot, `n × pivots`. */
  table: Float64Array;
  pivots: number;
}

function pivotLayout(space: MetricSpace, pivots = space.dim > KD_TREE_MAX_DIM ? 32 : 1): PivotLayout {
  const n = space.rows;
  const dim = space.dim;
  const src = space.data;
  const l2 = space.base === 'euclidean';
  const P = Math.max(1, Math.min(pivots, n));
  const raw = new Float64Array(n * P);
  // Pivots drawn with a fixed seed (deterministic): they fall where the data is dense, so every
  // sizeable cluster gets one (farthest-first would pick outliers, which bound nothing).
  const rng = createRng(0x5eed);
  const chosen = new Set<number>();
  while (chosen.size < P) chosen.add(rng.int(n));
  let p = 0;
  for (const pivot of [...chosen].sort((a, b) => a - b)) {
    for (let i = 0; i < n; i++) raw[i * P + p] = baseDistance2(src, i, src, pivot, dim, l2);
    p++;
  }
  // Group rows by nearest pivot, then by distance to it (stable on ties by row index).
  const nearest = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let p = 1; p < P; p++) if (raw[i * P + p]! < raw[i * P + b]!) b = p;
    nearest[i] = b;
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  perm.sort((a, b) => nearest[a]! - nearest[b]! || raw[a * P + nearest[a]!]! - raw[b * P + nearest[b]!]! || a - b);
  const data = new Float64Array(n * dim);
  const table = new Float64Array(n * P);
  for (let k = 0; k < n; k++) {
    const i = perm[k]!;
    data.set(src.subarray(i * dim, (i + 1) * dim), k * dim);
    table.set(raw.subarray(i * P, (i + 1) * P), k * P);
  }
  return { data, perm, table, pivots: P };
}

function baseDistance2(a: Float64Array, i: number, b: Float64Array, j: number, dim: number, l2: boolean): number {
  let s = 0;
  const ao = i * dim;
  const bo = j * dim;
  if (l2) {
    for (let t = 0; t < dim; t++) {
      const diff = a[ao + t]! - b[bo + t]!;
      s += diff * diff;
    }
    return Math.sqrt(s);
  }
  for (let t = 0; t < dim; t++) s += Math.abs(a[ao + t]! - b[bo + t]!);
  return s;
}

/** Squared Euclidean distance of two rows, four accumulators (breaks the add latency chain). */
function sqDist4(data: Float64Array, io: number, jo: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  const end4 = dim - (dim & 3);
  for (; t < end4; t += 4) {
    const d0 = data[io + t]! - data[jo + t]!;
    const d1 = data[io + t + 1]! - data[jo + t + 1]!;
    const d2 = data[io + t + 2]! - data[jo + t + 2]!;
    const d3 = data[io + t + 3]! - data[jo + t + 3]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; t < dim; t++) {
    const d0 = data[io + t]! - data[jo + t]!;
    s0 += d0 * d0;
  }
  return s0 + s1 + s2 + s3;
}

/** Pivot lower bound of the base distance between (new) rows i and j. */
function pivotBound(table: Float64Array, P: number, i: number, j: number): number {
  let lb = 0;
  const io = i * P;
  const jo = j * P;
  for (let p = 0; p < P; p++) {
    const v = table[io + p]! - table[jo + p]!;
    const a = v < 0 ? -v : v;
    if (a > lb) lb = a;
  }
  return lb;
}

/**
 * Exact k nearest neighbour distances of every row (itself excluded) by a blocked all-pairs scan
 * with pivot pruning; returns the k-th one (the core distance) in the metric, by original row.
 * O(n² d) time in the worst case, O(n k) memory.
 */
export async function bruteCoreDistances(
  space: MetricSpace,
  minSamples: number,
  run: RunOptions,
  layout?: PivotLayout,
  kernel?: BruteKernel | null,
  threads?: number,
  alpha = 1,
): Promise<Float64Array> {
  const n = space.rows;
  const dim = space.dim;
  const l2 = space.base === 'euclidean';
  const k = Math.min(minSamples, n - 1);
  const core = new Float64Array(n);
  if (k <= 0) return core;
  const { data, perm, table, pivots: P } = layout ?? pivotLayout(space);
  // Per-row max-heaps of the k smallest base distances (by new position).
  const heap = kernel ? kernel.heap.fill(Infinity) : new Float64Array(n * k).fill(Infinity);
  const block = BRUTE_BLOCK;
  const report = throttledProgress(run.onProgress, 'cluster', n, 'core-distances');
  let work = 0;
  const nBlocks = Math.ceil(n / block);
  // Per block and pivot: the range of pivot distances, for a block-to-block lower bound.
  const bMin = kernel ? kernel.blockMin.fill(Infinity) : new Float64Array(nBlocks * P).fill(Infinity);
  const bMax = kernel ? kernel.blockMax.fill(-Infinity) : new Float64Array(nBlocks * P).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(i / block);
    for (let p = 0; p < P; p++) {
      const v = table[i * P + p]!;
      if (v < bMin[b * P + p]!) bMin[b * P + p] = v;
      if (v > bMax[b * P + p]!) bMax[b * P + p] = v;
    }
  }
  // Worker threads share the blocks on large inputs (each block computed by the same code: same result).
  const threadCount = kernel && n >= BRUTE_PARALLEL_MIN_ROWS ? (threads ?? (await availableThreads())) : 1;
  const parallel =
    kernel && threadCount > 1 && (space.metric === 'euclidean' || space.metric === 'cosine')
      ? await parallelBruteCore(kernel, { data, table, perm, pivots: P }, dim, k, block, space.metric, alpha, { threads: threadCount, signal: run.signal, onProgress: report })
      : false;
  for (let ibn = 0; ibn < nBlocks && !parallel; ibn++) {
    const ib = ibn * block;
    const iEnd = Math.min(n, ib + block);
    if (kernel) {
      // The same block order and bounds in WebAssembly (tree-kernels.c).
      kernel.coreBlock(ibn);
      work += (iEnd - ib) * n * (P + 4);
      if (work > 3e7) {
        work = 0;
        await checkpoint(run.signal, 'cluster');
      }
      report(iEnd);
      continue;
    }
    // Neighbouring blocks first (rows are grouped by region), so the heaps tighten early and the
    // pivot bound skips far blocks. Each row's heap is filled from its own row of pairs only.
    for (let step = 0; step < nBlocks; step++) {
      const jbn = step % 2 === 0 ? ibn + step / 2 : ibn - (step + 1) / 2;
      const jbIndex = jbn < 0 ? jbn + nBlocks : jbn >= nBlocks ? jbn - nBlocks : jbn;
      if (jbIndex < 0 || jbIndex >= nBlocks) continue;
      const jb = jbIndex * block;
      const jEnd = Math.min(n, jb + block);
      if (jbIndex !== ibn) {
        let worst = 0;
        for (let i = ib; i < iEnd; i++) if (heap[i * k]! > worst) worst = heap[i * k]!;
        let lbBlock = 0;
        for (let p = 0; p < P; p++) {
          const g1 = bMin[jbIndex * P + p]! - bMax[ibn * P + p]!;
          const g2 = bMin[ibn * P + p]! - bMax[jbIndex * P + p]!;
          const g = g1 > g2 ? g1 : g2;
          if (g > lbBlock) lbBlock = g;
        }
        if (lbBlock >= worst) continue;
      }
      for (let i = ib; i < iEnd; i++) {
        const io = i * dim;
        for (let j = jb; j < jEnd; j++) {
          if (j === i) continue;
          const hi = heap[i * k]!;
          if (pivotBound(table, P, i, j) >= hi) continue;
          let s = 0;
          const jo = j * dim;
          if (l2) {
            s = Math.sqrt(sqDist4(data, io, jo, dim));
          } else {
            for (let t = 0; t < dim; t++) s += Math.abs(data[io + t]! - data[jo + t]!);
          }
          if (s < hi) siftDownMax(heap, i * k, k, s);
        }
      }
      work += (iEnd - ib) * (jEnd - jb) * (P + 4);
      if (work > 3e7) {
        work = 0;
        await checkpoint(run.signal, 'cluster');
      }
    }
    report(iEnd);
  }
  for (let i = 0; i < n; i++) core[perm[i]!] = space.toMetric(heap[i * k]!);
  return core;
}

function siftDownMax(h: Float64Array, off: number, k: number, v: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= k) break;
    const r = l + 1;
    const c = r < k && h[off + r]! > h[off + l]! ? r : l;
    if (h[off + c]! <= v) break;
    h[off + i] = h[off + c]!;
    i = c;
  }
  h[off + i] = v;
}

/** Prim's algorithm on the implicit complete mutual-reachability graph (O(n²) time, O(n) memory). */
async function primBrute(space: MetricSpace, minSamples: number, alpha: number, run: RunOptions, threads?: number): Promise<MutualReachability> {
  const n = space.rows;
  const dim = space.dim;
  const l2 = space.base === 'euclidean';
  const toMetric = space.toMetric;
  const layout = pivotLayout(space);
  const { data, perm, table, pivots: P } = layout;
  // WebAssembly for the euclidean base distance (identical results, see tree-kernels.c).
  const kernel =
    l2 && (space.metric === 'euclidean' || space.metric === 'cosine')
      ? bruteKernel(layout, dim, Math.min(minSamples, n - 1), BRUTE_BLOCK, space.metric, alpha)
      : null;
  const coreByRow = await bruteCoreDistances(space, minSamples, run, layout, kernel, threads, alpha);
  const core = kernel ? kernel.core : new Float64Array(n);
  for (let k = 0; k < n; k++) core[k] = coreByRow[perm[k]!]!;
  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  // Remaining vertices kept compact; dist/src are indexed by (new) vertex.
  const remaining = kernel ? kernel.remaining : new Int32Array(n);
  let m = 0;
  for (let i = 1; i < n; i++) remaining[m++] = i;
  const dist = kernel ? kernel.dist.fill(Infinity) : new Float64Array(n).fill(Infinity);
  const src = kernel ? kernel.src : new Int32Array(n);
  const invAlpha = 1 / alpha;
  const report = throttledProgress(run.onProgress, 'cluster', Math.max(1, n - 1), 'spanning-tree');
  let cur = 0;
  let work = 0;
  for (let e = 0; e < n - 1; e++) {
    const cc = core[cur]!;
    const cOff = cur * dim;
    let bestIdx = -1;
    let bestVal = Infinity;
    let bestVertex = 0;
    if (kernel) {
      const step = kernel.primStep(cur, m);
      bestIdx = step.index;
      bestVertex = step.vertex;
      bestVal = dist[bestVertex]!;
    }
    for (let r = 0; r < m && !kernel; r++) {
      const j = remaining[r]!;
      const dj = dist[j]!;
      const cj = core[j]!;
      // mutual reachability ≥ max(core(cur), core(j), pivot bound): skip what cannot improve.
      if (cc < dj && cj < dj && toMetric(pivotBound(table, P, cur, j)) * invAlpha < dj) {
        let s = 0;
        const jOff = j * dim;
        if (l2) {
          s = Math.sqrt(sqDist4(data, cOff, jOff, dim));
        } else {
          for (let t = 0; t < dim; t++) s += Math.abs(data[cOff + t]! - data[jOff + t]!);
        }
        let w = toMetric(s) * invAlpha;
        if (w < cc) w = cc;
        if (w < cj) w = cj;
        if (w < dj) {
          dist[j] = w;
          src[j] = cur;
        }
      }
      const v = dist[j]!;
      const vj = perm[j]!;
      if (v < bestVal || (v === bestVal && vj < perm[bestVertex]!)) {
        bestVal = v;
        bestIdx = r;
        bestVertex = j;
      }
    }
    from[e] = perm[src[bestVertex]!]!;
    to[e] = perm[bestVertex]!;
    weight[e] = bestVal;
    remaining[bestIdx] = remaining[--m]!;
    cur = bestVertex;
    work += m * (P + 4);
    if (work > 3e7) {
      work = 0;
      report(e + 1);
      await checkpoint(run.signal, 'cluster');
    }
  }
  report(n - 1);
  return { coreDistances: coreByRow, mst: { from, to, weight }, tree: null };
}
