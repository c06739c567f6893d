import { createRng } from '../../src/core/random.js';
import { matrix, type Matrix } from '../../src/core/matrix.js';
import type { VizInput } from '../../src/viz/types.js';

const WORDS = [
  ['bank', 'loan', 'interest', 'credit', 'market'],
  ['goal', 'match', 'team', 'league', 'coach'],
  ['cell', 'protein', 'gene', 'enzyme', 'tissue'],
];

/** Three Gaussian blobs in 2-D or 3-D plus a few outliers, with texts, keywords and features. */
export function blobs(n = 90, dims: 2 | 3 = 2, seed = 3, outliers = 6): VizInput {
  const rng = createRng(seed);
  const centres = [
    [0, 0, 0],
    [6, 1, -2],
    [2, 7, 3],
  ];
  const total = n + outliers;
  const coords = new Float64Array(total * dims);
  const labels = new Int32Array(total);
  const probabilities = new Float64Array(total);
  const outlierScores = new Float64Array(total);
  const silhouette = new Float64Array(total);
  const texts: string[] = [];
  const feats = new Float64Array(total * 3);
  for (let i = 0; i < total; i++) {
    const c = i < n ? i % 3 : -1;
    labels[i] = c;
    for (let d = 0; d < dims; d++) {
      coords[i * dims + d] = c >= 0 ? centres[c]![d]! + rng.normal() * 0.8 : (rng.next() - 0.5) * 24;
    }
    probabilities[i] = c >= 0 ? 0.5 + 0.5 * rng.next() : 0;
    outlierScores[i] = c >= 0 ? 0.3 * rng.next() : 0.7 + 0.3 * rng.next();
    silhouette[i] = c >= 0 ? 0.2 + 0.6 * rng.next() - (i % 17 === 0 ? 0.5 : 0) : 0;
    texts.push(c >= 0 ? `${WORDS[c]![i % 5]} and ${WORDS[c]![(i + 2) % 5]} item ${i}` : `stray note ${i}`);
    feats[i * 3] = (c === 0 ? 50 : 30) + rng.normal() * 5;
    feats[i * 3 + 1] = (c === 1 ? 1 : 0) + rng.normal() * 0.2;
    feats[i * 3 + 2] = rng.normal();
  }
  const similarity: Matrix = matrix(Float64Array.from([1, 0.2, 0.6, 0.2, 1, 0.1, 0.6, 0.1, 1]), 3, 3);
  return {
    coords: matrix(coords, total, dims),
    labels,
    probabilities,
    outlierScores,
    silhouette,
    texts,
    clusters: WORDS.map((w, c) => ({
      cluster: c,
      label: w.slice(0, 2).join(' / '),
      keywords: w.map((term, r) => ({ term, weight: Number((1 - r * 0.15).toFixed(2)) })),
    })),
    similarity,
    features: matrix(feats, total, 3),
    featureNames: ['income', 'churned', 'noise'],
  };
}
