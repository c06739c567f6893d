/**
 * Small, exact statistical helpers (no dependency): log-gamma, the regularised incomplete beta
 * function, Student-t tail probabilities, Welch's t-test and the hypergeometric upper tail.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * `ln Γ(x)` for `x > 0` (Lanczos approximation, ~15 significant digits).
 * @example Math.exp(logGamma(5)) // 24
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/**
 * The regularised incomplete beta function `I_x(a, b)`.
 * @example regularizedBeta(0.5, 2, 2) // 0.5
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/**
 * Two-sided p-value of a Student-t statistic with `df` degrees of freedom: `P(|T| ≥ |t|)`.
 * @example studentTTwoSided(2.228, 10) // ≈ 0.05
 */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  if (!(df > 0)) return NaN;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Result of {@link welchTTest}. */
export interface WelchResult {
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Welch's unequal-variance t-test from summary statistics (sample variances with `n − 1`).
 * @example welchTTest(5, 1, 10, 4, 1, 10) // { t: 2.236, df: 18, p: 0.038 }
 */
export function welchTTest(mean1: number, var1: number, n1: number, mean2: number, var2: number, n2: number): WelchResult {
  if (n1 < 2 || n2 < 2) return { t: NaN, df: NaN, p: NaN };
  const s1 = var1 / n1;
  const s2 = var2 / n2;
  const se = Math.sqrt(s1 + s2);
  if (se === 0) return mean1 === mean2 ? { t: 0, df: n1 + n2 - 2, p: 1 } : { t: Math.sign(mean1 - mean2) * Infinity, df: n1 + n2 - 2, p: 0 };
  const t = (mean1 - mean2) / se;
  const df = (s1 + s2) ** 2 / ((s1 * s1) / (n1 - 1) + (s2 * s2) / (n2 - 1));
  return { t, df, p: studentTTwoSided(t, df) };
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * `P(X ≥ k)` for a hypergeometric `X`: drawing `n` of `N` items of which `K` are marked — the
 * one-sided (over-representation) p-value of seeing `k` marked items in a cluster of size `n`.
 *
 * @example hypergeometricUpperTail(3, 10, 3, 3) // 1/120
 */
export function hypergeometricUpperTail(k: number, N: number, K: number, n: number): number {
  const lo = Math.max(k, 0, n - (N - K));
  const hi = Math.min(K, n);
  if (lo > hi) return 0;
  const minX = Math.max(0, n - (N - K));
  const logP = (x: number): number => logChoose(K, x) + logChoose(N - K, n - x) - logChoose(N, n);
  const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2));
  if (lo > mode) {
    // Upper tail past the mode: terms only shrink, start exactly and step by P(x+1)/P(x).
    let term = Math.exp(logP(lo));
    let p = term;
    for (let x = lo; x < hi && term > p * 1e-17; x++) {
      term *= ((K - x) * (n - x)) / ((x + 1) * (N - K - n + x + 1));
      p += term;
    }
    return Math.min(1, p);
  }
  // At or below the mode the upper tail is large: 1 − the lower tail, summed downwards from lo − 1.
  if (lo <= minX) return 1;
  let term = Math.exp(logP(lo - 1));
  let lower = term;
  for (let x = lo - 1; x > minX && term > lower * 1e-17; x--) {
    term *= (x * (N - K - n + x)) / ((K - x + 1) * (n - x + 1));
    lower += term;
  }
  return Math.min(1, Math.max(0, 1 - lower));
}

/**
 * The complementary error function `erfc(x)` (Chebyshev fit, relative error < 1.2e-7).
 * @example erfc(0) // 1
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. @example normalTwoSided(1.959964) // ≈ 0.05 */
export function normalTwoSided(z: number): number {
  return Number.isNaN(z) ? NaN : erfc(Math.abs(z) / Math.SQRT2);
}

/**
 * Average ranks (1-based, ties share their mean rank) of the finite values, and the tie term
 * `Σ (t³ − t)` over groups of ties; non-finite values get rank `NaN`.
 * @example averageRanks([10, 20, 20, 30]).ranks // [1, 2.5, 2.5, 4]
 */
export function averageRanks(values: ArrayLike<number>): { ranks: Float64Array; n: number; tieTerm: number } {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) idx.push(i);
  idx.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length).fill(NaN);
  let tieTerm = 0;
  for (let s = 0; s < idx.length; ) {
    let e = s + 1;
    while (e < idx.length && values[idx[e]!] === values[idx[s]!]) e++;
    const rank = (s + 1 + e) / 2;
    for (let k = s; k < e; k++) ranks[idx[k]!] = rank;
    const t = e - s;
    tieTerm += t * t * t - t;
    s = e;
  }
  return { ranks, n: idx.length, tieTerm };
}

/** Result of {@link mannWhitneyFromRanks}. */
export interface MannWhitneyResult {
  /** U of the first group. */
  u: number;
  /** Normal approximation with tie and continuity correction. */
  z: number;
  /** Two-sided p-value. */
  p: number;
  /** Rank-biserial correlation `2U / (n1·n2) − 1`, in −1..1. */
  rankBiserial: number;
}

/**
 * Mann–Whitney U test of group 1 (rank sum `rankSum1`, size `n1`) against the other `n − n1`
 * values, with tie correction and continuity correction (scipy's `mannwhitneyu(...,
 * method='asymptotic')`).
 *
 * @example mannWhitneyFromRanks(6, 3, 7, 0) // group {1,2,3} of 1..7: U = 0
 */
export function mannWhitneyFromRanks(rankSum1: number, n1: number, n: number, tieTerm: number): MannWhitneyResult {
  const n2 = n - n1;
  const u = rankSum1 - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0) || n1 < 1 || n2 < 1) return { u, z: NaN, p: NaN, rankBiserial: NaN };
  const diff = u - mean;
  const z = (diff - Math.sign(diff) * 0.5) / Math.sqrt(variance);
  return { u, z, p: Math.min(1, normalTwoSided(z)), rankBiserial: (2 * u) / (n1 * n2) - 1 };
}
