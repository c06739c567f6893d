import type { Matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';

/** `groups` well-separated Gaussian clusters in `d` dimensions; label i % groups. */
export function gaussianClusters(n: number, d: number, groups: number, seed: number, spread = 6): { x: Matrix<Float32Array>; labels: Int32Array } {
  const rng = createRng(seed);
  const centres = Array.from({ length: groups }, () => Float64Array.from({ length: d }, () => rng.normal() * spread));
  const data = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % groups;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[i % groups]![j]! + rng.normal();
  }
  return { x: { data, rows: n, cols: d }, labels };
}

/** Share of each point's k nearest points (in `y`) that carry its own label. */
export function neighborPurity(y: Matrix, labels: Int32Array, k: number): number {
  const n = y.rows;
  const d = y.cols;
  let same = 0;
  for (let i = 0; i < n; i++) {
    const dist: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (y.data[i * d + t]! - y.data[j * d + t]!) ** 2;
      dist.push([s, j]);
    }
    dist.sort((a, b) => a[0] - b[0]);
    for (let c = 0; c < k; c++) if (labels[dist[c]![1]] === labels[i]) same++;
  }
  return same / (n * k);
}

export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
