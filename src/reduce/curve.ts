/**
 * Fits UMAP's low-dimensional similarity curve `1 / (1 + a·d^(2b))` to the target
 * `1` for `d < minDist`, `exp(−(d − minDist) / spread)` beyond, on 300 points of `[0, 3·spread]`
 * (umap-learn's `find_ab_params`), by Levenberg–Marquardt least squares from (a, b) = (1, 1).
 *
 * @example findAbParams(1, 0.1) // { a: ≈1.577, b: ≈0.895 }
 */
export function findAbParams(spread: number, minDist: number): { a: number; b: number } {
  const m = 300;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const x = (spread * 3 * i) / (m - 1);
    xs[i] = x;
    ys[i] = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
  }
  const residualSum = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const r = 1 / (1 + a * xs[i]! ** (2 * b)) - ys[i]!;
      s += r * r;
    }
    return s;
  };
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let cost = residualSum(a, b);
  for (let it = 0; it < 500; it++) {
    // Normal equations J^T J δ = −J^T r.
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < m; i++) {
      const x = xs[i]!;
      const p = x > 0 ? x ** (2 * b) : 0;
      const den = 1 + a * p;
      const f = 1 / den;
      const r = f - ys[i]!;
      const da = -p / (den * den);
      const db = x > 0 ? (-a * p * 2 * Math.log(x)) / (den * den) : 0;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 20; tries++) {
      const A = jaa * (1 + lambda);
      const B = jbb * (1 + lambda);
      const det = A * B - jab * jab;
      if (det === 0) break;
      const stepA = (-ga * B + gb * jab) / det;
      const stepB = (-gb * A + ga * jab) / det;
      const na = a + stepA;
      const nb = b + stepB;
      const nc = na > 0 && nb > 0 ? residualSum(na, nb) : Infinity;
      if (nc < cost) {
        const converged = Math.abs(cost - nc) <= 1e-15 * Math.max(1, cost) && Math.abs(stepA) + Math.abs(stepB) < 1e-12;
        a = na;
        b = nb;
        cost = nc;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (converged) return { a, b };
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}
