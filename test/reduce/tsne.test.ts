import { describe, expect, it } from 'vitest';
import { takeRows } from '../../src/core/matrix.js';
import { AbortError, ConfigError } from '../../src/core/errors.js';
import { perplexityProbabilities, trustworthiness, TSNE, tsne } from '../../src/reduce/index.js';
import { gaussianClusters, neighborPurity, sameBytes } from './helpers.js';

describe('t-SNE', () => {
  const { x, labels } = gaussianClusters(180, 10, 3, 21);

  it('calibrates each row to the wanted perplexity', () => {
    const k = 20;
    const d = new Float64Array(3 * k);
    for (let s = 0; s < d.length; s++) d[s] = ((s * 7919) % 97) / 10;
    const p = perplexityProbabilities(d, 3, k, 5);
    for (let i = 0; i < 3; i++) {
      let sum = 0;
      let entropy = 0;
      for (let c = 0; c < k; c++) {
        const v = p[i * k + c]!;
        sum += v;
        if (v > 0) entropy -= v * Math.log(v);
      }
      expect(sum).toBeCloseTo(1, 12);
      expect(Math.exp(entropy)).toBeCloseTo(5, 3);
    }
    // Equal distances: uniform rows, perplexity k.
    const flat = perplexityProbabilities(new Float64Array(10).fill(2), 1, 10, 10);
    for (const v of flat) expect(v).toBeCloseTo(0.1, 12);
  });

  it('separates clusters, is seeded and reports progress', async () => {
    const events: number[] = [];
    const y = await new TSNE({ perplexity: 15, nIter: 400, seed: 3 }).fit(x, { onProgress: (e) => e.step === 'optimize' && events.push(e.done) });
    expect(neighborPurity(y, labels, 10)).toBeGreaterThan(0.98);
    expect(trustworthiness(x, y, 10)).toBeGreaterThan(0.85);
    expect(events.at(-1)).toBe(400);
    const again = await tsne(x, { perplexity: 15, nIter: 400, seed: 3 });
    expect(sameBytes(again.data, y.data)).toBe(true);
  });

  it('places new points by their neighbours and supports exact 3-D', async () => {
    const model = new TSNE({ perplexity: 10, nIter: 300, seed: 1 });
    const y = await model.fit(x);
    const rows = [0, 1, 2, 50, 100];
    const placed = await model.transform(takeRows(x, rows));
    for (const [i, r] of rows.entries()) {
      // Closest fitted point to the placement has the same label.
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < y.rows; j++) {
        const dd = (y.data[2 * j]! - placed.data[2 * i]!) ** 2 + (y.data[2 * j + 1]! - placed.data[2 * i + 1]!) ** 2;
        if (dd < bestD) {
          bestD = dd;
          best = j;
        }
      }
      expect(labels[best]).toBe(labels[r]);
    }
    const y3 = await tsne(takeRows(x, Array.from({ length: 60 }, (_, i) => i)), { nComponents: 3, method: 'exact', perplexity: 8, nIter: 250 });
    expect(y3.cols).toBe(3);
    expect(() => new TSNE({ nComponents: 3 })).toThrow(ConfigError);
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(tsne(x, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
  });
});
