import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { fitDecisionTree, leafOf, type DecisionTree } from './cart.js';
import { formatNumber } from './format.js';
import { parseOptions } from './options.js';
import { tableRows, type FeatureTable } from './table.js';

/** One column of the surrogate's design matrix. */
export interface DesignColumn {
  /** The source column. */
  feature: string;
  /** `numeric` uses the value; `indicator` is 1 when the row has `category`. */
  kind: 'numeric' | 'indicator';
  category?: string;
}

/** A condition on one column, e.g. `income > 52000`. */
export interface RuleCondition {
  feature: string;
  /** `<=`/`>` for numbers; `=`/`!=` for categories. */
  op: '<=' | '>' | '=' | '!=';
  /** Threshold (numbers) or category. */
  value: number | string;
}

/** One leaf of the surrogate tree read as a rule. */
export interface ClusterRule {
  /** The cluster the leaf predicts. */
  cluster: number;
  conditions: RuleCondition[];
  /** E.g. `"income > 52,000 and age <= 31"` (`"all rows"` for a single-leaf tree). */
  text: string;
  /** Rows in the leaf. */
  support: number;
  /** Share of the leaf's rows that are in `cluster`. */
  precision: number;
  /** Share of the cluster's rows that fall in this leaf. */
  coverage: number;
}

/** Result of {@link surrogateRules}. */
export interface SurrogateRules {
  tree: DecisionTree;
  columns: DesignColumn[];
  /** Rules per cluster, best first (by coverage × precision). */
  rules: Map<number, ClusterRule[]>;
  /** Share of rows whose tree prediction equals their cluster. */
  fidelity: number;
  /** Per cluster: share of its rows the tree assigns to it (recall). */
  clusterFidelity: Map<number, number>;
}

/** Options of {@link surrogateRules}. */
export const SurrogateOptionsSchema = z.object({
  /** Tree depth (rules have at most this many conditions). Default `3`. */
  maxDepth: z.number().int().min(1).max(6).default(3),
  /** Smallest leaf, as a share of rows (`< 1`) or a count. Default `0.01`. */
  minLeaf: z.number().min(0).default(0.01),
  /** Categories kept per categorical column (most frequent first). Default `20`. */
  maxCategories: z.number().int().min(1).default(20),
  /** Seed for tie-breaking between equally good splits. Default `42`. */
  seed: z.number().int().default(42),
});

/** Input type of the {@link surrogateRules} options. */
export type SurrogateOptions = z.input<typeof SurrogateOptionsSchema>;

/**
 * Builds the surrogate's design matrix: numeric columns as they are (missing values replaced by
 * the column mean) and one 0/1 indicator column per frequent category.
 *
 * @example const { x, columns } = designMatrix({ numeric: { age }, categorical: { region } });
 */
export function designMatrix(table: FeatureTable, maxCategories = 20): { x: { data: Float64Array; rows: number; cols: number }; columns: DesignColumn[] } {
  const n = tableRows(table);
  const columns: DesignColumn[] = [];
  const data: Float64Array[] = [];
  for (const [feature, values] of Object.entries(table.numeric ?? {})) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) (s += values[i]!), c++;
    const mean = c > 0 ? s / c : 0;
    data.push(Float64Array.from({ length: n }, (_, i) => (Number.isFinite(values[i]!) ? values[i]! : mean)));
    columns.push({ feature, kind: 'numeric' });
  }
  for (const [feature, values] of Object.entries(table.categorical ?? {})) {
    const freq = new Map<string, number>();
    for (const v of values) if (v !== null && v !== undefined && v !== '') freq.set(String(v), (freq.get(String(v)) ?? 0) + 1);
    const top = [...freq.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, maxCategories);
    if (top.length < 2 && freq.size < 2) continue;
    for (const [category] of top) {
      data.push(Float64Array.from(values, (v) => (v !== null && v !== undefined && String(v) === category ? 1 : 0)));
      columns.push({ feature, kind: 'indicator', category });
    }
  }
  const d = columns.length;
  const x = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const col = data[j]!;
    for (let i = 0; i < n; i++) x[i * d + j] = col[i]!;
  }
  return { x: { data: x, rows: n, cols: d }, columns };
}

/** Renders conditions as `income > 52,000 and region = north`. @example ruleText([...]) */
export function ruleText(conditions: readonly RuleCondition[]): string {
  if (conditions.length === 0) return 'all rows';
  const show = (v: number | string): string => (typeof v === 'number' ? formatNumber(v) : v);
  const parts: string[] = [];
  const done = new Set<RuleCondition>();
  for (const c of conditions) {
    if (done.has(c)) continue;
    done.add(c);
    // "age > 30.5" and "age <= 31.5" read better as one range.
    const upper = c.op === '>' ? conditions.find((e) => e.feature === c.feature && e.op === '<=') : undefined;
    const lower = c.op === '<=' ? conditions.find((e) => e.feature === c.feature && e.op === '>') : undefined;
    if (upper) {
      done.add(upper);
      parts.push(`${show(c.value)} < ${c.feature} <= ${show(upper.value)}`);
    } else if (lower) {
      done.add(lower);
      parts.push(`${show(lower.value)} < ${c.feature} <= ${show(c.value)}`);
    } else parts.push(`${c.feature} ${c.op} ${show(c.value)}`);
  }
  return parts.join(' and ');
}

