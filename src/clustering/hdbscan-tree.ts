import type { SpanningTree } from './hdbscan-mst.js';

/**
 * HDBSCAN's hierarchy: the single-linkage tree of the mutual-reachability spanning tree, the
 * condensed tree, cluster stabilities and the selection of flat clusters. The steps follow
 * Campello, Moulavi & Sander (2013) and McInnes & Healy (2017) as implemented by the `hdbscan`
 * Python package, so numbering conventions match it: points are `0..n-1`, condensed clusters are
 * `n, n+1, ...` in breadth-first order from the root `n`.
 * @internal
 */

/**
 * The single-linkage dendrogram in SciPy's linkage format: row `r` merges `left[r]` and `right[r]`
 * (points `< n`, merged clusters `n + row`) at `distance[r]` into a cluster of `size[r]` points.
 */
export interface SingleLinkageTree {
  left: Int32Array;
  right: Int32Array;
  distance: Float64Array;
  size: Int32Array;
}

/**
 * HDBSCAN's condensed tree as parallel arrays (one row per edge), as in the `hdbscan` Python
 * package: `child` is a point (`< n`) or a cluster (`≥ n`), `lambda` is 1 / distance at which the
 * child left `parent`, and `childSize` is the number of points in `child`.
 */
export interface CondensedTree {
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  childSize: Int32Array;
  /** Number of points (`n`); cluster ids start here and the root is `n`. */
  nPoints: number;
}

