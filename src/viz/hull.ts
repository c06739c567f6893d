/**
 * Convex hull of 2-D points by Andrew's monotone chain (O(n log n)). Returns the indices of the
 * hull vertices in counter-clockwise order, starting from the point with the smallest x (then
 * smallest y). Collinear points on an edge are dropped; duplicates count once. With fewer than
 * three distinct points the distinct points are returned.
 *
 * @example
 * convexHull(Float64Array.from([0, 0, 2, 0, 1, 1, 2, 2, 0, 2]), Float64Array.from([0, 0, 0, 0, 0]));
 * // pass xs and ys separately: convexHull(xs, ys) → Int32Array of vertex indices
 */
export function convexHull(xs: ArrayLike<number>, ys: ArrayLike<number>, subset?: ArrayLike<number>): Int32Array {
  const all = subset ? subset.length : xs.length;
  let candidates: Int32Array = new Int32Array(all);
  for (let k = 0; k < all; k++) candidates[k] = subset ? subset[k]! : k;
  if (all > 64) candidates = aklToussaint(xs, ys, candidates);
  const m = candidates.length;
  const order = candidates;
  order.sort((a, b) => xs[a]! - xs[b]! || ys[a]! - ys[b]! || a - b);
  // Drop exact duplicates (they break the strict turn test).
  const pts: number[] = [];
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    const last = pts[pts.length - 1];
    if (last !== undefined && xs[last] === xs[i] && ys[last] === ys[i]) continue;
    pts.push(i);
  }
  if (pts.length < 3) return Int32Array.from(pts);
  const cross = (o: number, a: number, b: number): number =>
    (xs[a]! - xs[o]!) * (ys[b]! - ys[o]!) - (ys[a]! - ys[o]!) * (xs[b]! - xs[o]!);
  const hull: number[] = [];
  // Lower chain, left to right.
  for (const p of pts) {
    while (hull.length >= 2 && cross(hull[hull.length - 2]!, hull[hull.length - 1]!, p) <= 0) hull.pop();
    hull.push(p);
  }
  // Upper chain, right to left.
  const lowerSize = hull.length + 1;
  for (let k = pts.length - 2; k >= 0; k--) {
    const p = pts[k]!;
    while (hull.length >= lowerSize && cross(hull[hull.length - 2]!, hull[hull.length - 1]!, p) <= 0) hull.pop();
    hull.push(p);
  }
  hull.pop(); // the first point closes the chain
  // All collinear: the chains fold back onto the two end points.
  if (hull.length < 3) return Int32Array.from(new Set(hull));
  return Int32Array.from(hull);
}

/**
 * Area of the polygon whose vertices are `hull` (indices into xs/ys), by the shoelace formula.
 * Positive for counter-clockwise order.
 * @example polygonArea(xs, ys, convexHull(xs, ys))
 */
export function polygonArea(xs: ArrayLike<number>, ys: ArrayLike<number>, hull: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < hull.length; k++) {
    const a = hull[k]!;
    const b = hull[(k + 1) % hull.length]!;
    s += xs[a]! * ys[b]! - xs[b]! * ys[a]!;
  }
  return s / 2;
}

/**
 * Akl–Toussaint heuristic: drops the points strictly inside the octagon spanned by the extreme
 * points in 8 directions. They cannot be hull vertices, and on clouds most points are inside, so the
 * O(n log n) sort that follows sees a small fraction of them.
 */
function aklToussaint(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: Int32Array): Int32Array {
  // Directions in counter-clockwise order: -y, x-y, x, x+y, y, -(x-y), -x, -(x+y).
  const best = new Int32Array(8).fill(idx[0]!);
  const score = (d: number, i: number): number => {
    const x = xs[i]!;
    const y = ys[i]!;
    switch (d) {
      case 0: return -y;
      case 1: return x - y;
      case 2: return x;
      case 3: return x + y;
      case 4: return y;
      case 5: return y - x;
      case 6: return -x;
      default: return -x - y;
    }
  };
  const top = new Float64Array(8);
  for (let d = 0; d < 8; d++) top[d] = score(d, idx[0]!);
  for (let k = 1; k < idx.length; k++) {
    const i = idx[k]!;
    for (let d = 0; d < 8; d++) {
      const v = score(d, i);
      if (v > top[d]!) {
        top[d] = v;
        best[d] = i;
      }
    }
  }
  const poly: number[] = [];
  for (let d = 0; d < 8; d++) {
    const i = best[d]!;
    const last = poly[poly.length - 1];
    if (last === undefined || xs[last] !== xs[i] || ys[last] !== ys[i]) poly.push(i);
  }
  while (poly.length > 1 && xs[poly[0]!] === xs[poly[poly.length - 1]!] && ys[poly[0]!] === ys[poly[poly.length - 1]!]) poly.pop();
  if (poly.length < 3) return idx;
  const out: number[] = [];
  for (let k = 0; k < idx.length; k++) {
    const p = idx[k]!;
    let inside = true;
    for (let e = 0; e < poly.length && inside; e++) {
      const a = poly[e]!;
      const b = poly[(e + 1) % poly.length]!;
      const c = (xs[b]! - xs[a]!) * (ys[p]! - ys[a]!) - (ys[b]! - ys[a]!) * (xs[p]! - xs[a]!);
      if (c <= 0) inside = false;
    }
    if (!inside) out.push(p);
  }
  return Int32Array.from(out);
}
