import { matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';

/** Gaussian blobs around well-separated centres. */
export function blobs(n: number, d: number, k: number, seed: number, spread = 1, sep = 10) {
  const rng = createRng(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => (rng.next() - 0.5) * sep * 2));
  const data = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = centres[c]![j]! + rng.normal() * spread;
  }
  return { x: matrix(data, n, d), y };
}

