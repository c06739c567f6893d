import { checkpoint, type RunOptions } from '../core/progress.js';
import type { Rng } from '../core/random.js';

/** The edges the layout optimiser samples, with how often each is sampled. */
export interface LayoutEdges {
  head: Int32Array;
  tail: Int32Array;
  /** Epochs between two samples of each edge (weight max / weight, scaled to nEpochs). */
  epochsPerSample: Float64Array;
}

/** Settings of {@link optimizeLayout}. */
export interface LayoutSettings {
  dim: number;
  nEpochs: number;
  a: number;
  b: number;
  /** Weight of the repulsive term (umap-learn's repulsion_strength). */
  gamma: number;
  initialAlpha: number;
  negativeSampleRate: number;
  /** Move the tail point too (fit), or only the head (transform). */
  moveOther: boolean;
  /** Number of points negative samples are drawn from (rows of `tail`). */
  nTailVertices: number;
}

const TABLE_CELLS = 32768;
const TABLE_MAX_DISTANCE = 64;

/** Attractive gradient coefficient −2ab·d²^(b−1) / (1 + a·d²^b) (umap-learn). */
export function attractive(d2: number, a: number, b: number): number {
  const pb1 = Math.exp((b - 1) * Math.log(d2));
  return (-2 * a * b * pb1) / (a * pb1 * d2 + 1);
}

/** Repulsive gradient coefficient 2γb / ((0.001 + d²)(1 + a·d²^b)) (umap-learn). */
export function repulsive(d2: number, a: number, b: number, gamma: number): number {
  const pb = Math.exp(b * Math.log(d2));
  return (2 * gamma * b) / ((0.001 + d2) * (a * pb + 1));
}

/**
 * Umap-learn's `make_epochs_per_sample`: edges with the largest weight are sampled every epoch,
 * others proportionally less; weights below max / nEpochs are never sampled (−1).
 */
export function epochsPerSample(weights: Float64Array, nEpochs: number): Float64Array {
  let max = 0;
  for (let e = 0; e < weights.length; e++) max = Math.max(max, weights[e]!);
  const out = new Float64Array(weights.length).fill(-1);
  for (let e = 0; e < weights.length; e++) {
    const samples = (nEpochs * weights[e]!) / max;
    if (samples > 0) out[e] = nEpochs / samples;
  }
  return out;
}

/**
 * UMAP's stochastic gradient descent with negative sampling (umap-learn's
 * `optimize_layout_euclidean`), single-threaded on Float32 coordinates so that the same seed gives
 * byte-identical output. `head` is updated in place; with `moveOther` the tail points (the same
 * array during fit) move too.
 */
