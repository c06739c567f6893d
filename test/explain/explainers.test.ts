import { describe, expect, it } from 'vitest';
import { AutoExplainer, FeatureExplainer, TextExplainer } from '../../src/explain/explainers.js';
import { extractPhrases } from '../../src/explain/phrases.js';
import { builtinExplainers } from '../../src/pipeline/builtins.js';
import { fromArrays } from '../../src/core/matrix.js';
import { InputError } from '../../src/core/errors.js';
import type { ExplainContext } from '../../src/core/contracts.js';

const texts = [
  'The sparrow is a small bird with brown wings.',
  'An eagle is a large bird of prey with broad wings.',
  'A heron is a wading bird with long legs and wings.',
  'Salmon is a fish that swims upstream in rivers.',
  'A trout is a freshwater fish of rivers and lakes.',
  'The shark is a large predatory fish of the sea.',
];
const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
const features = fromArrays([[0, 0], [0.2, 0], [0, 0.1], [5, 5], [5.1, 5], [5, 5.3]]);
const rows = [
  { weight: 0.03, habitat: 'land' },
  { weight: 6, habitat: 'land' },
  { weight: 2, habitat: 'water' },
  { weight: 4.5, habitat: 'water' },
  { weight: 2.2, habitat: 'water' },
  { weight: 900, habitat: 'water' },
];
const ctx: ExplainContext = { labels, features, rows, texts };

describe('TextExplainer', () => {
  it('labels clusters with c-TF-IDF terms and picks exemplars', async () => {
    const out = await new TextExplainer({ topN: 3 }).explain(ctx);
    expect(out.map((e) => e.cluster)).toEqual([0, 1]);
    expect(out[0]!.keywords!.slice(0, 2).map((k) => k.term)).toEqual(['bird', 'wings']);
    expect(out[1]!.keywords!.slice(0, 2).map((k) => k.term)).toEqual(['fish', 'rivers']);
    expect(out[0]!.label).toBe('bird · wings · broad');
    expect(out[0]!.labelId).toBe('0_bird_wings_broad');
    expect(out[0]!.size).toBe(3);
    // centroid of cluster 0 = (0.0667, 0.0333): row 0 is closest
    expect(out[0]!.exemplars![0]).toBe(0);
    expect(out[0]!.exemplarTexts).toHaveLength(3);
    await expect(new TextExplainer().explain({ ...ctx, texts: undefined })).rejects.toThrow(InputError);
  });

  it('re-ranks with MMR when given an embedder', async () => {
    // a bag-of-letters embedder: deterministic and enough to change the order
    const embed = async (t: readonly string[]) =>
      fromArrays(t.map((s) => Array.from({ length: 26 }, (_, k) => [...s].filter((c) => c.charCodeAt(0) - 97 === k).length)));
    const out = await new TextExplainer({ topN: 3, embedder: embed, diversity: 0.9 }).explain(ctx);
    expect(out[0]!.keywords).toHaveLength(3);
    const plain = await new TextExplainer({ topN: 3 }).explain(ctx);
    expect(out[0]!.keywords!.map((k) => k.term)).not.toEqual(plain[0]!.keywords!.map((k) => k.term));
  });

  it('extracts noun phrases and named entities with compromise', async () => {
    const [p] = await extractPhrases(['Barack Obama visited the large red barns in Paris with Microsoft engineers.']);
    expect(p!.people).toEqual(['Barack Obama']);
    expect(p!.places).toEqual(['Paris']);
    expect(p!.organizations).toEqual(['Microsoft']);
    expect(p!.nouns).toContain('large red barn');
    const out = await new TextExplainer({ topN: 3, phrases: true }).explain(ctx);
    expect(out[0]!.phrases).toContain('broad wing');
    expect(out[1]!.phrases).toContain('fish');
  });
});

describe('FeatureExplainer and AutoExplainer', () => {
  it('explains numeric/categorical columns with effects and rules', async () => {
    const out = await new FeatureExplainer({ maxPValue: 1, minLeaf: 1 }).explain({ ...ctx, texts: undefined, numericColumns: ['weight'], categoricalColumns: ['habitat'] });
    expect(out.map((e) => e.cluster)).toEqual([0, 1]);
    // habitat = land: 2/3 in cluster 0 vs 0/3 elsewhere → Cohen h = 2·asin(√(2/3)) = 1.9106
    expect(out[0]!.features![0]).toMatchObject({ feature: 'habitat = land' });
    expect(out[0]!.features![0]!.effect).toBeCloseTo(2 * Math.asin(Math.sqrt(2 / 3)), 10);
    expect(out[0]!.label).toBe('habitat = land · weight ↓');
    expect(out[0]!.ruleFidelity).toBeGreaterThanOrEqual(5 / 6);
    expect((out[0]!.rules as { text: string }[])[0]!.text).toMatch(/habitat|weight/);
  });

  it('falls back to the matrix columns and merges text with features', async () => {
    const noCols = await new AutoExplainer().explain({ labels, features, rows: [] });
    expect(noCols[0]!.features!.map((f) => f.feature).sort()).toEqual(['x0', 'x1']);
    const both = await new AutoExplainer({ features: { maxPValue: 1 } }).explain({ ...ctx, numericColumns: ['weight'], categoricalColumns: ['habitat'] });
    expect(both[0]!.label).toBe('bird · wings · broad');
    expect(both[0]!.features!.length).toBeGreaterThan(0);
    expect(both[0]!.ruleFidelity).toBeDefined();
  });

  it('is registered in the pipeline', () => {
    expect(builtinExplainers.auto!({}).name).toBe('auto');
    expect(builtinExplainers.ctfidf!({ topN: 5 }).name).toBe('ctfidf');
    expect(builtinExplainers.features!({}).name).toBe('features');
  });
});
