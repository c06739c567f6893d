import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Matrix } from '../../src/core/matrix.js';
import { createRng } from '../../src/core/random.js';

const here = dirname(fileURLToPath(import.meta.url));

/** One R dbscan reference fixture (see bench/cluster/reference-density.mjs). */
export interface DensityFixture {
  name: string;
  dim: number;
  data: number[];
  labels: number[];
  r: {
    hdbscan: { minPts: number; cluster: number[]; outlier_scores: number[] };
    dbscan: { eps: number; minPts: number; cluster: number[] };
    optics: { eps: number; minPts: number; order: number[]; reachdist: number[]; coredist: number[] };
  };
}

export const FIXTURES = ['blobs-2d', 'moons', 'varied-3d', 'blobs-5d'] as const;

export function loadFixture(name: string): { f: DensityFixture; x: Matrix } {
  const f = JSON.parse(readFileSync(join(here, '../fixtures/density', `${name}.json`), 'utf8')) as DensityFixture;
  return { f, x: { data: Float64Array.from(f.data), rows: f.labels.length, cols: f.dim } };
}

/** Gaussian blobs around `centers` with `perCluster` points each (sd `sd`), seeded. */
export function blobs(centers: number[][], perCluster: number, sd: number, seed: number): Matrix<Float64Array> {
  const rng = createRng(seed);
  const d = centers[0]!.length;
  const out = new Float64Array(centers.length * perCluster * d);
  let r = 0;
  for (const c of centers) {
    for (let i = 0; i < perCluster; i++, r++) for (let j = 0; j < d; j++) out[r * d + j] = c[j]! + rng.normal() * sd;
  }
  return { data: out, rows: centers.length * perCluster, cols: d };
}

export function append(a: Matrix, rows: number[][]): Matrix<Float64Array> {
  const d = a.cols;
  const out = new Float64Array((a.rows + rows.length) * d);
  out.set(a.data);
  rows.forEach((row, i) => row.forEach((v, j) => (out[(a.rows + i) * d + j] = v)));
  return { data: out, rows: a.rows + rows.length, cols: d };
}
