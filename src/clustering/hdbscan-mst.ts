import { checkpoint, throttledProgress, type RunOptions } from '../core/progress.js';
import { KDTree } from '../neighbors/kdtree.js';
import type { MetricSpace } from './distance.js';

/**
 * Core distances and the minimum spanning tree of the mutual-reachability graph, without ever
 * holding an n × n matrix: a KD-tree Borůvka in low dimensions, Prim's algorithm with on-the-fly
 * distances (O(n) memory) in high dimensions.
 * @internal
 */

/** Above this many (transformed) dimensions the KD-tree stops paying off. */
export const KD_TREE_MAX_DIM = 16;

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
): Promise<MutualReachability> {
  if (space.dim <= KD_TREE_MAX_DIM && !forceBrute) return boruvkaKdTree(space, minSamples, alpha, run);
  return primBrute(space, minSamples, alpha, run);
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

async function boruvkaKdTree(space: MetricSpace, minSamples: number, alpha: number, run: RunOptions): Promise<MutualReachability> {
  const { signal, onProgress } = run;
  const n = space.rows;
  const dim = space.dim;
  const toMetric = space.toMetric;
  const tree = KDTree.build(space.data, n, dim, { metric: space.base, leafSize: 20 });
  const data = tree.data;
  const order = tree.order;
  // --- k nearest neighbours of every point (itself included, at slot 0) by tree position.
  const k = Math.min(minSamples + 1, n);
  const knnPos = new Int32Array(n * k);
  const knnDist = new Float64Array(n * k); // metric distances
  const core = new Float64Array(n); // by tree position, metric distance
  const report = throttledProgress(onProgress, 'cluster', n, 'core-distances');
  let stack = new Int32Array(256);
  let stackDist = new Float64Array(256);
  for (let q = 0; q < n; q++) {
    tree.knnReduced(data, q * dim, k, knnPos, knnDist, q * k, stack, stackDist);
    for (let s = 0; s < k; s++) knnDist[q * k + s] = toMetric(tree.toDistance(knnDist[q * k + s]!));
    core[q] = knnDist[q * k + k - 1]!;
    if ((q & 4095) === 4095) {
      report(q + 1);
      await checkpoint(signal, 'cluster');
    }
  }
  report(n);
  // --- per-node minimum core distance (for the lower bound), bottom-up: children have larger ids.
  const nodes = tree.nodeCount;
  const minCore = new Float64Array(nodes);
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
  const comp = new Int32Array(n);
  const nodeComp = new Int32Array(nodes);
  const best = new Float64Array(n);
  const bestFrom = new Int32Array(n);
  const bestTo = new Int32Array(n);
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
  const mstReport = throttledProgress(onProgress, 'cluster', Math.max(1, n - 1), 'spanning-tree');
  const qBound = new Float64Array(nodes);
  const nodeParent = new Int32Array(nodes).fill(-1);
  for (let node = 0; node < nodes; node++) {
    if (nodeLeft[node]! >= 0) {
      nodeParent[nodeLeft[node]!] = node;
      nodeParent[nodeRight[node]!] = node;
    }
  }
  let pairA = new Int32Array(1024);
  let pairB = new Int32Array(1024);
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
    let top = 0;
    pairA[top] = 0;
    pairB[top] = 0;
    top++;
    let visited = 0;
    while (top > 0) {
      top--;
      const a = pairA[top]!;
      const b = pairB[top]!;
      const ca = nodeComp[a]!;
      if (ca >= 0 && ca === nodeComp[b]) continue;
      let lb = toMetric(tree.nodeLowerBound(a, b)) * invAlpha;
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
            const bd = toMetric(tree.lowerBound(data, qOff, b)) * invAlpha;
            if (bd > lbq) lbq = bd;
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
                for (let t = 0; t < dim; t++) {
                  const diff = data[qOff + t]! - data[pOff + t]!;
                  s += diff * diff;
                }
                s = Math.sqrt(s);
              } else {
                for (let t = 0; t < dim; t++) s += Math.abs(data[qOff + t]! - data[pOff + t]!);
              }
              let w = toMetric(s) * invAlpha;
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
      }
      const splitB = aLeft < 0 || (bLeft >= 0 && nodeEnd[b]! - nodeStart[b]! > nodeEnd[a]! - nodeStart[a]!);
      if (splitB) {
        const b1 = bLeft;
        const b2 = nodeRight[b]!;
        const d1 = tree.nodeLowerBound(a, b1);
        const d2 = tree.nodeLowerBound(a, b2);
        // nearer reference child is searched first (pushed last)
        if (d1 <= d2) {
          pairA[top] = a;
          pairB[top++] = b2;
          pairA[top] = a;
          pairB[top++] = b1;
        } else {
          pairA[top] = a;
          pairB[top++] = b1;
          pairA[top] = a;
          pairB[top++] = b2;
        }
      } else {
        pairA[top] = nodeRight[a]!;
        pairB[top++] = b;
        pairA[top] = aLeft;
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
 * Exact k nearest neighbour distances of every row (itself excluded) by a blocked all-pairs scan;
 * returns the k-th one (the core distance) in the metric. O(n² d) time, O(n k) memory.
 */
export async function bruteCoreDistances(space: MetricSpace, minSamples: number, run: RunOptions): Promise<Float64Array> {
  const n = space.rows;
  const dim = space.dim;
  const data = space.data;
  const l2 = space.base === 'euclidean';
  const k = Math.min(minSamples, n - 1);
  const core = new Float64Array(n);
  if (k <= 0) return core;
  // Per-row max-heaps of the k smallest base distances.
  const heap = new Float64Array(n * k).fill(Infinity);
  const block = 64;
  const report = throttledProgress(run.onProgress, 'cluster', n, 'core-distances');
  let work = 0;
  for (let ib = 0; ib < n; ib += block) {
    const iEnd = Math.min(n, ib + block);
    for (let jb = ib; jb < n; jb += block) {
      const jEnd = Math.min(n, jb + block);
      for (let i = ib; i < iEnd; i++) {
        for (let j = jb > i ? jb : i + 1; j < jEnd; j++) {
          const d = baseDistance(data, i, j, dim, l2);
          if (d < heap[i * k]!) siftDownMax(heap, i * k, k, d);
          if (d < heap[j * k]!) siftDownMax(heap, j * k, k, d);
        }
      }
      work += (iEnd - ib) * (jEnd - jb) * dim;
      if (work > 3e7) {
        work = 0;
        await checkpoint(run.signal, 'cluster');
      }
    }
    report(iEnd);
  }
  for (let i = 0; i < n; i++) core[i] = space.toMetric(heap[i * k]!);
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
async function primBrute(space: MetricSpace, minSamples: number, alpha: number, run: RunOptions): Promise<MutualReachability> {
  const n = space.rows;
  const dim = space.dim;
  const data = space.data;
  const l2 = space.base === 'euclidean';
  const toMetric = space.toMetric;
  const core = await bruteCoreDistances(space, minSamples, run);
  const from = new Int32Array(Math.max(0, n - 1));
  const to = new Int32Array(Math.max(0, n - 1));
  const weight = new Float64Array(Math.max(0, n - 1));
  // Remaining vertices kept compact; dist/src are indexed by vertex.
  const remaining = new Int32Array(n);
  let m = 0;
  for (let i = 1; i < n; i++) remaining[m++] = i;
  const dist = new Float64Array(n).fill(Infinity);
  const src = new Int32Array(n);
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
    for (let r = 0; r < m; r++) {
      const j = remaining[r]!;
      const dj = dist[j]!;
      const cj = core[j]!;
      // mutual reachability ≥ max(core(cur), core(j)): skip the distance when it cannot improve.
      if (cc < dj && cj < dj) {
        let s = 0;
        const jOff = j * dim;
        if (l2) {
          for (let t = 0; t < dim; t++) {
            const diff = data[cOff + t]! - data[jOff + t]!;
            s += diff * diff;
          }
          s = Math.sqrt(s);
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
      if (v < bestVal || (v === bestVal && j < bestVertex)) {
        bestVal = v;
        bestIdx = r;
        bestVertex = j;
      }
    }
    from[e] = src[bestVertex]!;
    to[e] = bestVertex;
    weight[e] = bestVal;
    remaining[bestIdx] = remaining[--m]!;
    cur = bestVertex;
    work += m * dim;
    if (work > 3e7) {
      work = 0;
      report(e + 1);
      await checkpoint(run.signal, 'cluster');
    }
  }
  report(n - 1);
  return { coreDistances: core, mst: { from, to, weight }, tree: null };
}