export async function optimizeLayout(
  head: Float32Array,
  tail: Float32Array,
  edges: LayoutEdges,
  s: LayoutSettings,
  rng: Rng,
  run: RunOptions = {},
): Promise<void> {
  const { dim, nEpochs, a, b, gamma, initialAlpha, negativeSampleRate, moveOther, nTailVertices } = s;
  const nEdges = edges.head.length;
  const eps = edges.epochsPerSample;
  const nextSample = Float64Array.from(eps);
  const epsNeg = new Float64Array(nEdges);
  for (let e = 0; e < nEdges; e++) epsNeg[e] = eps[e]! / negativeSampleRate;
  const nextNeg = Float64Array.from(epsNeg);
  const heads = edges.head;
  const tails = edges.tail;
  // xorshift32 state from the seeded generator; inlined below for speed.
  let state = rng.uint32() | 1;
  const bm1 = b - 1;
  const twoAB = 2 * a * b;
  const twoGB = 2 * gamma * b;
  // Maps a 32-bit random integer to a vertex with a float multiply (an integer modulo of a
  // uint32 above 2^31 falls back to a slow floating-point modulo in V8).
  const toVertex = nTailVertices / 4294967296;
  // The attractive and repulsive coefficients depend on the squared distance only, through
  // d²^b — a pow per sample, three quarters of the run time when computed exactly. They are
  // tabulated once per fit on a uniform grid in d = √d² (smooth there) and interpolated linearly:
  // relative error below 2e-4 for 0.125 ≤ d < 64, the exact formula outside that range.
  const cells = TABLE_CELLS;
  const invH = cells / TABLE_MAX_DISTANCE;
  const lowD = 0.125;
  const attract = new Float64Array(cells + 2);
  const repel = new Float64Array(cells + 2);
  for (let i = 0; i <= cells + 1; i++) {
    const dd = (i / invH) ** 2;
    attract[i] = dd > 0 ? attractive(dd, a, b) : 0;
    repel[i] = dd > 0 ? repulsive(dd, a, b, gamma) : 0;
  }
  let lastYield = Date.now();
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const alpha = initialAlpha * (1 - epoch / nEpochs);
    if (dim === 2) {
      for (let e = 0; e < nEdges; e++) {
        if (!(nextSample[e]! <= epoch)) continue;
        const j = heads[e]!;
        const k = tails[e]!;
        const j2 = j * 2;
        const k2 = k * 2;
        let cx = head[j2]!;
        let cy = head[j2 + 1]!;
        let dx = cx - tail[k2]!;
        let dy = cy - tail[k2 + 1]!;
        let d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const dist = Math.sqrt(d2);
          let coeff: number;
          if (dist >= lowD && dist < TABLE_MAX_DISTANCE) {
            const u = dist * invH;
            const cell = u | 0;
            const lo = attract[cell]!;
            coeff = lo + (u - cell) * (attract[cell + 1]! - lo);
          } else {
            const pb1 = Math.exp(bm1 * Math.log(d2));
            coeff = (-twoAB * pb1) / (a * pb1 * d2 + 1);
          }
          let gx = coeff * dx;
          let gy = coeff * dy;
          gx = gx > 4 ? 4 : gx < -4 ? -4 : gx;
          gy = gy > 4 ? 4 : gy < -4 ? -4 : gy;
          cx += gx * alpha;
          cy += gy * alpha;
          head[j2] = cx;
          head[j2 + 1] = cy;
          if (moveOther) {
            tail[k2] = tail[k2]! - gx * alpha;
            tail[k2 + 1] = tail[k2 + 1]! - gy * alpha;
          }
        }
        nextSample[e] = nextSample[e]! + eps[e]!;
        const nNeg = Math.floor((epoch - nextNeg[e]!) / epsNeg[e]!);
        for (let p = 0; p < nNeg; p++) {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          const m = ((state >>> 0) * toVertex) | 0;
          if (m === j && moveOther) continue;
          const m2 = m * 2;
          dx = cx - tail[m2]!;
          dy = cy - tail[m2 + 1]!;
          d2 = dx * dx + dy * dy;
          if (d2 > 0) {
            const dist = Math.sqrt(d2);
            let coeff: number;
            if (dist >= lowD && dist < TABLE_MAX_DISTANCE) {
              const u = dist * invH;
              const cell = u | 0;
              const lo = repel[cell]!;
              coeff = lo + (u - cell) * (repel[cell + 1]! - lo);
            } else {
              const pb = Math.exp(b * Math.log(d2));
              coeff = twoGB / ((0.001 + d2) * (a * pb + 1));
            }
            let gx = coeff * dx;
            let gy = coeff * dy;
            gx = gx > 4 ? 4 : gx < -4 ? -4 : gx;
            gy = gy > 4 ? 4 : gy < -4 ? -4 : gy;
            cx += gx * alpha;
            cy += gy * alpha;
          }
        }
        head[j2] = cx;
        head[j2 + 1] = cy;
        nextNeg[e] = nextNeg[e]! + nNeg * epsNeg[e]!;
      }
    } else {
      const current = new Float64Array(dim);
      const grad = new Float64Array(dim);
      for (let e = 0; e < nEdges; e++) {
        if (!(nextSample[e]! <= epoch)) continue;
        const j = heads[e]!;
        const k = tails[e]!;
        const jo = j * dim;
        const ko = k * dim;
        let d2 = 0;
        for (let c = 0; c < dim; c++) {
          current[c] = head[jo + c]!;
          const t = current[c]! - tail[ko + c]!;
          grad[c] = t;
          d2 += t * t;
        }
        if (d2 > 0) {
          const dist = Math.sqrt(d2);
          let coeff: number;
          if (dist >= lowD && dist < TABLE_MAX_DISTANCE) {
            const u = dist * invH;
            const cell = u | 0;
            const lo = attract[cell]!;
            coeff = lo + (u - cell) * (attract[cell + 1]! - lo);
          } else {
            const pb1 = Math.exp(bm1 * Math.log(d2));
            coeff = (-twoAB * pb1) / (a * pb1 * d2 + 1);
          }
          for (let c = 0; c < dim; c++) {
            let g = coeff * grad[c]!;
            g = g > 4 ? 4 : g < -4 ? -4 : g;
            current[c] = current[c]! + g * alpha;
            if (moveOther) tail[ko + c] = tail[ko + c]! - g * alpha;
          }
        }
        for (let c = 0; c < dim; c++) head[jo + c] = current[c]!;
        nextSample[e] = nextSample[e]! + eps[e]!;
        const nNeg = Math.floor((epoch - nextNeg[e]!) / epsNeg[e]!);
        for (let p = 0; p < nNeg; p++) {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          const m = ((state >>> 0) * toVertex) | 0;
          if (m === j && moveOther) continue;
          const mo = m * dim;
          d2 = 0;
          for (let c = 0; c < dim; c++) {
            const t = current[c]! - tail[mo + c]!;
            d2 += t * t;
          }
          if (d2 > 0) {
            const dist = Math.sqrt(d2);
            let coeff: number;
            if (dist >= lowD && dist < TABLE_MAX_DISTANCE) {
              const u = dist * invH;
              const cell = u | 0;
              const lo = repel[cell]!;
              coeff = lo + (u - cell) * (repel[cell + 1]! - lo);
            } else {
              const pb = Math.exp(b * Math.log(d2));
              coeff = twoGB / ((0.001 + d2) * (a * pb + 1));
            }
            for (let c = 0; c < dim; c++) {
              const cc = current[c]!;
              let g = coeff * (cc - tail[mo + c]!);
              g = g > 4 ? 4 : g < -4 ? -4 : g;
              current[c] = cc + g * alpha;
            }
          }
        }
        for (let c = 0; c < dim; c++) head[jo + c] = current[c]!;
        nextNeg[e] = nextNeg[e]! + nNeg * epsNeg[e]!;
      }
    }
    run.onProgress?.({ stage: 'reduce', step: 'optimize', done: epoch + 1, total: nEpochs });
    const now = Date.now();
    if (now - lastYield > 50 || epoch === nEpochs - 1) {
      lastYield = now;
      await checkpoint(run.signal, 'reduce');
    }
  }
}
