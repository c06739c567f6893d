import { ConfigError, InputError } from '../core/errors.js';

/** Options of {@link KDTree.build}. */
export interface KDTreeOptions {
  /** Most points in a leaf (default 24). Smaller leaves prune better, larger ones build faster. */
  leafSize?: number;
  /** `euclidean` (default) or `manhattan`. */
  metric?: 'euclidean' | 'manhattan';
}

/** Neighbours of one query: original row indices and distances, nearest first. */
export interface KDTreeNeighbors {
  indices: Int32Array;
  distances: Float64Array;
}

/**
 * A k-d tree over the rows of a row-major typed array, for exact k-nearest-neighbour and radius
 * queries in low dimensions (up to ~16; beyond that a blocked brute-force scan is faster).
 *
 * Nodes split the widest side of their bounding box at the median, so the tree is balanced; each
 * node keeps its tight bounding box, which gives the lower bound used for pruning. Points are copied
 * in tree order (`data`, `order[pos]` = original row) so a leaf scan reads contiguous memory.
 * Everything is deterministic: ties are resolved by position, never by chance.
 *
 * Internally distances are "reduced" (squared for Euclidean, plain for Manhattan); the public query
 * methods return true distances.
 *
 * @example
 * const tree = KDTree.build(new Float64Array([0, 0, 1, 0, 5, 5]), 3, 2);
 * tree.knn([0.9, 0], 2).indices; // Int32Array [1, 0]
 * tree.radius([0, 0], 1.5).indices; // Int32Array [0, 1]
 */
export class KDTree {
  /** Number of points. */
  readonly size: number;
  /** Columns per point. */
  readonly dim: number;
  readonly metric: 'euclidean' | 'manhattan';
  /** Points in tree order: position `p` holds original row `order[p]`. */
  readonly data: Float64Array;
  /** Original row index of each position. */
  readonly order: Int32Array;
  /** Number of nodes; node 0 is the root. */
  readonly nodeCount: number;
  /** First position of each node's points. */
  readonly nodeStart: Int32Array;
  /** One past the last position of each node's points. */
  readonly nodeEnd: Int32Array;
  /** Left child of each node, -1 for a leaf (the right child is `nodeRight`). */
  readonly nodeLeft: Int32Array;
  readonly nodeRight: Int32Array;
  /** Bounding box lower corner per node (`node * dim + j`). */
  readonly lo: Float64Array;
  /** Bounding box upper corner per node. */
  readonly hi: Float64Array;
  /** Mean of each node's points (`node * dim + j`). */
  readonly centroid: Float64Array;
  /** Largest true distance from a node's centroid to its points (ball bound, tight in high dims). */
  readonly nodeRadius: Float64Array;

  private constructor(
    size: number,
    dim: number,
    metric: 'euclidean' | 'manhattan',
    data: Float64Array,
    order: Int32Array,
    nodeCount: number,
    nodeStart: Int32Array,
    nodeEnd: Int32Array,
    nodeLeft: Int32Array,
    nodeRight: Int32Array,
    lo: Float64Array,
    hi: Float64Array,
    centroid: Float64Array,
    radius: Float64Array,
  ) {
    this.size = size;
    this.dim = dim;
    this.metric = metric;
    this.data = data;
    this.order = order;
    this.nodeCount = nodeCount;
    this.nodeStart = nodeStart;
    this.nodeEnd = nodeEnd;
    this.nodeLeft = nodeLeft;
    this.nodeRight = nodeRight;
    this.lo = lo;
    this.hi = hi;
    this.centroid = centroid;
    this.nodeRadius = radius;
  }

