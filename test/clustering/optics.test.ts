import { describe, expect, it } from 'vitest';
import { AbortError, ConfigError } from '../../src/core/errors.js';
import { extractEpsCut, extractXi, optics, OPTICS } from '../../src/clustering/optics.js';
import { dbscan } from '../../src/clustering/dbscan.js';
import { FIXTURES, loadFixture } from './density-helpers.js';
import { useWasmKernels } from '../../src/linalg/wasm.js';

const finite = (v: number) => (v < 0 ? Infinity : v);

describe('optics', () => {
  it('DBSCAN and OPTICS give the same result with and without the WebAssembly radius search', async () => {
    for (const name of FIXTURES) {
      const { f, x } = loadFixture(name);
      const run = async () => ({
        d: await dbscan(x, { eps: f.r.dbscan.eps, minPts: f.r.dbscan.minPts }),
        o: await optics(x, { eps: f.r.optics.eps, minPts: f.r.optics.minPts }),
      });
      const fast = await run();
      useWasmKernels(false);
      let plain: Awaited<ReturnType<typeof run>>;
      try {
        plain = await run();
      } finally {
        useWasmKernels(true);
      }
      expect(Array.from(fast.d.labels)).toEqual(Array.from(plain.d.labels));
      expect(Array.from(fast.o.order)).toEqual(Array.from(plain.o.order));
      expect(Array.from(fast.o.reachability)).toEqual(Array.from(plain.o.reachability));
      expect(Array.from(fast.o.coreDistances)).toEqual(Array.from(plain.o.coreDistances));
    }
  });

  it('orders a hand-checked 1-d case with the right reachabilities', async () => {
    // minPts 2: core distance = distance to the nearest other point.
    const x = { data: Float64Array.from([0, 1, 3, 10, 10.5]), rows: 5, cols: 1 };
    const res = await optics(x, { minPts: 2, extract: 'eps', epsCut: 2.5 });
    expect(Array.from(res.order)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(res.coreDistances)).toEqual([1, 1, 2, 0.5, 0.5]);
    // reach(1) = max(core(0), 1) = 1; reach(2) = max(core(1), 2) = 2; reach(3) = max(core(2), 7) = 7.
    expect(Array.from(res.reachability)).toEqual([Infinity, 1, 2, 7, 0.5]);
    expect(Array.from(res.labels)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(extractEpsCut(res, 1.5).labels)).toEqual([0, 0, -1, 1, 1]);
  });

  for (const name of FIXTURES) {
    it(`${name}: ordering, reachability and core distances equal R dbscan::optics`, async () => {
      const { f, x } = loadFixture(name);
      const res = await optics(x, { eps: f.r.optics.eps, minPts: f.r.optics.minPts });
      expect(Array.from(res.order)).toEqual(f.r.optics.order);
      for (let i = 0; i < x.rows; i++) {
        const r = finite(f.r.optics.reachdist[i]!);
        if (r === Infinity) expect(res.reachability[i]).toBe(Infinity);
        else expect(res.reachability[i]).toBeCloseTo(r, 10);
        const c = finite(f.r.optics.coredist[i]!);
        if (c === Infinity) expect(res.coreDistances[i]).toBe(Infinity);
        else expect(res.coreDistances[i]).toBeCloseTo(c, 10);
      }
    });
  }

  it('xi extraction equals scikit-learn cluster_optics_xi on the R orderings', () => {
    for (const name of FIXTURES) {
      const { f } = loadFixture(name);
      const o = f.r.optics;
      const n = o.order.length;
      const ordering = {
        order: Int32Array.from(o.order),
        reachability: Float64Array.from(o.reachdist, finite),
        coreDistances: Float64Array.from(o.coredist, finite),
        predecessor: new Int32Array(n).fill(-1),
      };
      for (const run of (f as unknown as { sklearn_xi: { xi: number; minClusterSize: number; minSamples: number; labels: number[] }[] }).sklearn_xi) {
        const res = extractXi(ordering, { xi: run.xi, minClusterSize: run.minClusterSize, minSamples: run.minSamples, predecessorCorrection: false });
        expect(Array.from(res.labels)).toEqual(run.labels);
      }
    }
  });

  it('an eps cut of the ordering matches DBSCAN on core points', async () => {
    const { f, x } = loadFixture('blobs-2d');
    const o = await optics(x, { eps: f.r.optics.eps, minPts: 5, extract: 'eps', epsCut: 0.5 });
    const d = await dbscan(x, { eps: 0.5, minPts: 5 });
    // Same partition of the core points (border points may differ, as in R).
    const map = new Map<number, number>();
    for (let i = 0; i < x.rows; i++) {
      if (!d.isCore[i]) continue;
      const a = d.labels[i]!;
      const b = o.labels[i]!;
      if (!map.has(a)) map.set(a, b);
      expect(map.get(a)).toBe(b);
    }
    expect(o.nClusters).toBe(d.nClusters);
  });

  it('is deterministic, predicts via the engine, validates options and aborts', async () => {
    const { x } = loadFixture('moons');
    const engine = new OPTICS({ minPts: 5, eps: 0.5, xi: 0.1, minClusterSize: 30 });
    const a = await engine.fit(x);
    const b = await optics(x, { minPts: 5, eps: 0.5, xi: 0.1, minClusterSize: 30 });
    expect(Array.from(a.order)).toEqual(Array.from(b.order));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.nClusters).toBeGreaterThanOrEqual(2);
    const pred = await engine.predict(x);
    let agree = 0;
    let clustered = 0;
    for (let i = 0; i < x.rows; i++) {
      if (a.labels[i]! < 0) continue;
      clustered++;
      if (pred.labels[i] === a.labels[i]) agree++;
    }
    expect(agree / clustered).toBe(1);
    await expect(optics(x, { xi: 1.5 })).rejects.toThrow(ConfigError);
    await expect(optics(x, { eps: 1, epsCut: 2, extract: 'eps' })).rejects.toThrow(/epsCut/);
    const c = new AbortController();
    c.abort();
    await expect(optics(x, { eps: 0.5, signal: c.signal })).rejects.toThrow(AbortError);
  });
});
