import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/random.js';
import { parseOptions } from './options.js';

/** Options of {@link fitDecisionTree}. */
export const DecisionTreeOptionsSchema = z.object({
  /** Maximum depth (root = depth 0). Default `3`. */
  maxDepth: z.number().int().min(1).max(12).default(3),
  /** Smallest number of rows in a leaf. Default `1`. */
  minSamplesLeaf: z.number().int().min(1).default(1),
  /** Smallest number of rows a node needs to be split. Default `2`. */
  minSamplesSplit: z.number().int().min(2).default(2),
  /** Seed of the feature order, which decides between equally good splits. Default `42`. */
  seed: z.number().int().default(42),
});

/** Input type of the {@link fitDecisionTree} options. */
export type DecisionTreeOptions = z.input<typeof DecisionTreeOptionsSchema>;

/** One node of a {@link DecisionTree}; leaves have `feature === -1`. */
export interface TreeNode {
  /** Column tested (`x[feature] <= threshold` goes left), or `-1` for a leaf. */
  feature: number;
  threshold: number;
  left: number;
  right: number;
  depth: number;
  /** Rows reaching the node. */
  n: number;
  /** Rows per class (index into {@link DecisionTree.classes}). */
  counts: Float64Array;
  /** Majority class label (ties: the smaller label). */
  prediction: number;
  /** Gini impurity `1 − Σ p²`. */
  impurity: number;
}

/** A fitted CART classification tree. Node 0 is the root. */
export interface DecisionTree {
  nodes: TreeNode[];
  /** Class labels, ascending; `counts[k]` is about `classes[k]`. */
  classes: number[];
  nFeatures: number;
}

function gini(counts: Float64Array, n: number): number {
  if (n === 0) return 0;
  let s = 0;
  for (let k = 0; k < counts.length; k++) s += counts[k]! * counts[k]!;
  return 1 - s / (n * n);
}

/**
 * Fits a CART classification tree with Gini impurity, like scikit-learn's
 * `DecisionTreeClassifier(criterion='gini')`: at each node every column is scanned for the
 * threshold (midpoint between consecutive distinct values) that minimises the weighted child
 * impurity; rows with `x <= threshold` go left. Columns are presorted once, so a depth-3 tree
 * costs a few passes over the data per level. `NaN` must be imputed beforehand.
 *
 * @example
 * const tree = fitDecisionTree(fromArrays([[1], [2], [10], [11]]), Int32Array.from([0, 0, 1, 1]));
 * tree.nodes[0].threshold; // 6
 */
