import { instantiateKernels } from '../linalg/wasm.js';
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

interface TreeExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  transpose_leaves(dim: number, nodes: number, data: number, left: number, start: number, end: number, tdata: number): void;
  self_knn(
    dim: number,
    k: number,
    data: number,
    tdata: number,
    lo: number,
    hi: number,
    left: number,
    start: number,
    end: number,
    outPos: number,
    outDist: number,
    from: number,
    to: number,
    stack: number,
    stackDist: number,
  ): void;
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
  if (tree.metric !== 'euclidean') return null;
  const n = tree.size;
  const dim = tree.dim;
  const nodes = tree.nodeCount;
  const bytes = 16 * n * dim + 16 * nodes * dim + 12 * nodes + 12 * n * k + 12 * STACK + 1024;
  const instance = instantiateKernels(TREE_KERNELS_WASM_BASE64, bytes);
  if (!instance) return null;
  const ex = instance.exports as unknown as TreeExports;
  const ptr = [8 * n * dim, 8 * n * dim, 8 * nodes * dim, 8 * nodes * dim, 4 * nodes, 4 * nodes, 4 * nodes, 4 * n * k, 8 * n * k, 4 * STACK, 8 * STACK].map(
    (size) => ex.alloc(size) >>> 0,
  );
  if (ptr.some((p) => p === 0)) return null;
  const [data, tdata, lo, hi, left, start, end, outPos, outDist, stack, stackDist] = ptr as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const buffer = ex.memory.buffer;
  new Float64Array(buffer, data, n * dim).set(tree.data);
  new Float64Array(buffer, lo, nodes * dim).set(tree.lo.subarray(0, nodes * dim));
  new Float64Array(buffer, hi, nodes * dim).set(tree.hi.subarray(0, nodes * dim));
  new Int32Array(buffer, left, nodes).set(tree.nodeLeft.subarray(0, nodes));
  new Int32Array(buffer, start, nodes).set(tree.nodeStart.subarray(0, nodes));
  new Int32Array(buffer, end, nodes).set(tree.nodeEnd.subarray(0, nodes));
  ex.transpose_leaves(dim, nodes, data, left, start, end, tdata);
  return {
    pos: new Int32Array(buffer, outPos, n * k),
    dist: new Float64Array(buffer, outDist, n * k),
    run(from: number, to: number): void {
      from = Math.max(0, from);
      to = Math.min(n, to);
      if (from < to) ex.self_knn(dim, k, data, tdata, lo, hi, left, start, end, outPos, outDist, from, to, stack, stackDist);
    },
  };
}
