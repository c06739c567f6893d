// Shared helpers for the embedding benches: CSV reading, ARI/NMI, seeded k-means (best of n).
import { readFileSync } from 'node:fs';
import { kmeans } from 'ml-kmeans';

/** Parses RFC 4180 CSV (quoted fields may hold commas, quotes and newlines) into objects. */
export function readCsv(path) {
  const text = readFileSync(path, 'utf8');
  const rows = [];
  let field = '';
  let row = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])));
}

function contingency(a, b) {
  const ia = new Map(), ib = new Map();
  const ca = a.map((x) => (ia.has(x) ? ia.get(x) : (ia.set(x, ia.size), ia.size - 1)));
  const cb = Array.from(b, (x) => (ib.has(x) ? ib.get(x) : (ib.set(x, ib.size), ib.size - 1)));
  const t = Array.from({ length: ia.size }, () => new Float64Array(ib.size));
  for (let i = 0; i < ca.length; i++) t[ca[i]][cb[i]]++;
  return t;
}
const comb2 = (n) => (n * (n - 1)) / 2;

/** Adjusted Rand index (Hubert & Arabie). */
export function ari(truth, pred) {
  const t = contingency(truth, pred);
  const n = truth.length;
  let sumIj = 0;
  const rowS = t.map((r) => r.reduce((s, v) => s + v, 0));
  const colS = t[0].map((_, j) => t.reduce((s, r) => s + r[j], 0));
  for (const r of t) for (const v of r) sumIj += comb2(v);
  const sumA = rowS.reduce((s, v) => s + comb2(v), 0);
  const sumB = colS.reduce((s, v) => s + comb2(v), 0);
  const expected = (sumA * sumB) / comb2(n);
  const max = (sumA + sumB) / 2;
  return max === expected ? 0 : (sumIj - expected) / (max - expected);
}

/** Normalised mutual information with the arithmetic-mean normaliser (scikit-learn's default). */
export function nmi(truth, pred) {
  const t = contingency(truth, pred);
  const n = truth.length;
  const rowS = t.map((r) => r.reduce((s, v) => s + v, 0));
  const colS = t[0].map((_, j) => t.reduce((s, r) => s + r[j], 0));
  let mi = 0;
  for (let i = 0; i < t.length; i++)
    for (let j = 0; j < t[i].length; j++) {
      const v = t[i][j];
      if (v > 0) mi += (v / n) * Math.log((n * v) / (rowS[i] * colS[j]));
    }
  const h = (s) => -s.reduce((acc, v) => (v > 0 ? acc + (v / n) * Math.log(v / n) : acc), 0);
  const denom = (h(rowS) + h(colS)) / 2;
  return denom === 0 ? 1 : mi / denom;
}

/** k-means++ with `restarts` seeded restarts, best inertia kept. `x` is { data, rows, cols }. */
export function bestKmeans(x, k, { restarts = 10, seed = 42 } = {}) {
  const points = [];
  for (let i = 0; i < x.rows; i++) points.push(Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)));
  let best;
  for (let r = 0; r < restarts; r++) {
    const res = kmeans(points, k, { initialization: 'kmeans++', seed: seed + r, maxIterations: 300 });
    let inertia = 0;
    for (let i = 0; i < points.length; i++) {
      const c = res.centroids[res.clusters[i]];
      for (let j = 0; j < x.cols; j++) inertia += (points[i][j] - c[j]) ** 2;
    }
    if (!best || inertia < best.inertia) best = { inertia, labels: res.clusters };
  }
  return best.labels;
}
