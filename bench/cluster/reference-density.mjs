// Computes the R dbscan reference fixtures used by test/clustering/{hdbscan,dbscan,optics}.test.ts.
// Usage: node bench/cluster/reference-density.mjs   (needs Rscript with the dbscan and jsonlite packages,
// Debian: r-cran-dbscan). Writes test/fixtures/density/<name>.json: the data, the known labels and R's results.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './density-gen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '../../test/fixtures/density');
mkdirSync(outDir, { recursive: true });
const sets = [
  // name, kind, n, dim, seed, hdbscan minPts, dbscan eps/minPts, optics eps/minPts
  { name: 'blobs-2d', kind: 'blobs', n: 1000, dim: 2, seed: 1, hdb: 10, eps: 0.5, minPts: 5, oEps: 2, oMinPts: 5 },
  { name: 'moons', kind: 'moons', n: 800, dim: 2, seed: 2, hdb: 15, eps: 0.12, minPts: 5, oEps: 0.5, oMinPts: 5 },
  { name: 'varied-3d', kind: 'varied', n: 1500, dim: 3, seed: 3, hdb: 20, eps: 0.6, minPts: 8, oEps: 3, oMinPts: 8 },
  { name: 'blobs-5d', kind: 'blobs', n: 2000, dim: 5, seed: 4, hdb: 15, eps: 1.2, minPts: 10, oEps: 3, oMinPts: 10 },
];
const tmp = mkdtempSync(join(tmpdir(), 'hfs-density-'));
try {
  for (const s of sets) {
    const { data, labels } = generate(s.kind, s.n, s.dim, s.seed);
    // 8 significant digits, written identically to R's input and to the fixture.
    const rows = [];
    for (let i = 0; i < s.n; i++) rows.push(Array.from(data.subarray(i * s.dim, (i + 1) * s.dim), (v) => Number(v.toPrecision(8))));
    const csv = join(tmp, `${s.name}.csv`);
    writeFileSync(csv, rows.map((r, i) => [...r, labels[i]].join(',')).join('\n') + '\n');
    const json = join(tmp, `${s.name}.json`);
    execFileSync('Rscript', [join(here, 'reference-density.R'), csv, json, s.hdb, s.eps, s.minPts, s.oEps, s.oMinPts].map(String), { stdio: 'inherit' });
    const r = JSON.parse(readFileSync(json, 'utf8'));
    const fixture = { name: s.name, generator: { kind: s.kind, n: s.n, dim: s.dim, seed: s.seed }, dim: s.dim, data: rows.flat(), labels: Array.from(labels), r };
    writeFileSync(join(outDir, `${s.name}.json`), JSON.stringify(fixture));
    console.log(`${s.name}: R hdbscan clusters ${Math.max(...r.hdbscan.cluster)}, dbscan clusters ${Math.max(...r.dbscan.cluster)}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