  /**
   * Builds a tree over `rows` points of `dim` columns stored row-major in `points`.
   * @example KDTree.build(x.data, x.rows, x.cols, { leafSize: 16 })
   */
  static build(points: ArrayLike<number>, rows: number, dim: number, options: KDTreeOptions = {}): KDTree {
    const leafSize = options.leafSize ?? 24;
    const metric = options.metric ?? 'euclidean';
    if (!Number.isInteger(leafSize) || leafSize < 1) {
      throw new ConfigError(`leafSize must be a positive integer, got ${leafSize}.`, {
        code: 'INVALID_OPTION',
        field: 'leafSize',
        fix: 'Pass leafSize ≥ 1 (16–40 is typical).',
      });
    }
    if (metric !== 'euclidean' && metric !== 'manhattan') {
      throw new ConfigError(`KDTree metric must be euclidean or manhattan, got ${String(metric)}.`, {
        code: 'INVALID_OPTION',
        field: 'metric',
        fix: 'Transform other metrics first (cosine → unit rows, haversine → 3-D unit vectors).',
      });
    }
    if (points.length !== rows * dim || rows < 1 || dim < 1) {
      throw new InputError(`KDTree needs rows × dim values with rows, dim ≥ 1 (got ${points.length} for ${rows} × ${dim}).`, {
        code: 'BAD_SHAPE',
        field: 'points',
        fix: 'Pass a non-empty row-major array whose length is rows * dim.',
      });
    }
    const perm = new Int32Array(rows);
    for (let i = 0; i < rows; i++) perm[i] = i;
    // Leaves hold between leafSize/2 and leafSize points, so this bounds the node count.
    const cap = 2 * Math.ceil((2 * rows) / Math.max(1, leafSize)) + 3;
    const nodeStart = new Int32Array(cap);
    const nodeEnd = new Int32Array(cap);
    const nodeLeft = new Int32Array(cap).fill(-1);
    const nodeRight = new Int32Array(cap).fill(-1);
    const lo = new Float64Array(cap * dim);
    const hi = new Float64Array(cap * dim);
    let count = 1;
    nodeStart[0] = 0;
    nodeEnd[0] = rows;
    const stack: number[] = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const start = nodeStart[node]!;
      const end = nodeEnd[node]!;
      // Bounding box.
      const base = node * dim;
      for (let j = 0; j < dim; j++) {
        lo[base + j] = Infinity;
        hi[base + j] = -Infinity;
      }
      for (let p = start; p < end; p++) {
        const off = perm[p]! * dim;
        for (let j = 0; j < dim; j++) {
          const v = points[off + j]!;
          if (v < lo[base + j]!) lo[base + j] = v;
          if (v > hi[base + j]!) hi[base + j] = v;
        }
      }
      if (end - start <= leafSize) continue;
      let split = 0;
      let spread = -1;
      for (let j = 0; j < dim; j++) {
        const s = hi[base + j]! - lo[base + j]!;
        if (s > spread) {
          spread = s;
          split = j;
        }
      }
      if (spread <= 0) continue; // all points identical: keep as one leaf
      const mid = (start + end) >> 1;
      quickselect(perm, points, dim, split, start, end - 1, mid);
      const left = count++;
      const right = count++;
      nodeStart[left] = start;
      nodeEnd[left] = mid;
      nodeStart[right] = mid;
      nodeEnd[right] = end;
      nodeLeft[node] = left;
      nodeRight[node] = right;
      stack.push(right, left);
    }
    const data = new Float64Array(rows * dim);
    for (let p = 0; p < rows; p++) {
      const off = perm[p]! * dim;
      for (let j = 0; j < dim; j++) data[p * dim + j] = points[off + j]!;
    }
    const centroid = new Float64Array(count * dim);
    const radius = new Float64Array(count);
    const l2 = metric === 'euclidean';
    for (let node = 0; node < count; node++) {
      const start = nodeStart[node]!;
      const end = nodeEnd[node]!;
      const base = node * dim;
      for (let p = start; p < end; p++) for (let j = 0; j < dim; j++) centroid[base + j]! += data[p * dim + j]!;
      const inv = 1 / (end - start);
      for (let j = 0; j < dim; j++) centroid[base + j]! *= inv;
      let r = 0;
      for (let p = start; p < end; p++) {
        let s = 0;
        for (let j = 0; j < dim; j++) {
          const diff = data[p * dim + j]! - centroid[base + j]!;
          s += l2 ? diff * diff : Math.abs(diff);
        }
        if (s > r) r = s;
      }
      // A hair of slack keeps the bound safe against rounding.
      radius[node] = (l2 ? Math.sqrt(r) : r) * (1 + 1e-12) + 1e-300;
    }
    return new KDTree(rows, dim, metric, data, perm, count, nodeStart, nodeEnd, nodeLeft, nodeRight, lo, hi, centroid, radius);
  }

  /** Reduced distance (squared Euclidean or L1) from `q[qOff..]` to the point at tree position `pos`. */
  reducedDistance(q: ArrayLike<number>, qOff: number, pos: number): number {
    const dim = this.dim;
    const data = this.data;
    const off = pos * dim;
    let s = 0;
    if (this.metric === 'euclidean') {
      for (let j = 0; j < dim; j++) {
        const diff = q[qOff + j]! - data[off + j]!;
        s += diff * diff;
      }
    } else {
      for (let j = 0; j < dim; j++) s += Math.abs(q[qOff + j]! - data[off + j]!);
    }
    return s;
  }

  /** Reduced lower bound on the distance from `q[qOff..]` to any point inside `node`'s box. */
  reducedBoxDistance(q: ArrayLike<number>, qOff: number, node: number): number {
    const dim = this.dim;
    const lo = this.lo;
    const hi = this.hi;
    const base = node * dim;
    let s = 0;
    const l2 = this.metric === 'euclidean';
    for (let j = 0; j < dim; j++) {
      const v = q[qOff + j]!;
      const a = lo[base + j]!;
      let gap = 0;
      if (v < a) gap = a - v;
      else {
        const b = hi[base + j]!;
        if (v > b) gap = v - b;
      }
      s += l2 ? gap * gap : gap;
    }
    return s;
  }

  /**
   * True-distance lower bound from `q[qOff..]` to any point in `node`: the larger of the box bound
   * and the ball bound (centroid distance minus radius).
   */
  lowerBound(q: ArrayLike<number>, qOff: number, node: number): number {
    const box = this.toDistance(this.reducedBoxDistance(q, qOff, node));
    const dim = this.dim;
    const c = this.centroid;
    const base = node * dim;
    let s = 0;
    if (this.metric === 'euclidean') {
      for (let j = 0; j < dim; j++) {
        const diff = q[qOff + j]! - c[base + j]!;
        s += diff * diff;
      }
      s = Math.sqrt(s);
    } else {
      for (let j = 0; j < dim; j++) s += Math.abs(q[qOff + j]! - c[base + j]!);
    }
    const ball = s - this.nodeRadius[node]!;
    return ball > box ? ball : box;
  }

  /** True-distance lower bound between any point of node `a` and any point of node `b`. */
  nodeLowerBound(a: number, b: number): number {
    const dim = this.dim;
    const lo = this.lo;
    const hi = this.hi;
    const c = this.centroid;
    const ao = a * dim;
    const bo = b * dim;
    const l2 = this.metric === 'euclidean';
    let box = 0;
    let cen = 0;
    for (let j = 0; j < dim; j++) {
      let gap = lo[bo + j]! - hi[ao + j]!;
      const g2 = lo[ao + j]! - hi[bo + j]!;
      if (g2 > gap) gap = g2;
      if (gap > 0) box += l2 ? gap * gap : gap;
      const diff = c[ao + j]! - c[bo + j]!;
      cen += l2 ? diff * diff : Math.abs(diff);
    }
    if (l2) {
      box = Math.sqrt(box);
      cen = Math.sqrt(cen);
    }
    const ball = cen - this.nodeRadius[a]! - this.nodeRadius[b]!;
    return ball > box ? ball : box;
  }

  /** Converts a reduced distance to a true one. */
  toDistance(reduced: number): number {
    return this.metric === 'euclidean' ? Math.sqrt(reduced) : reduced;
  }

  /** Converts a true distance to a reduced one. */
  toReduced(distance: number): number {
    return this.metric === 'euclidean' ? distance * distance : distance;
  }

  /**
   * Writes the `k` nearest tree positions of `q[qOff..]` (nearest first) into `outPos[outOff..]` and
   * their reduced distances into `outDist[outOff..]`. Hot path: no allocation besides the stack.
   * Slots beyond the tree size are filled with -1 / Infinity.
   */
  knnReduced(
    q: ArrayLike<number>,
    qOff: number,
    k: number,
    outPos: Int32Array,
    outDist: Float64Array,
    outOff: number,
    stack: Int32Array = new Int32Array(128),
    stackDist: Float64Array = new Float64Array(128),
  ): void {
    // Max-heap of size k in outPos/outDist[outOff .. outOff+k).
    for (let s = 0; s < k; s++) {
      outPos[outOff + s] = -1;
      outDist[outOff + s] = Infinity;
    }
    const nodeLeft = this.nodeLeft;
    const nodeRight = this.nodeRight;
    const nodeStart = this.nodeStart;
    const nodeEnd = this.nodeEnd;
    let top = 0;
    stack[top] = 0;
    stackDist[top] = this.reducedBoxDistance(q, qOff, 0);
    top++;
    while (top > 0) {
      top--;
      const node = stack[top]!;
      if (stackDist[top]! >= outDist[outOff]!) continue;
      const left = nodeLeft[node]!;
      if (left < 0) {
        const end = nodeEnd[node]!;
        const data = this.data;
        const dim = this.dim;
        const l2 = this.metric === 'euclidean';
        for (let p = nodeStart[node]!; p < end; p++) {
          // Partial distances stop as soon as they exceed the current k-th distance.
          const worst = outDist[outOff]!;
          const off = p * dim;
          let dist = 0;
          let j = 0;
          if (l2) {
            for (; j < dim; j++) {
              const diff = q[qOff + j]! - data[off + j]!;
              dist += diff * diff;
              if (dist > worst) break;
            }
          } else {
            for (; j < dim; j++) {
              dist += Math.abs(q[qOff + j]! - data[off + j]!);
              if (dist > worst) break;
            }
          }
          if (j === dim && dist < worst) heapReplaceTop(outPos, outDist, outOff, k, p, dist);
        }
        continue;
      }
      const right = nodeRight[node]!;
      const dl = this.reducedBoxDistance(q, qOff, left);
      const dr = this.reducedBoxDistance(q, qOff, right);
      // Push the farther child first so the nearer one is searched first.
      if (dl <= dr) {
        top = pushNode(stack, stackDist, top, right, dr);
        top = pushNode(stack, stackDist, top, left, dl);
      } else {
        top = pushNode(stack, stackDist, top, left, dl);
        top = pushNode(stack, stackDist, top, right, dr);
      }
      if (top + 2 >= stack.length) {
        // Depth is ~log2(n / leafSize) * 2 entries; grow on the (rare) deep tree.
        const s2 = new Int32Array(stack.length * 2);
        s2.set(stack);
        const d2 = new Float64Array(stack.length * 2);
        d2.set(stackDist);
        stack = s2;
        stackDist = d2;
      }
    }
    heapSortAscending(outPos, outDist, outOff, k);
  }

  /**
   * {@link knnReduced} for every point of the tree at once (query `q` = tree position `q`, itself
   * included), written to `outPos/outDist[q * k ..]`, nearest first. Same traversal order, bounds and
   * tie rules as `knnReduced` (identical results), but monomorphic on the tree's own `Float64Array`
   * with the box bounds inlined, which makes it several times cheaper in the hot all-points loop.
   * `from`/`to` restrict the queries to a range of positions (for chunked, cancellable work).
   * @example
   * const pos = new Int32Array(tree.size * 3), dist = new Float64Array(tree.size * 3);
   * tree.selfKnnReduced(3, pos, dist);
   */
  selfKnnReduced(k: number, outPos: Int32Array, outDist: Float64Array, from = 0, to = this.size): void {
    const nodeLeft = this.nodeLeft;
    const nodeRight = this.nodeRight;
    const nodeStart = this.nodeStart;
    const nodeEnd = this.nodeEnd;
    const lo = this.lo;
    const hi = this.hi;
    const data = this.data;
    const dim = this.dim;
    const l2 = this.metric === 'euclidean';
    let stack = new Int32Array(128);
    let stackDist = new Float64Array(128);
    for (let q = from; q < to; q++) {
      const qOff = q * dim;
      const outOff = q * k;
      for (let s = 0; s < k; s++) {
        outPos[outOff + s] = -1;
        outDist[outOff + s] = Infinity;
      }
      let top = 0;
      stack[0] = 0;
      stackDist[0] = this.reducedBoxDistance(data, qOff, 0);
      top = 1;
      while (top > 0) {
        top--;
        const node = stack[top]!;
        if (stackDist[top]! >= outDist[outOff]!) continue;
        const left = nodeLeft[node]!;
        if (left < 0) {
          const end = nodeEnd[node]!;
          let worst = outDist[outOff]!;
          let p = nodeStart[node]!;
          if (l2) {
            // Two reference points at a time: two independent addition chains (each summed in
            // coordinate order, so the rounding is unchanged). The early exit needs both past the
            // bound; point p + 1 is then judged against the bound left after point p, as in order.
            for (; p + 1 < end; p += 2) {
              const o0 = p * dim;
              const o1 = o0 + dim;
              let s0 = 0;
              let s1 = 0;
              let j = 0;
              for (; j + 4 <= dim; j += 4) {
                const q0 = data[qOff + j]!;
                const q1 = data[qOff + j + 1]!;
                const q2 = data[qOff + j + 2]!;
                const q3 = data[qOff + j + 3]!;
                const a0 = q0 - data[o0 + j]!;
                const b0 = q0 - data[o1 + j]!;
                const a1 = q1 - data[o0 + j + 1]!;
                const b1 = q1 - data[o1 + j + 1]!;
                const a2 = q2 - data[o0 + j + 2]!;
                const b2 = q2 - data[o1 + j + 2]!;
                const a3 = q3 - data[o0 + j + 3]!;
                const b3 = q3 - data[o1 + j + 3]!;
                s0 += a0 * a0;
                s1 += b0 * b0;
                s0 += a1 * a1;
                s1 += b1 * b1;
                s0 += a2 * a2;
                s1 += b2 * b2;
                s0 += a3 * a3;
                s1 += b3 * b3;
                if (s0 > worst && s1 > worst) break;
              }
              if (s0 > worst && s1 > worst) continue;
              for (; j < dim; j++) {
                const a = data[qOff + j]! - data[o0 + j]!;
                const b = data[qOff + j]! - data[o1 + j]!;
                s0 += a * a;
                s1 += b * b;
              }
              if (s0 < worst) {
                heapReplaceTop(outPos, outDist, outOff, k, p, s0);
                worst = outDist[outOff]!;
              }
              if (s1 < worst) {
                heapReplaceTop(outPos, outDist, outOff, k, p + 1, s1);
                worst = outDist[outOff]!;
              }
            }
          }
          for (; p < end; p++) {
            const off = p * dim;
            let dist = 0;
            let j = 0;
            if (l2) {
              // Sequential sum (same rounding as knnReduced); the early exit is tested every 4
              // coordinates (a per-coordinate branch costs more than it saves).
              for (; j + 4 <= dim; j += 4) {
                const d0 = data[qOff + j]! - data[off + j]!;
                const d1 = data[qOff + j + 1]! - data[off + j + 1]!;
                const d2 = data[qOff + j + 2]! - data[off + j + 2]!;
                const d3 = data[qOff + j + 3]! - data[off + j + 3]!;
                dist += d0 * d0;
                dist += d1 * d1;
                dist += d2 * d2;
                dist += d3 * d3;
                if (dist > worst) break;
              }
              if (dist <= worst) {
                for (; j < dim; j++) {
                  const diff = data[qOff + j]! - data[off + j]!;
                  dist += diff * diff;
                }
              }
            } else {
              for (; j < dim; j++) {
                dist += Math.abs(data[qOff + j]! - data[off + j]!);
                if (dist > worst) break;
              }
            }
            if (j === dim && dist < worst) {
              heapReplaceTop(outPos, outDist, outOff, k, p, dist);
              worst = outDist[outOff]!;
            }
          }
          continue;
        }
        const right = nodeRight[node]!;
        const lb = left * dim;
        const rb = right * dim;
        let dl = 0;
        let dr = 0;
        for (let j = 0; j < dim; j++) {
          const v = data[qOff + j]!;
          let g = 0;
          if (v < lo[lb + j]!) g = lo[lb + j]! - v;
          else if (v > hi[lb + j]!) g = v - hi[lb + j]!;
          dl += l2 ? g * g : g;
          g = 0;
          if (v < lo[rb + j]!) g = lo[rb + j]! - v;
          else if (v > hi[rb + j]!) g = v - hi[rb + j]!;
          dr += l2 ? g * g : g;
        }
        if (top + 2 >= stack.length) {
          const s2 = new Int32Array(stack.length * 2);
          s2.set(stack);
          const d2 = new Float64Array(stack.length * 2);
          d2.set(stackDist);
          stack = s2;
          stackDist = d2;
        }
        // Farther child pushed first so the nearer one is searched first.
        if (dl <= dr) {
          stack[top] = right;
          stackDist[top++] = dr;
          stack[top] = left;
          stackDist[top++] = dl;
        } else {
          stack[top] = left;
          stackDist[top++] = dl;
          stack[top] = right;
          stackDist[top++] = dr;
        }
      }
      heapSortAscending(outPos, outDist, outOff, k);
    }
  }

  /**
   * The `k` nearest points to `query` (original row indices, true distances, nearest first; ties in
   * tree order).
   * @example tree.knn([0, 0], 3)
   */
  knn(query: ArrayLike<number>, k: number): KDTreeNeighbors {
    this.checkQuery(query);
    const kk = Math.min(k, this.size);
    const pos = new Int32Array(kk);
    const dist = new Float64Array(kk);
    this.knnReduced(query, 0, kk, pos, dist, 0);
    const indices = new Int32Array(kk);
    for (let s = 0; s < kk; s++) {
      indices[s] = this.order[pos[s]!]!;
      dist[s] = this.toDistance(dist[s]!);
    }
    return { indices, distances: dist };
  }

  /**
   * Calls `visit(pos, reducedDistance)` for every tree position within reduced distance
   * `reducedRadius` (inclusive) of `q[qOff..]`. Returns the number of points visited. When
   * `limit` is given the search stops once that many points were found (for counting).
   */
  radiusReduced(
    q: ArrayLike<number>,
    qOff: number,
    reducedRadius: number,
    visit: ((pos: number, reduced: number) => void) | null,
    limit = Infinity,
    stack: Int32Array = new Int32Array(128),
  ): number {
    let found = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      // Ball and box bound: the ball is what still prunes in high dimensions.
      if (this.toReduced(this.lowerBound(q, qOff, node)) > reducedRadius) continue;
      const left = this.nodeLeft[node]!;
      if (left < 0) {
        const end = this.nodeEnd[node]!;
        for (let p = this.nodeStart[node]!; p < end; p++) {
          const dist = this.reducedDistance(q, qOff, p);
          if (dist <= reducedRadius) {
            found++;
            if (visit !== null) visit(p, dist);
            if (found >= limit) return found;
          }
        }
        continue;
      }
      if (top + 2 >= stack.length) {
        const s2 = new Int32Array(stack.length * 2);
        s2.set(stack);
        stack = s2;
      }
      stack[top++] = this.nodeRight[node]!;
      stack[top++] = left;
    }
    return found;
  }

  /**
   * Every point within `radius` (inclusive) of `query`: original row indices in ascending order and
   * their true distances.
   * @example tree.radius([0, 0], 2.5)
   */
  radius(query: ArrayLike<number>, radius: number): KDTreeNeighbors {
    this.checkQuery(query);
    const hits: number[] = [];
    const dists: number[] = [];
    this.radiusReduced(query, 0, this.toReduced(radius), (p, d) => {
      hits.push(this.order[p]!);
      dists.push(this.toDistance(d));
    });
    const idx = hits.map((_, i) => i).sort((a, b) => hits[a]! - hits[b]!);
    return {
      indices: Int32Array.from(idx, (i) => hits[i]!),
      distances: Float64Array.from(idx, (i) => dists[i]!),
    };
  }

  /**
   * Number of points within `radius` (inclusive) of `query`, stopping early at `limit`.
   * @example tree.radiusCount([0, 0], 1) // 2
   */
  radiusCount(query: ArrayLike<number>, radius: number, limit = Infinity): number {
    this.checkQuery(query);
    return this.radiusReduced(query, 0, this.toReduced(radius), null, limit);
  }

  private checkQuery(query: ArrayLike<number>): void {
    if (query.length !== this.dim) {
      throw new InputError(`Query has ${query.length} values but the tree has ${this.dim} dimensions.`, {
        code: 'BAD_SHAPE',
        field: 'query',
        fix: `Pass a query with ${this.dim} values.`,
      });
    }
  }
}

