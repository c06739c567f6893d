import { KDTree } from '../neighbors/kdtree.js';
import { radiusKernel, type RadiusKernel } from '../neighbors/tree-kernels.js';
import type { MetricSpace } from './distance.js';

/**
 * Fixed-radius neighbour search for DBSCAN and OPTICS: a KD-tree (box and ball bounds) over the
 * metric's index space. Distances passed in and out
 * are base distances (Euclidean or L1, not squared); the caller maps them with the metric space.
 * @internal
 */
export class RadiusIndex {
  private readonly tree: KDTree | null;
  private stack = new Int32Array(256);
  /** The same search in WebAssembly (euclidean), with each row's tree position. */
  private readonly kernel: RadiusKernel | null;
  private readonly position: Int32Array | null;
  constructor(readonly space: MetricSpace) {
    // The tree's ball bounds keep pruning in high dimensions on clustered data, so it is used at any
    // dimension (a linear scan only for an empty input).
    this.tree = space.rows > 0 ? KDTree.build(space.data, space.rows, space.dim, { metric: space.base, leafSize: 16 }) : null;
    this.kernel = this.tree ? radiusKernel(this.tree) : null;
    this.position = null;
    if (this.kernel && this.tree) {
      const position = new Int32Array(space.rows);
      this.tree.order.forEach((row, pos) => (position[row] = pos));
      this.position = position;
    }
  }

  /** Calls `visit(j, baseDistance)` for every row within `radius` (inclusive) of row `i`, itself included. */
  forEach(i: number, radius: number, visit: (j: number, distance: number) => void): void {
    const space = this.space;
    const dim = space.dim;
    const l2 = space.base === 'euclidean';
    if (this.kernel && this.tree && this.position) {
      const order = this.tree.order;
      const found = this.kernel.query(this.position[i]!, radius * radius, Infinity);
      const pos = this.kernel.pos;
      const dist = this.kernel.dist;
      for (let s = 0; s < found; s++) visit(order[pos[s]!]!, Math.sqrt(dist[s]!));
      return;
    }
    if (this.tree) {
      const tree = this.tree;
      const order = tree.order;
      tree.radiusReduced(space.data, i * dim, tree.toReduced(radius), (p, reduced) => visit(order[p]!, l2 ? Math.sqrt(reduced) : reduced), Infinity, this.stack);
      return;
    }
    const data = space.data;
    const r = l2 ? radius * radius : radius;
    const off = i * dim;
    for (let j = 0; j < space.rows; j++) {
      let s = 0;
      const jo = j * dim;
      for (let t = 0; t < dim; t++) {
        const diff = data[off + t]! - data[jo + t]!;
        s += l2 ? diff * diff : Math.abs(diff);
      }
      if (s <= r) visit(j, l2 ? Math.sqrt(s) : s);
    }
  }

  /** Rows found by the last {@link RadiusIndex.neighbours} call (the first `count` entries). */
  rows = new Int32Array(256);
  /** Their base distances. */
  distances = new Float64Array(256);

  /**
   * Every row within `radius` (inclusive) of row `i`, itself included, written to `rows` /
   * `distances` in the order {@link RadiusIndex.forEach} visits them; returns how many.
   */
  neighbours(i: number, radius: number): number {
    if (this.kernel && this.tree && this.position) {
      const found = this.kernel.query(this.position[i]!, radius * radius, Infinity);
      this.reserve(found);
      const order = this.tree.order;
      const pos = this.kernel.pos;
      const dist = this.kernel.dist;
      const rows = this.rows;
      const distances = this.distances;
      for (let s = 0; s < found; s++) {
        rows[s] = order[pos[s]!]!;
        distances[s] = Math.sqrt(dist[s]!);
      }
      return found;
    }
    let found = 0;
    this.forEach(i, radius, (j, d) => {
      this.reserve(found + 1);
      this.rows[found] = j;
      this.distances[found++] = d;
    });
    return found;
  }

  private reserve(size: number): void {
    if (size <= this.rows.length) return;
    let cap = this.rows.length;
    while (cap < size) cap *= 2;
    const rows = new Int32Array(cap);
    rows.set(this.rows);
    const distances = new Float64Array(cap);
    distances.set(this.distances);
    this.rows = rows;
    this.distances = distances;
  }

  /** Number of rows within `radius` of row `i` (itself included), counting no further than `limit`. */
  count(i: number, radius: number, limit: number): number {
    const space = this.space;
    if (this.kernel && this.position) return this.kernel.query(this.position[i]!, radius * radius, limit);
    if (this.tree) {
      const tree = this.tree;
      return tree.radiusReduced(space.data, i * space.dim, tree.toReduced(radius), null, limit, this.stack);
    }
    let c = 0;
    this.forEach(i, radius, () => {
      c++;
    });
    return Math.min(c, limit);
  }
}
