import { describe, expect, it } from 'vitest';
import { fitDecisionTree, predictTree } from '../../src/explain/cart.js';
import { surrogateRules, ruleText } from '../../src/explain/rules.js';
import { fromArrays, matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';

describe('fitDecisionTree (CART, gini)', () => {
  it('finds the hand-computed best split', () => {
    // x = 1..7, y = 0 0 1 1 0 1 1. Weighted child gini (n_l·g_l + n_r·g_r) per threshold:
    // 1.5: 0 + 6·(1 − (4+16)/36) = 2.667   2.5: 0 + 5·(1 − (1+16)/25) = 1.6
    // 3.5: 1.333 + 1.5 = 2.833   4.5: 2 + 1.333 = 3.333   5.5: 2.4 + 0 = 2.4   6.5: 3 + 0 = 3
    const x = fromArrays([[1], [2], [3], [4], [5], [6], [7]]);
    const y = Int32Array.from([0, 0, 1, 1, 0, 1, 1]);
    const tree = fitDecisionTree(x, y, { maxDepth: 1 });
    const root = tree.nodes[0]!;
    expect(root.feature).toBe(0);
    expect(root.threshold).toBe(2.5);
    expect(root.impurity).toBeCloseTo(1 - (9 + 16) / 49, 12);
    const [l, r] = [tree.nodes[root.left]!, tree.nodes[root.right]!];
    expect(Array.from(l.counts)).toEqual([2, 0]);
    expect(Array.from(r.counts)).toEqual([1, 4]);
    expect((l.n * l.impurity + r.n * r.impurity) / 7).toBeCloseTo(1.6 / 7, 12);
    expect([l.prediction, r.prediction]).toEqual([0, 1]);
  });

  it('picks the informative column and recurses until pure', () => {
    // column 0 is noise; column 1 separates perfectly at 2.5 then column 0 splits the right side.
    const x = fromArrays([
      [5, 1], [1, 2], [4, 3], [2, 4], [3, 5], [6, 6],
    ]);
    const y = Int32Array.from([0, 0, 1, 1, 2, 2]);
    const tree = fitDecisionTree(x, y, { maxDepth: 3 });
    expect(Array.from(predictTree(tree, x))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(tree.nodes[0]!.feature).toBe(1);
    expect(tree.nodes[0]!.threshold).toBe(2.5);
  });

  it('respects maxDepth and minSamplesLeaf, and is deterministic for a seed', () => {
    const rng = createRng(3);
    const n = 300;
    const data = new Float64Array(n * 3);
    for (let i = 0; i < data.length; i++) data[i] = rng.next();
    const x = matrix(data, n, 3);
    const y = Int32Array.from({ length: n }, (_, i) => (data[i * 3]! > 0.5 ? 1 : 0) + (data[i * 3 + 1]! > 0.7 ? 2 : 0));
    const t1 = fitDecisionTree(x, y, { maxDepth: 2, minSamplesLeaf: 10, seed: 1 });
    expect(Math.max(...t1.nodes.map((n) => n.depth))).toBeLessThanOrEqual(2);
    for (const node of t1.nodes) expect(node.n).toBeGreaterThanOrEqual(10);
    const acc = predictTree(t1, x).reduce((s, p, i) => s + (p === y[i] ? 1 : 0), 0) / n;
    expect(acc).toBe(1); // two axis-aligned thresholds explain y exactly
    expect(JSON.stringify(fitDecisionTree(x, y, { maxDepth: 2, minSamplesLeaf: 10, seed: 1 }).nodes)).toBe(JSON.stringify(t1.nodes));
  });
});

describe('surrogateRules', () => {
  it('prints readable rules with their fidelity', () => {
    // A grid of ages {20, 25, 40, 50} × incomes {30k, 45k, 60k, 80k} × regions, 3 times over;
    // cluster 1 = income > 52,000 and age <= 31. Splitting age at 32.5 (midpoint of 25 and 40)
    // and income at 52,500 (midpoint of 45k and 60k) isolates it in one leaf.
    const income: number[] = [];
    const age: number[] = [];
    const region: string[] = [];
    const labels: number[] = [];
    for (let rep = 0; rep < 3; rep++)
      for (const a of [20, 25, 40, 50])
        for (const inc of [30000, 45000, 60000, 80000])
          for (const reg of ['north', 'south']) {
            income.push(inc);
            age.push(a);
            region.push(reg);
            labels.push(inc > 52000 && a <= 31 ? 1 : 0);
          }
    const r = surrogateRules({ numeric: { income, age }, categorical: { region } }, Int32Array.from(labels), { minLeaf: 1 });
    expect(r.fidelity).toBe(1);
    expect(r.rules.get(1)!.length).toBe(1);
    const best = r.rules.get(1)![0]!;
    expect([best.precision, best.coverage, best.support]).toEqual([1, 1, 24]);
    expect(best.text.split(' and ').sort()).toEqual(['age <= 32.5', 'income > 52,500']);
    expect(r.clusterFidelity.get(1)).toBe(1);
  });

  it('merges bounds on one column into a range', () => {
    expect(
      ruleText([
        { feature: 'age', op: '>', value: 30.5 },
        { feature: 'income', op: '<=', value: 52666.5 },
        { feature: 'age', op: '<=', value: 31.5 },
      ]),
    ).toBe('30.5 < age <= 31.5 and income <= 52,667');
  });

  it('renders categorical and merged conditions', () => {
    expect(ruleText([{ feature: 'income', op: '>', value: 52000 }, { feature: 'region', op: '=', value: 'north' }])).toBe(
      'income > 52,000 and region = north',
    );
    expect(ruleText([])).toBe('all rows');
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const r = surrogateRules({ categorical: { color: ['red', 'red', 'red', 'blue', 'blue', 'green'] } }, labels, { minLeaf: 1 });
    expect(r.fidelity).toBe(1);
    expect(r.rules.get(0)![0]!.text).toBe('color = red');
    expect(r.rules.get(1)![0]!.text).toBe('color != red');
  });
});
