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
  const m = subset ? subset.length : xs.length;
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) order[k] = subset ? subset[k]! : k;
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
