/**
 * A point quad tree on flat typed arrays for Barnes–Hut t-SNE: every node keeps its point count and
 * centre of mass; a leaf keeps one point (or several identical ones). Rebuilt every iteration.
 */
export class QuadTree {
  private capacity: number;
  count!: Int32Array;
  comX!: Float64Array;
  comY!: Float64Array;
  cx!: Float64Array;
  cy!: Float64Array;
  half!: Float64Array;
  /** Index of the first of four children, −1 for a leaf. */
  child!: Int32Array;
  /** The point in a leaf, −1 when empty or internal. */
  point!: Int32Array;
  size = 0;
  /** After `build`: per node [comX, comY, width², count], packed for cache-friendly traversal. */
  packed: Float64Array = new Float64Array(0);

  constructor(n: number) {
    this.capacity = 0;
    this.grow(Math.max(16, 4 * n + 1));
  }

  private grow(capacity: number): void {
    const copyI = (a: Int32Array | undefined): Int32Array => {
      const out = new Int32Array(capacity);
      if (a) out.set(a.subarray(0, this.size));
      return out;
    };
    const copyF = (a: Float64Array | undefined): Float64Array => {
      const out = new Float64Array(capacity);
      if (a) out.set(a.subarray(0, this.size));
      return out;
    };
    this.count = copyI(this.count);
    this.child = copyI(this.child);
    this.point = copyI(this.point);
    this.comX = copyF(this.comX);
    this.comY = copyF(this.comY);
    this.cx = copyF(this.cx);
    this.cy = copyF(this.cy);
    this.half = copyF(this.half);
    this.capacity = capacity;
  }

  private newNode(cx: number, cy: number, half: number): number {
    if (this.size >= this.capacity) this.grow(this.capacity * 2);
    const id = this.size++;
    this.count[id] = 0;
    this.comX[id] = 0;
    this.comY[id] = 0;
    this.cx[id] = cx;
    this.cy[id] = cy;
    this.half[id] = half;
    this.child[id] = -1;
    this.point[id] = -1;
    return id;
  }

  /** Builds the tree over `y` (n × 2, row-major). */
  build(y: Float64Array, n: number): void {
    this.size = 0;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x0 = y[2 * i]!;
      const y0 = y[2 * i + 1]!;
      if (x0 < minX) minX = x0;
      if (x0 > maxX) maxX = x0;
      if (y0 < minY) minY = y0;
      if (y0 > maxY) maxY = y0;
    }
    const half = Math.max(maxX - minX, maxY - minY) / 2 + 1e-5;
    this.newNode((minX + maxX) / 2, (minY + maxY) / 2, half * (1 + 1e-3));
    for (let i = 0; i < n; i++) this.insert(i, y[2 * i]!, y[2 * i + 1]!, y);
    if (this.packed.length < 4 * this.size) this.packed = new Float64Array(4 * this.capacity);
    const packed = this.packed;
    for (let node = 0; node < this.size; node++) {
      const c = this.count[node]!;
      if (c > 0) {
        this.comX[node] = this.comX[node]! / c;
        this.comY[node] = this.comY[node]! / c;
      }
      const w = 2 * this.half[node]!;
      packed[4 * node] = this.comX[node]!;
      packed[4 * node + 1] = this.comY[node]!;
      packed[4 * node + 2] = w * w;
      packed[4 * node + 3] = c;
    }
  }

  private insert(i: number, px: number, py: number, y: Float64Array): void {
    let node = 0;
    for (let depth = 0; ; depth++) {
      const c = this.count[node]!;
      this.count[node] = c + 1;
      this.comX[node] = this.comX[node]! + px;
      this.comY[node] = this.comY[node]! + py;
      if (this.child[node] === -1) {
        if (c === 0) {
          this.point[node] = i;
          return;
        }
        const p = this.point[node]!;
        // Identical points (or a very deep tree) share a leaf.
        if (p < 0 || depth > 60 || (y[2 * p] === px && y[2 * p + 1] === py)) return;
        // Split: four children, move the resident point down.
        const h = this.half[node]! / 2;
        const cx = this.cx[node]!;
        const cy = this.cy[node]!;
        const first = this.newNode(cx - h, cy - h, h);
        this.newNode(cx + h, cy - h, h);
        this.newNode(cx - h, cy + h, h);
        this.newNode(cx + h, cy + h, h);
        this.child[node] = first;
        this.point[node] = -1;
        const qx = y[2 * p]!;
        const qy = y[2 * p + 1]!;
        const pc = first + (qx > cx ? 1 : 0) + (qy > cy ? 2 : 0);
        this.count[pc] = 1;
        this.comX[pc] = qx;
        this.comY[pc] = qy;
        this.point[pc] = p;
      }
      const cx = this.cx[node]!;
      const cy = this.cy[node]!;
      node = this.child[node]! + (px > cx ? 1 : 0) + (py > cy ? 2 : 0);
    }
  }
}