/** Sorts the spanning tree's edges by weight (ties by edge index) and merges them. */
export function singleLinkage(mst: SpanningTree, n: number): SingleLinkageTree {
  const m = mst.weight.length;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  const w = mst.weight;
  order.sort((a, b) => w[a]! - w[b]! || a - b);
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const distance = new Float64Array(m);
  const size = new Int32Array(m);
  const parent = new Int32Array(2 * n - 1 > 0 ? 2 * n - 1 : 1).fill(-1);
  const sizes = new Int32Array(2 * n - 1 > 0 ? 2 * n - 1 : 1).fill(1);
  const find = (x: number): number => {
    let r = x;
    while (parent[r]! >= 0) r = parent[r]!;
    while (parent[x]! >= 0 && parent[x] !== r) {
      const next = parent[x]!;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  for (let r = 0; r < m; r++) {
    const e = order[r]!;
    const a = find(mst.from[e]!);
    const b = find(mst.to[e]!);
    const next = n + r;
    left[r] = a;
    right[r] = b;
    distance[r] = w[e]!;
    size[r] = sizes[a]! + sizes[b]!;
    sizes[next] = size[r]!;
    parent[a] = next;
    parent[b] = next;
  }
  return { left, right, distance, size };
}

/** Condenses the dendrogram: splits that leave fewer than `minClusterSize` points are points falling out. */
export function condenseTree(slt: SingleLinkageTree, n: number, minClusterSize: number): CondensedTree {
  const rows = n; // points
  const cap = 2 * n + 2;
  const parent = new Int32Array(cap);
  const child = new Int32Array(cap);
  const lambda = new Float64Array(cap);
  const childSize = new Int32Array(cap);
  let count = 0;
  const push = (p: number, c: number, l: number, s: number): void => {
    parent[count] = p;
    child[count] = c;
    lambda[count] = l;
    childSize[count] = s;
    count++;
  };
  if (n <= 1) {
    if (n === 1) push(1, 0, Infinity, 1);
    return { parent: parent.slice(0, count), child: child.slice(0, count), lambda: lambda.slice(0, count), childSize: childSize.slice(0, count), nPoints: n };
  }
  const root = 2 * n - 2;
  const relabel = new Int32Array(2 * n - 1);
  relabel[root] = n;
  let nextLabel = n + 1;
  const nodeSize = (node: number): number => (node < rows ? 1 : slt.size[node - rows]!);
  const fallStack: number[] = [];
  const fallOut = (node: number, clusterLabel: number, l: number): void => {
    fallStack.push(node);
    while (fallStack.length > 0) {
      const v = fallStack.pop()!;
      if (v < rows) push(clusterLabel, v, l, 1);
      else {
        fallStack.push(slt.right[v - rows]!, slt.left[v - rows]!);
      }
    }
  };
  // Breadth-first over the internal nodes that still belong to a cluster.
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = root;
  while (head < tail) {
    const node = queue[head++]!;
    const r = node - rows;
    const left = slt.left[r]!;
    const right = slt.right[r]!;
    const d = slt.distance[r]!;
    const l = d > 0 ? 1 / d : Infinity;
    const ls = nodeSize(left);
    const rs = nodeSize(right);
    const label = relabel[node]!;
    if (ls >= minClusterSize && rs >= minClusterSize) {
      relabel[left] = nextLabel++;
      push(label, relabel[left]!, l, ls);
      relabel[right] = nextLabel++;
      push(label, relabel[right]!, l, rs);
      if (left >= rows) queue[tail++] = left;
      if (right >= rows) queue[tail++] = right;
    } else if (ls < minClusterSize && rs < minClusterSize) {
      fallOut(left, label, l);
      fallOut(right, label, l);
    } else if (ls < minClusterSize) {
      relabel[right] = label;
      fallOut(left, label, l);
      if (right >= rows) queue[tail++] = right;
      else push(label, right, l, 1);
    } else {
      relabel[left] = label;
      fallOut(right, label, l);
      if (left >= rows) queue[tail++] = left;
      else push(label, left, l, 1);
    }
  }
  return {
    parent: parent.slice(0, count),
    child: child.slice(0, count),
    lambda: lambda.slice(0, count),
    childSize: childSize.slice(0, count),
    nPoints: n,
  };
}

/** Per-cluster facts derived from the condensed tree (index = cluster id − n). */
export interface ClusterTreeInfo {
  nClustersInTree: number;
  /** Parent cluster index, -1 for the root. */
  clusterParent: Int32Array;
  /** Lambda at which the cluster was born (0 for the root). */
  birth: Float64Array;
  /** Points in the cluster when it was born. */
  clusterSize: Int32Array;
  /** Excess-of-mass stability. */
  stability: Float64Array;
  /** Largest lambda among the cluster's direct rows (points and child clusters). */
  directMaxLambda: Float64Array;
  /** Largest lambda anywhere in the cluster's subtree. */
  subtreeMaxLambda: Float64Array;
  /** Whether the cluster has child clusters. */
  hasChildren: Uint8Array;
  /** The cluster each point fell out of (index), and the lambda at which it did. */
  pointCluster: Int32Array;
  pointLambda: Float64Array;
}

/** Computes {@link ClusterTreeInfo}: stabilities, births, deaths. */
export function clusterTreeInfo(tree: CondensedTree): ClusterTreeInfo {
  const n = tree.nPoints;
  let maxId = n;
  for (let r = 0; r < tree.child.length; r++) if (tree.child[r]! > maxId) maxId = tree.child[r]!;
  const c = Math.max(1, maxId - n + 1);
  const clusterParent = new Int32Array(c).fill(-1);
  const birth = new Float64Array(c);
  const clusterSize = new Int32Array(c);
  const stability = new Float64Array(c);
  const directMaxLambda = new Float64Array(c);
  const hasChildren = new Uint8Array(c);
  const pointCluster = new Int32Array(n).fill(-1);
  const pointLambda = new Float64Array(n);
  clusterSize[0] = n;
  for (let r = 0; r < tree.child.length; r++) {
    const ch = tree.child[r]!;
    const p = tree.parent[r]! - n;
    if (ch >= n) {
      clusterParent[ch - n] = p;
      birth[ch - n] = tree.lambda[r]!;
      clusterSize[ch - n] = tree.childSize[r]!;
      hasChildren[p] = 1;
    } else {
      pointCluster[ch] = p;
      pointLambda[ch] = tree.lambda[r]!;
    }
  }
  for (let r = 0; r < tree.child.length; r++) {
    const p = tree.parent[r]! - n;
    const l = tree.lambda[r]!;
    const b = birth[p]!;
    if (b !== Infinity) stability[p]! += (l - b) * tree.childSize[r]!;
    if (l > directMaxLambda[p]!) directMaxLambda[p] = l;
  }
  // Children have larger ids than parents, so one backward pass propagates subtree maxima.
  const subtreeMaxLambda = Float64Array.from(directMaxLambda);
  for (let i = c - 1; i > 0; i--) {
    const p = clusterParent[i]!;
    if (p >= 0 && subtreeMaxLambda[i]! > subtreeMaxLambda[p]!) subtreeMaxLambda[p] = subtreeMaxLambda[i]!;
  }
  return {
    nClustersInTree: c,
    clusterParent,
    birth,
    clusterSize,
    stability,
    directMaxLambda,
    subtreeMaxLambda,
    hasChildren,
    pointCluster,
    pointLambda,
  };
}

/** How flat clusters are picked from the condensed tree. */
export interface SelectionOptions {
  method: 'eom' | 'leaf';
  allowSingleCluster: boolean;
  clusterSelectionEpsilon: number;
  /** 0 = no limit. */
  maxClusterSize: number;
}

/** Marks the selected clusters (by index). */
export function selectClusters(info: ClusterTreeInfo, opts: SelectionOptions): Uint8Array {
  const c = info.nClustersInTree;
  const selected = new Uint8Array(c);
  const children: number[][] = Array.from({ length: c }, () => []);
  for (let i = 1; i < c; i++) children[info.clusterParent[i]!]!.push(i);
  const unselectSubtree = (root: number): void => {
    const stack = [...children[root]!];
    while (stack.length > 0) {
      const v = stack.pop()!;
      selected[v] = 0;
      for (const ch of children[v]!) stack.push(ch);
    }
  };
  const maxSize = opts.maxClusterSize > 0 ? opts.maxClusterSize : Infinity;
  const first = opts.allowSingleCluster ? 0 : 1;
  if (opts.method === 'eom') {
    const stability = Float64Array.from(info.stability);
    for (let i = c - 1; i >= first; i--) {
      let sub = 0;
      for (const ch of children[i]!) sub += stability[ch]!;
      if (sub > stability[i]! || info.clusterSize[i]! > maxSize) {
        selected[i] = 0;
        stability[i] = sub;
      } else {
        selected[i] = 1;
        unselectSubtree(i);
      }
    }
    if (opts.clusterSelectionEpsilon > 0 && c > 1) {
      const eom: number[] = [];
      for (let i = 0; i < c; i++) if (selected[i]) eom.push(i);
      selected.fill(0);
      if (eom.length === 1 && eom[0] === 0) {
        if (opts.allowSingleCluster) selected[0] = 1;
      } else {
        for (const s of epsilonSearch(eom, info, children, opts)) selected[s] = 1;
      }
    }
  } else {
    const leaves: number[] = [];
    for (let i = 1; i < c; i++) if (children[i]!.length === 0) leaves.push(i);
    if (leaves.length === 0) {
      // No split survived: the root is the only candidate.
      selected[0] = opts.allowSingleCluster ? 1 : 0;
    } else if (opts.clusterSelectionEpsilon > 0) {
      for (const s of epsilonSearch(leaves, info, children, opts)) selected[s] = 1;
    } else {
      for (const s of leaves) selected[s] = 1;
    }
  }
  return selected;
}

/** Merges selected clusters born below `clusterSelectionEpsilon` (distance) into their ancestors. */
function epsilonSearch(candidates: number[], info: ClusterTreeInfo, children: number[][], opts: SelectionOptions): number[] {
  const eps = opts.clusterSelectionEpsilon;
  const out: number[] = [];
  const processed = new Set<number>();
  const birthEps = (i: number): number => 1 / info.birth[i]!;
  for (const leaf of candidates) {
    if (birthEps(leaf) < eps) {
      if (processed.has(leaf)) continue;
      // Walk up to the first ancestor born at a distance above eps.
      let node = leaf;
      for (;;) {
        const parent = info.clusterParent[node]!;
        if (parent <= 0) {
          if (parent === 0 && opts.allowSingleCluster) node = 0;
          break;
        }
        node = parent;
        if (birthEps(parent) > eps) break;
      }
      if (!out.includes(node)) out.push(node);
      const stack = [...children[node]!];
      while (stack.length > 0) {
        const v = stack.pop()!;
        processed.add(v);
        for (const ch of children[v]!) stack.push(ch);
      }
    } else if (!out.includes(leaf)) {
      out.push(leaf);
    }
  }
  return out;
}

/** Flat labels, probabilities and GLOSH scores for the selected clusters. */
export interface FlatClustering {
  labels: Int32Array;
  probabilities: Float64Array;
  outlierScores: Float64Array;
  nClusters: number;
  /** Cluster index (tree) of each label. */
  labelCluster: Int32Array;
  /** Label of each tree cluster's selected ancestor (itself included), -1 when none. */
  clusterLabel: Int32Array;
}

/** Labels every point by its selected ancestor; labels are numbered in condensed-tree order. */
export function flatClustering(info: ClusterTreeInfo, selected: Uint8Array, opts: SelectionOptions): FlatClustering {
  const c = info.nClustersInTree;
  const n = info.pointCluster.length;
  const labelCluster: number[] = [];
  const clusterLabel = new Int32Array(c).fill(-1);
  for (let i = 0; i < c; i++) {
    if (selected[i]) {
      clusterLabel[i] = labelCluster.length;
      labelCluster.push(i);
    }
  }
  // Parents come before children, so one forward pass inherits the selected ancestor's label.
  for (let i = 1; i < c; i++) {
    if (clusterLabel[i]! < 0) clusterLabel[i] = clusterLabel[info.clusterParent[i]!]!;
  }
  const labels = new Int32Array(n);
  const probabilities = new Float64Array(n);
  const outlierScores = new Float64Array(n);
  const rootSelected = selected[0] === 1;
  for (let p = 0; p < n; p++) {
    const pc = info.pointCluster[p]!;
    const l = info.pointLambda[p]!;
    let label = pc >= 0 ? clusterLabel[pc]! : -1;
    if (rootSelected && label === 0 && pc === 0 && opts.clusterSelectionEpsilon > 0 && l < 1 / opts.clusterSelectionEpsilon) {
      label = -1;
    }
    labels[p] = label;
    if (label >= 0) {
      const maxLambda = info.directMaxLambda[labelCluster[label]!]!;
      if (maxLambda === 0 || !Number.isFinite(l)) probabilities[p] = 1;
      else probabilities[p] = Math.min(l, maxLambda) / maxLambda;
    }
    const death = pc >= 0 ? info.subtreeMaxLambda[pc]! : 0;
    if (death === 0 || !Number.isFinite(l)) outlierScores[p] = 0;
    else if (death === Infinity) outlierScores[p] = 1;
    else outlierScores[p] = (death - l) / death;
  }
  return { labels, probabilities, outlierScores, nClusters: labelCluster.length, labelCluster: Int32Array.from(labelCluster), clusterLabel };
}

/**
 * Exemplars of each selected cluster: in every leaf of its subtree, the points that stay until the
 * leaf's largest lambda (the "heart" of the leaf), as in the `hdbscan` package.
 */
export function clusterExemplars(info: ClusterTreeInfo, flat: FlatClustering): Int32Array[] {
  const c = info.nClustersInTree;
  const n = info.pointCluster.length;
  const out: number[][] = Array.from({ length: flat.nClusters }, () => []);
  for (let p = 0; p < n; p++) {
    const pc = info.pointCluster[p]!;
    if (pc < 0 || pc >= c || info.hasChildren[pc]) continue;
    const label = flat.clusterLabel[pc]!;
    if (label < 0) continue;
    if (info.pointLambda[p] === info.directMaxLambda[pc]) out[label]!.push(p);
  }
  return out.map((e) => Int32Array.from(e));
}