function pushNode(stack: Int32Array, stackDist: Float64Array, top: number, node: number, dist: number): number {
  stack[top] = node;
  stackDist[top] = dist;
  return top + 1;
}

/** Sifts (p, d) down from the root of a max-heap of `size` entries at `off`, ordered by (distance, position). */
function siftDown(pos: Int32Array, dist: Float64Array, off: number, size: number, p: number, d: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    let c = l;
    if (r < size && (dist[off + r]! > dist[off + l]! || (dist[off + r] === dist[off + l] && pos[off + r]! > pos[off + l]!))) c = r;
    const dc = dist[off + c]!;
    if (dc < d || (dc === d && pos[off + c]! <= p)) break;
    pos[off + i] = pos[off + c]!;
    dist[off + i] = dc;
    i = c;
  }
  pos[off + i] = p;
  dist[off + i] = d;
}

/** Replaces the max of a max-heap of `k` entries (root at `off`) and sifts down. */
function heapReplaceTop(pos: Int32Array, dist: Float64Array, off: number, k: number, p: number, d: number): void {
  siftDown(pos, dist, off, k, p, d);
}

/** Sorts a max-heap slice ascending by (distance, position). */
function heapSortAscending(pos: Int32Array, dist: Float64Array, off: number, k: number): void {
  for (let end = k - 1; end > 0; end--) {
    const p = pos[off + end]!;
    const d = dist[off + end]!;
    pos[off + end] = pos[off]!;
    dist[off + end] = dist[off]!;
    siftDown(pos, dist, off, end, p, d);
  }
}

function quickselect(perm: Int32Array, points: ArrayLike<number>, dim: number, axis: number, left: number, right: number, k: number): void {
  while (right > left) {
    // Median of three as pivot for robustness on sorted input.
    const mid = (left + right) >> 1;
    const a = points[perm[left]! * dim + axis]!;
    const b = points[perm[mid]! * dim + axis]!;
    const c = points[perm[right]! * dim + axis]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (points[perm[i]! * dim + axis]! < pivot) i++;
      while (points[perm[j]! * dim + axis]! > pivot) j--;
      if (i <= j) {
        const t = perm[i]!;
        perm[i] = perm[j]!;
        perm[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
