// Deterministic synthetic data sets for the density-clustering fixtures and bench.
// Usage: node bench/cluster/density-gen.mjs <kind> <n> <dim> <seed> > out.csv   (kind: blobs|moons|varied)
// Also importable: generate(kind, n, dim, seed) → { data: Float64Array, labels: Int32Array }.
export function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return { next, normal };
}

/** blobs: k Gaussian blobs (+5% uniform noise, label -1); moons: two moons in 2-D + noise dims; varied: blobs of different spreads. */
export function generate(kind, n, dim, seed) {
  const r = rng(seed);
  const data = new Float64Array(n * dim);
  const labels = new Int32Array(n);
  if (kind === 'moons') {
    const nNoise = Math.round(n * 0.03);
    for (let i = 0; i < n; i++) {
      if (i >= n - nNoise) {
        for (let j = 0; j < dim; j++) data[i * dim + j] = j < 2 ? r.next() * 4 - 1.5 : r.normal() * 0.05;
        labels[i] = -1;
        continue;
      }
      const c = i % 2;
      const t = Math.PI * r.next();
      const x = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
      const y = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
      data[i * dim] = x + r.normal() * 0.06;
      data[i * dim + 1] = y + r.normal() * 0.06;
      for (let j = 2; j < dim; j++) data[i * dim + j] = r.normal() * 0.05;
      labels[i] = c;
    }
    return { data, labels };
  }
  const k = kind === 'varied' ? 4 : Math.max(3, Math.min(8, Math.round(Math.sqrt(n) / 10)));
  const centers = new Float64Array(k * dim);
  for (let i = 0; i < centers.length; i++) centers[i] = (r.next() * 2 - 1) * 10;
  const spreads = kind === 'varied' ? [0.3, 0.8, 1.5, 0.5] : new Array(k).fill(0.8);
  const nNoise = Math.round(n * 0.05);
  for (let i = 0; i < n; i++) {
    if (i >= n - nNoise) {
      for (let j = 0; j < dim; j++) data[i * dim + j] = (r.next() * 2 - 1) * 13;
      labels[i] = -1;
      continue;
    }
    const c = i % k;
    for (let j = 0; j < dim; j++) data[i * dim + j] = centers[c * dim + j] + r.normal() * spreads[c];
    labels[i] = c;
  }
  return { data, labels };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind = 'blobs', n = '1000', dim = '2', seed = '1'] = process.argv.slice(2);
  const { data, labels } = generate(kind, Number(n), Number(dim), Number(seed));
  const d = Number(dim);
  const lines = [];
  for (let i = 0; i < Number(n); i++) lines.push([...data.subarray(i * d, i * d + d)].map((v) => v.toPrecision(10)).join(',') + ',' + labels[i]);
  process.stdout.write(lines.join('\n') + '\n');
}
