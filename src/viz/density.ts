import { InputError } from '../core/errors.js';
import type { VizInput } from './types.js';

/**
 * Options of {@link densityRegions}.
 * @example densityRegions(input, { gridSize: 64, minDensity: 0.02 })
 */
export interface DensityRegionOptions {
  /** Cells per axis (default 48). */
  gridSize?: number;
  /** Cells whose winning density is below this share of the highest are left empty (default 0.04). */
  minDensity?: number;
  /** Multiplies every cluster's Scott's-rule bandwidth (default 1). */
  bandwidthScale?: number;
}

/**
 * One grid cell of {@link densityRegions}: its box, the cluster that dominates it and how strongly.
 * @example const { x, x2, y, y2, cluster, density } = densityRegions(input)[0]!;
 */
export interface DensityCell {
  x: number;
  x2: number;
  y: number;
  y2: number;
  cluster: number;
  /** The winning cluster's density in this cell, relative to the densest cell (0..1]. */
  density: number;
}

/**
 * Density regions: a Gaussian kernel density estimate per cluster on a regular grid, each cell
 * given to the cluster with the highest count-weighted density (the cluster a new point there would
 * most likely belong to). Points are binned into the grid and blurred with a separable Gaussian
 * whose width is Scott's rule for that cluster (σ_axis · n^(-1/6)), so the cost is
 * O(n + k · g² · kernel) rather than O(n · g²). Outliers are ignored. Deterministic.
 *
 * @example
 * const cells = densityRegions(input, { gridSize: 64 }); // draw as rects under the points
 */
export function densityRegions(input: VizInput, options: DensityRegionOptions = {}): DensityCell[] {
  const g = Math.floor(options.gridSize ?? 48);
  const minDensity = options.minDensity ?? 0.04;
  const scale = options.bandwidthScale ?? 1;
  if (!(g >= 4 && g <= 512)) {
    throw new InputError(`gridSize must be between 4 and 512, got ${options.gridSize}.`, {
      code: 'BAD_GRID',
      field: 'gridSize',
      fix: 'Use a grid of 16 to 128 cells per axis.',
    });
  }
  const n = input.coords.rows;
  const d = input.coords.cols;
  const data = input.coords.data;
  // Per-cluster moments for Scott's rule, and the extent of clustered rows.
  const stats = new Map<number, { n: number; sx: number; sy: number; sxx: number; syy: number }>();
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const l = input.labels[i]!;
    if (l < 0) continue;
    const x = data[i * d]!;
    const y = data[i * d + 1]!;
    let s = stats.get(l);
    if (!s) stats.set(l, (s = { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0 }));
    s.n++;
    s.sx += x;
    s.sy += y;
    s.sxx += x * x;
    s.syy += y * y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const ids = [...stats.keys()].sort((a, b) => a - b);
  if (ids.length === 0) return [];
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const bw = new Map<number, [number, number]>();
  for (const c of ids) {
    const s = stats.get(c)!;
    const factor = scale * Math.pow(s.n, -1 / 6);
    const sdX = Math.sqrt(Math.max(0, s.sxx / s.n - (s.sx / s.n) ** 2)) || spanX / 20;
    const sdY = Math.sqrt(Math.max(0, s.syy / s.n - (s.sy / s.n) ** 2)) || spanY / 20;
    bw.set(c, [sdX * factor, sdY * factor]);
  }
  // Pad the grid so kernels near the edge are not cut off.
  let padX = 0;
  let padY = 0;
  for (const [bx, by] of bw.values()) {
    padX = Math.max(padX, 2 * bx);
    padY = Math.max(padY, 2 * by);
  }
  const x0 = minX - padX;
  const y0 = minY - padY;
  const dx = (spanX + 2 * padX) / g;
  const dy = (spanY + 2 * padY) / g;
  const index = new Map(ids.map((c, k) => [c, k]));
  const grids = ids.map(() => new Float64Array(g * g));
  for (let i = 0; i < n; i++) {
    const l = input.labels[i]!;
    if (l < 0) continue;
    const cx = Math.min(g - 1, Math.max(0, Math.floor((data[i * d]! - x0) / dx)));
    const cy = Math.min(g - 1, Math.max(0, Math.floor((data[i * d + 1]! - y0) / dy)));
    grids[index.get(l)!]![cy * g + cx]! += 1;
  }
  const tmp = new Float64Array(g * g);
  ids.forEach((c, k) => {
    const [bx, by] = bw.get(c)!;
    blur(grids[k]!, tmp, g, bx / dx, by / dy);
  });
  let top = 0;
  const winner = new Int32Array(g * g).fill(-1);
  const best = new Float64Array(g * g);
  for (let cell = 0; cell < g * g; cell++) {
    for (let k = 0; k < ids.length; k++) {
      const v = grids[k]![cell]!;
      if (v > best[cell]!) {
        best[cell] = v;
        winner[cell] = k;
      }
    }
    if (best[cell]! > top) top = best[cell]!;
  }
  const cells: DensityCell[] = [];
  if (top <= 0) return cells;
  for (let cy = 0; cy < g; cy++) {
    for (let cx = 0; cx < g; cx++) {
      const cell = cy * g + cx;
      const share = best[cell]! / top;
      if (winner[cell]! < 0 || share < minDensity) continue;
      cells.push({
        x: round(x0 + cx * dx),
        x2: round(x0 + (cx + 1) * dx),
        y: round(y0 + cy * dy),
        y2: round(y0 + (cy + 1) * dy),
        cluster: ids[winner[cell]!]!,
        density: Math.round(share * 1000) / 1000,
      });
    }
  }
  return cells;
}

function round(v: number): number {
  return Number(v.toPrecision(6));
}

/** Separable Gaussian blur in place (σ in cells along x and y), truncated at 3σ. */
function blur(grid: Float64Array, tmp: Float64Array, g: number, sigmaX: number, sigmaY: number): void {
  const kernel = (sigma: number): Float64Array => {
    const s = Math.max(sigma, 0.3);
    const r = Math.max(1, Math.ceil(3 * s));
    const k = new Float64Array(2 * r + 1);
    let sum = 0;
    for (let t = -r; t <= r; t++) sum += k[t + r] = Math.exp(-(t * t) / (2 * s * s));
    for (let t = 0; t < k.length; t++) k[t]! /= sum;
    return k;
  };
  const kx = kernel(sigmaX);
  const ky = kernel(sigmaY);
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  for (let y = 0; y < g; y++) {
    for (let x = 0; x < g; x++) {
      let s = 0;
      for (let t = -rx; t <= rx; t++) {
        const xx = x + t;
        if (xx >= 0 && xx < g) s += grid[y * g + xx]! * kx[t + rx]!;
      }
      tmp[y * g + x] = s;
    }
  }
  for (let y = 0; y < g; y++) {
    for (let x = 0; x < g; x++) {
      let s = 0;
      for (let t = -ry; t <= ry; t++) {
        const yy = y + t;
        if (yy >= 0 && yy < g) s += tmp[yy * g + x]! * ky[t + ry]!;
      }
      grid[y * g + x] = s;
    }
  }
}
