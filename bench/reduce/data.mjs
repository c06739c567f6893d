// Deterministic benchmark data shared by every method in a run (written once as raw float32).
import { readFileSync } from 'node:fs';

/** xorshift-based normal generator (Box–Muller), seeded. */
function normals(seed) {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  let spare = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

/**
 * Gaussian clusters in d dimensions: `groups` centres ~ N(0, 2²), each cluster a Gaussian with a
 * random rank-`latent` covariance plus isotropic noise 0.1 (clusters of text embeddings look like
 * this: low intrinsic dimension inside a wide space).
 */
export function gaussianClusters(n, d, { groups = 20, latent = 10, seed = 1 } = {}) {
  const normal = normals(seed);
  const centres = Array.from({ length: groups }, () => Float64Array.from({ length: d }, () => normal() * 2));
  const bases = Array.from({ length: groups }, () => Float64Array.from({ length: d * latent }, () => normal() / Math.sqrt(latent)));
  const x = new Float32Array(n * d);
  const labels = new Int32Array(n);
  const z = new Float64Array(latent);
  for (let i = 0; i < n; i++) {
    const c = i % groups;
    labels[i] = c;
    for (let t = 0; t < latent; t++) z[t] = normal();
    const centre = centres[c];
    const basis = bases[c];
    for (let j = 0; j < d; j++) {
      let v = centre[j] + normal() * 0.1;
      for (let t = 0; t < latent; t++) v += basis[j * latent + t] * z[t];
      x[i * d + j] = v;
    }
  }
  return { x, labels, n, d };
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * A real data set from a CSV: numeric columns are used as they are; with a text column the rows
 * become TF-IDF vectors (top 4000 terms, min df 2, l2) reduced to 100 dimensions by our randomized
 * SVD (LSA) and l2-normalised. Labels come from `labelColumn` (default `label`).
 */
export function loadRealSet(path, lib, { labelColumn = 'label', textColumn = 'text', dims = 100 } = {}) {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const header = rows.shift();
  const li = header.indexOf(labelColumn);
  const names = new Map();
  const labels = Int32Array.from(rows, (r) => {
    const key = li >= 0 ? r[li] : '';
    if (!names.has(key)) names.set(key, names.size);
    return names.get(key);
  });
  const ti = header.indexOf(textColumn);
  if (ti < 0) {
    const numeric = header.map((_, j) => j).filter((j) => j !== li && rows.every((r) => r[j] !== '' && Number.isFinite(Number(r[j]))));
    const x = new Float32Array(rows.length * numeric.length);
    rows.forEach((r, i) => numeric.forEach((j, c) => (x[i * numeric.length + c] = Number(r[j]))));
    return { x, labels, n: rows.length, d: numeric.length, description: `${numeric.length} numeric columns` };
  }
  const docs = rows.map((r) => r[ti].toLowerCase().match(/[a-z][a-z'-]+/g) ?? []);
  const df = new Map();
  for (const doc of docs) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const vocab = [...df.entries()].filter(([, c]) => c >= 2 && c < docs.length / 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 4000);
  const index = new Map(vocab.map(([t], j) => [t, j]));
  const v = vocab.length;
  const tfidf = new Float32Array(docs.length * v);
  docs.forEach((doc, i) => {
    for (const term of doc) {
      const j = index.get(term);
      if (j !== undefined) tfidf[i * v + j] += 1;
    }
    let norm = 0;
    for (let j = 0; j < v; j++) {
      if (tfidf[i * v + j] > 0) tfidf[i * v + j] *= Math.log((1 + docs.length) / (1 + df.get(vocab[j][0]))) + 1;
      norm += tfidf[i * v + j] ** 2;
    }
    if (norm > 0) for (let j = 0; j < v; j++) tfidf[i * v + j] /= Math.sqrt(norm);
  });
  const svd = lib.randomizedSvd({ data: tfidf, rows: docs.length, cols: v }, dims, { seed: 1, nIter: 4 });
  const x = new Float32Array(docs.length * dims);
  for (let i = 0; i < docs.length; i++) {
    let norm = 0;
    for (let c = 0; c < dims; c++) norm += (svd.u.data[i * dims + c] * svd.s[c]) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let c = 0; c < dims; c++) x[i * dims + c] = (svd.u.data[i * dims + c] * svd.s[c]) / norm;
  }
  return { x, labels, n: docs.length, d: dims, description: `TF-IDF (${v} terms) → LSA ${dims}-d, l2-normalised` };
}
