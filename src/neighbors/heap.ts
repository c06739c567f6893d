/**
 * Fixed-size neighbour heaps for many points at once, stored flat: point `i` owns slots
 * `[i*k, (i+1)*k)` of `indices`/`distances`/`flags`. Each slice is a max-heap on distance, so the
 * worst kept neighbour sits at slot `i*k` and a candidate is rejected with one comparison.
 *
 * @example
 * const h = createNeighborHeap(100, 15);
 * heapPush(h, 0, 1.5, 7, 1);
 * sortHeap(h); // each row ascending
 */
export interface NeighborHeap {
  readonly n: number;
  readonly k: number;
  /** Neighbour ids, -1 for an empty slot. */
  readonly indices: Int32Array;
  /** Distances (whatever unit the caller pushes; +Infinity for an empty slot). */
  readonly distances: Float64Array;
  /** One byte per slot; NN-descent marks "new" neighbours with 1. */
  readonly flags: Uint8Array;
}

/** Allocates `n` empty heaps of size `k`. @example createNeighborHeap(10, 3) */
export function createNeighborHeap(n: number, k: number): NeighborHeap {
  const indices = new Int32Array(n * k).fill(-1);
  const distances = new Float64Array(n * k).fill(Infinity);
  return { n, k, indices, distances, flags: new Uint8Array(n * k) };
}

/**
 * Offers neighbour `index` at `distance` to point `row`'s heap. Returns 1 when the heap changed,
 * 0 when the candidate was worse than every kept one or already present.
 *
 * @example heapPush(h, 3, 0.25, 9, 1)
 */
export function heapPush(heap: NeighborHeap, row: number, distance: number, index: number, flag: number): number {
  const { k, indices, distances, flags } = heap;
  const base = row * k;
  if (!(distance < distances[base]!)) return 0;
  for (let s = base; s < base + k; s++) if (indices[s] === index) return 0;
  // Replace the root (the worst) and sift the newcomer down.
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= k) break;
    const right = left + 1;
    let child = left;
    if (right < k && distances[base + right]! > distances[base + left]!) child = right;
    if (distances[base + child]! <= distance) break;
    distances[base + pos] = distances[base + child]!;
    indices[base + pos] = indices[base + child]!;
    flags[base + pos] = flags[base + child]!;
    pos = child;
  }
  distances[base + pos] = distance;
  indices[base + pos] = index;
  flags[base + pos] = flag;
  return 1;
}

/** The largest distance kept for `row` (+Infinity until the heap is full). */
export function heapWorst(heap: NeighborHeap, row: number): number {
  return heap.distances[row * heap.k]!;
}

/**
 * Sorts every row's slots ascending by distance (ties by index, for determinism), in place.
 * Afterwards the rows are no longer heaps.
 */
export function sortHeap(heap: NeighborHeap): void {
  const { n, k, indices, distances } = heap;
  const order = new Int32Array(k);
  const dTmp = new Float64Array(k);
  const iTmp = new Int32Array(k);
  for (let r = 0; r < n; r++) {
    const base = r * k;
    for (let s = 0; s < k; s++) order[s] = s;
    // Insertion sort: k is small (≤ ~100).
    for (let a = 1; a < k; a++) {
      const o = order[a]!;
      const dv = distances[base + o]!;
      const iv = indices[base + o]!;
      let b = a - 1;
      while (b >= 0) {
        const p = order[b]!;
        const dp = distances[base + p]!;
        if (dp > dv || (dp === dv && indices[base + p]! > iv)) {
          order[b + 1] = p;
          b--;
        } else break;
      }
      order[b + 1] = o;
    }
    for (let s = 0; s < k; s++) {
      dTmp[s] = distances[base + order[s]!]!;
      iTmp[s] = indices[base + order[s]!]!;
    }
    distances.set(dTmp, base);
    indices.set(iTmp, base);
  }
}