export function fitDecisionTree(x: Matrix, y: ArrayLike<number>, options: DecisionTreeOptions = {}): DecisionTree {
  const o = parseOptions(DecisionTreeOptionsSchema, options, 'decisionTree');
  const n = x.rows;
  const d = x.cols;
  if (y.length !== n) {
    throw new InputError(`The tree got ${n} rows but ${y.length} labels.`, {
      code: 'LENGTH_MISMATCH',
      field: 'labels',
      fix: 'Pass one label per row.',
    });
  }
  if (n === 0) {
    throw new InputError('Cannot fit a tree on zero rows.', { code: 'EMPTY_INPUT', field: 'x', fix: 'Pass at least one row.' });
  }
  for (let i = 0; i < x.data.length; i++) {
    if (Number.isNaN(x.data[i]!)) {
      throw new InputError(`Value at row ${Math.floor(i / d)}, column ${i % d} is NaN.`, {
        code: 'MISSING_VALUE',
        field: `x[${Math.floor(i / d)}][${i % d}]`,
        fix: 'Impute missing values (e.g. with the column mean) before fitting the tree.',
      });
    }
  }
  const classes = [...new Set(Array.from(y))].sort((a, b) => a - b);
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const K = classes.length;
  const yk = new Int32Array(n);
  for (let i = 0; i < n; i++) yk[i] = classIndex.get(y[i]!)!;

  // Presort every column once; each node then sweeps the sorted orders, skipping foreign rows.
  const sorted: Int32Array[] = [];
  for (let j = 0; j < d; j++) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = x.data[i * d + j]!;
    idx.sort((a, b) => col[a]! - col[b]! || a - b);
    sorted.push(idx);
  }
  const featureOrder = createRng(o.seed).shuffle(Array.from({ length: d }, (_, j) => j));
  const nodeOf = new Int32Array(n); // all rows start at the root (node 0)
  const nodes: TreeNode[] = [];

  const makeNode = (depth: number, counts: Float64Array, size: number): number => {
    let best = 0;
    for (let k = 1; k < K; k++) if (counts[k]! > counts[best]!) best = k;
    nodes.push({ feature: -1, threshold: NaN, left: -1, right: -1, depth, n: size, counts, prediction: classes[best]!, impurity: gini(counts, size) });
    return nodes.length - 1;
  };
  const rootCounts = new Float64Array(K);
  for (let i = 0; i < n; i++) rootCounts[yk[i]!]!++;
  makeNode(0, rootCounts, n);

  const left = new Float64Array(K);
  for (let queue = [0]; queue.length > 0; ) {
    const id = queue.shift()!;
    const node = nodes[id]!;
    if (node.depth >= o.maxDepth || node.n < o.minSamplesSplit || node.impurity === 0 || node.n < 2 * o.minSamplesLeaf) continue;
    const total = node.counts;
    let bestScore = node.impurity * node.n - 1e-12; // weighted impurity to beat (n · gini)
    let bestFeature = -1;
    let bestThreshold = NaN;
    for (const j of featureOrder) {
      const order = sorted[j]!;
      left.fill(0);
      let nl = 0;
      let sumL = 0; // Σ left_k²
      let sumR = 0; // Σ right_k²
      for (let k = 0; k < K; k++) sumR += total[k]! * total[k]!;
      let prev = -1;
      for (let t = 0; t < n; t++) {
        const i = order[t]!;
        if (nodeOf[i] !== id) continue;
        if (prev >= 0) {
          const vPrev = x.data[prev * d + j]!;
          const v = x.data[i * d + j]!;
          const nr = node.n - nl;
          if (v > vPrev && nl >= o.minSamplesLeaf && nr >= o.minSamplesLeaf) {
            // n_l·gini_l + n_r·gini_r = n − Σl²/n_l − Σr²/n_r
            const score = node.n - sumL / nl - sumR / nr;
            if (score < bestScore) {
              bestScore = score;
              bestFeature = j;
              bestThreshold = vPrev + (v - vPrev) / 2;
              if (bestThreshold === v) bestThreshold = vPrev; // midpoint rounded up to v
            }
          }
        }
        const k = yk[i]!;
        const l = left[k]!;
        const r = total[k]! - l;
        sumL += 2 * l + 1; // (l+1)² − l²
        sumR -= 2 * r - 1; // r² − (r−1)²
        left[k] = l + 1;
        nl++;
        prev = i;
      }
    }
    if (bestFeature < 0) continue;
    const lc = new Float64Array(K);
    const rc = new Float64Array(K);
    let nl = 0;
    for (let i = 0; i < n; i++) {
      if (nodeOf[i] !== id) continue;
      if (x.data[i * d + bestFeature]! <= bestThreshold) {
        lc[yk[i]!]!++;
        nl++;
      } else rc[yk[i]!]!++;
    }
    const l = makeNode(node.depth + 1, lc, nl);
    const r = makeNode(node.depth + 1, rc, node.n - nl);
    for (let i = 0; i < n; i++) {
      if (nodeOf[i] !== id) continue;
      nodeOf[i] = x.data[i * d + bestFeature]! <= bestThreshold ? l : r;
    }
    node.feature = bestFeature;
    node.threshold = bestThreshold;
    node.left = l;
    node.right = r;
    queue.push(l, r);
  }
  return { nodes, classes, nFeatures: d };
}

/** The leaf each row of `x` falls into. @example leafOf(tree, x) */
export function leafOf(tree: DecisionTree, x: Matrix): Int32Array {
  const out = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let id = 0;
    for (let node = tree.nodes[0]!; node.feature >= 0; node = tree.nodes[id]!) {
      id = x.data[i * x.cols + node.feature]! <= node.threshold ? node.left : node.right;
    }
    out[i] = id;
  }
  return out;
}

/** The predicted class of each row of `x`. @example predictTree(tree, x) */
export function predictTree(tree: DecisionTree, x: Matrix): Int32Array {
  const leaves = leafOf(tree, x);
  return Int32Array.from(leaves, (id) => tree.nodes[id]!.prediction);
}
