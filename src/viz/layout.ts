import { createRng } from '../core/random.js';
import { InputError } from '../core/errors.js';

/**
 * Options of {@link forceLayout}.
 * @example forceLayout(n, edges, { seed: 1, iterations: 500 })
 */
export interface ForceLayoutOptions {
  /** Iterations of the simulation (default 300). */
  iterations?: number;
  /** Seed of the initial positions. */
  seed?: number;
  /**
   * Pull towards the centre (default 1). It keeps disconnected parts close: with a weak pull, far
   * apart components squeeze every connected part into a corner of the unit square.
   */
  gravity?: number;
}

/**
 * An edge between node indices with a positive weight (attraction scales with it).
 * @example const e: LayoutEdge = { source: 0, target: 1, weight: 0.5 };
 */
export interface LayoutEdge {
  source: number;
  target: number;
  weight?: number;
}

/**
 * A seeded Fruchterman–Reingold force-directed layout on typed arrays. Nodes repel each other
 * (k²/d), edges attract (w·d²/k), a weak gravity keeps components together, and the step size
 * cools linearly. Positions come back scaled into [0, 1] × [0, 1] as `[x0, y0, x1, y1, ...]`.
 * Same nodes, edges and seed give the same layout, byte for byte. O(n²) per iteration: meant for
 * cluster, topic and small collaboration graphs (up to a few thousand nodes).
 *
 * @example
 * const xy = forceLayout(3, [{ source: 0, target: 1 }, { source: 1, target: 2 }], { seed: 7 });
 * // xy[2 * i], xy[2 * i + 1] are the coordinates of node i
 */
export function forceLayout(nodeCount: number, edges: readonly LayoutEdge[], options: ForceLayoutOptions = {}): Float64Array {
  const n = nodeCount;
  const iterations = options.iterations ?? 300;
  const gravity = options.gravity ?? 1;
  for (const [e, edge] of edges.entries()) {
    if (!(edge.source >= 0 && edge.source < n && edge.target >= 0 && edge.target < n)) {
      throw new InputError(`Edge ${e} joins ${edge.source} and ${edge.target}, outside 0..${n - 1}.`, {
        code: 'BAD_EDGE',
        field: `edges[${e}]`,
        fix: 'Use node indices between 0 and nodeCount - 1.',
      });
    }
  }
  const pos = new Float64Array(2 * n);
  if (n === 0) return pos;
  if (n === 1) {
    pos[0] = 0.5;
    pos[1] = 0.5;
    return pos;
  }
  const rng = createRng(options.seed ?? 42);
  const side = Math.sqrt(n);
  for (let i = 0; i < 2 * n; i++) pos[i] = (rng.next() - 0.5) * side;
  const k = 1; // ideal edge length (area = n, so k = sqrt(area / n) = 1)
  const disp = new Float64Array(2 * n);
  const src = Int32Array.from(edges, (e) => e.source);
  const dst = Int32Array.from(edges, (e) => e.target);
  const w = Float64Array.from(edges, (e) => e.weight ?? 1);
  const t0 = side / 10;
  for (let it = 0; it < iterations; it++) {
    disp.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = pos[2 * i]!;
      const yi = pos[2 * i + 1]!;
      for (let j = i + 1; j < n; j++) {
        let dx = xi - pos[2 * j]!;
        let dy = yi - pos[2 * j + 1]!;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1e-12) {
          // Coincident nodes: push apart along a fixed, index-based direction (deterministic).
          dx = 1e-3 * Math.cos(i + j);
          dy = 1e-3 * Math.sin(i + j);
          d2 = dx * dx + dy * dy;
        }
        const f = (k * k) / d2; // (k²/d) / d: scales the unit vector
        disp[2 * i]! += dx * f;
        disp[2 * i + 1]! += dy * f;
        disp[2 * j]! -= dx * f;
        disp[2 * j + 1]! -= dy * f;
      }
    }
    for (let e = 0; e < src.length; e++) {
      const a = src[e]!;
      const b = dst[e]!;
      if (a === b) continue;
      const dx = pos[2 * a]! - pos[2 * b]!;
      const dy = pos[2 * a + 1]! - pos[2 * b + 1]!;
      const d = Math.sqrt(dx * dx + dy * dy);
      const f = (w[e]! * d) / k; // (d²/k) / d
      disp[2 * a]! -= dx * f;
      disp[2 * a + 1]! -= dy * f;
      disp[2 * b]! += dx * f;
      disp[2 * b + 1]! += dy * f;
    }
    const t = t0 * (1 - it / iterations) + 1e-3;
    for (let i = 0; i < n; i++) {
      const gx = disp[2 * i]! - gravity * k * pos[2 * i]!;
      const gy = disp[2 * i + 1]! - gravity * k * pos[2 * i + 1]!;
      const len = Math.sqrt(gx * gx + gy * gy);
      if (len > 0) {
        const step = Math.min(len, t) / len;
        pos[2 * i]! += gx * step;
        pos[2 * i + 1]! += gy * step;
      }
    }
  }
  // Scale into the unit square, keeping the aspect ratio.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, pos[2 * i]!);
    maxX = Math.max(maxX, pos[2 * i]!);
    minY = Math.min(minY, pos[2 * i + 1]!);
    maxY = Math.max(maxY, pos[2 * i + 1]!);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const offX = (1 - (maxX - minX) / span) / 2;
  const offY = (1 - (maxY - minY) / span) / 2;
  for (let i = 0; i < n; i++) {
    pos[2 * i] = offX + (pos[2 * i]! - minX) / span;
    pos[2 * i + 1] = offY + (pos[2 * i + 1]! - minY) / span;
  }
  return pos;
}