/** Turns a root-to-leaf path into merged conditions (tightest bound per column and side). */
function pathConditions(path: { column: DesignColumn; left: boolean; threshold: number }[]): RuleCondition[] {
  const out: RuleCondition[] = [];
  for (const step of path) {
    const { column, left, threshold } = step;
    if (column.kind === 'indicator') {
      const op = left ? '!=' : '=';
      if (!out.some((c) => c.feature === column.feature && c.op === op && c.value === column.category)) {
        out.push({ feature: column.feature, op, value: column.category! });
      }
      continue;
    }
    const op = left ? '<=' : '>';
    const prev = out.find((c) => c.feature === column.feature && c.op === op);
    if (!prev) out.push({ feature: column.feature, op, value: threshold });
    else prev.value = left ? Math.min(prev.value as number, threshold) : Math.max(prev.value as number, threshold);
  }
  // "region = north" makes "region != south" redundant.
  return out.filter((c) => !(c.op === '!=' && out.some((e) => e.op === '=' && e.feature === c.feature)));
}

/**
 * Readable rules from a shallow surrogate decision tree (CART, Gini, depth ≤ 3 by default) fitted
 * to predict the cluster from the original columns; each leaf becomes a rule like
 * `income > 52,000 and age <= 31` with its support, precision and coverage. `fidelity` is how
 * often the tree agrees with the clustering — a low value means the clusters are not describable
 * by a few thresholds on these columns.
 *
 * @example
 * const { rules, fidelity } = surrogateRules({ numeric: { income, age } }, labels);
 * rules.get(2)?.[0].text; // "income > 52,000 and age <= 31"
 */
export function surrogateRules(table: FeatureTable, labels: ArrayLike<number>, options: SurrogateOptions = {}): SurrogateRules {
  const o = parseOptions(SurrogateOptionsSchema, options, 'surrogateRules');
  const { x, columns } = designMatrix(table, o.maxCategories);
  if (x.rows !== labels.length) {
    throw new InputError(`The feature table has ${x.rows} rows but there are ${labels.length} labels.`, {
      code: 'LENGTH_MISMATCH',
      field: 'labels',
      fix: 'Pass one label per row.',
    });
  }
  if (columns.length === 0) {
    throw new InputError('No usable numeric or categorical column for surrogate rules.', {
      code: 'NO_FEATURES',
      field: 'numericColumns',
      fix: 'Name at least one numeric or categorical column.',
    });
  }
  const minSamplesLeaf = Math.max(1, o.minLeaf < 1 ? Math.ceil(o.minLeaf * x.rows) : Math.floor(o.minLeaf));
  const tree = fitDecisionTree(x, labels, { maxDepth: o.maxDepth, minSamplesLeaf, seed: o.seed });
  const leaves = leafOf(tree, x);
  let agree = 0;
  const clusterSize = new Map<number, number>();
  const clusterHit = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    clusterSize.set(c, (clusterSize.get(c) ?? 0) + 1);
    if (tree.nodes[leaves[i]!]!.prediction === c) {
      agree++;
      clusterHit.set(c, (clusterHit.get(c) ?? 0) + 1);
    }
  }
  const rules = new Map<number, ClusterRule[]>();
  const walk = (id: number, path: { column: DesignColumn; left: boolean; threshold: number }[]): void => {
    const node = tree.nodes[id]!;
    if (node.feature < 0) {
      const k = tree.classes.indexOf(node.prediction);
      const hits = node.counts[k]!;
      const conditions = pathConditions(path);
      const rule: ClusterRule = {
        cluster: node.prediction,
        conditions,
        text: ruleText(conditions),
        support: node.n,
        precision: node.n > 0 ? hits / node.n : 0,
        coverage: hits / (clusterSize.get(node.prediction) ?? 1),
      };
      const list = rules.get(node.prediction) ?? [];
      list.push(rule);
      rules.set(node.prediction, list);
      return;
    }
    const column = columns[node.feature]!;
    walk(node.left, [...path, { column, left: true, threshold: node.threshold }]);
    walk(node.right, [...path, { column, left: false, threshold: node.threshold }]);
  };
  walk(0, []);
  for (const list of rules.values()) list.sort((a, b) => b.coverage * b.precision - a.coverage * a.precision);
  const clusterFidelity = new Map<number, number>();
  for (const [c, size] of clusterSize) clusterFidelity.set(c, (clusterHit.get(c) ?? 0) / size);
  return { tree, columns, rules, fidelity: labels.length > 0 ? agree / labels.length : 0, clusterFidelity };
}
