// KD-tree kernels (WebAssembly SIMD): the exact self k-nearest-neighbour walk of HDBSCAN.
// Compiled into tree-kernels-wasm.ts by `node bench/reduce/build-kernels.mjs` (needs clang and lld
// with the wasm32 target; Debian: apt-get install clang lld).
//
// Same traversal, bounds, tie rules and float operations as KDTree.selfKnnReduced in kdtree.ts, so
// both give identical neighbours and distances, bit for bit:
// - distances are summed in coordinate order, one sum per point (SIMD runs over points, not over
//   coordinates: each lane holds one point's sequential sum);
// - box gaps are max(lo - v, 0) + max(v - hi, 0), which equals the branchy gap of kdtree.ts exactly
//   (one of the two terms is always +0).
// Memory: a bump allocator over the module's own memory; the caller allocates everything once.
#include <wasm_simd128.h>

extern unsigned char __heap_base;
static unsigned long brk_top = 0;

// Reserves `bytes` (16-byte aligned) and grows the memory when needed; returns 0 when it cannot.
unsigned long alloc(unsigned long bytes) {
  if (!brk_top) brk_top = (unsigned long)&__heap_base;
  unsigned long p = (brk_top + 15) & ~15UL;
  unsigned long end = p + bytes;
  unsigned long need = (end + 65535) / 65536;
  unsigned long have = __builtin_wasm_memory_size(0);
  if (need > have && __builtin_wasm_memory_grow(0, need - have) == (unsigned long)-1) return 0;
  brk_top = end;
  return p;
}

#define MAX0(x) ((x) > 0 ? (x) : 0)
#define LEAF_BUF 64

// Sifts (p, d) down from the root of a max-heap of `size` entries ordered by (distance, position).
static inline void sift_down(int *pos, double *dist, int size, int p, double d) {
  int i = 0;
  for (;;) {
    int l = 2 * i + 1;
    if (l >= size) break;
    int r = l + 1, c = l;
    if (r < size && (dist[r] > dist[l] || (dist[r] == dist[l] && pos[r] > pos[l]))) c = r;
    double dc = dist[c];
    if (dc < d || (dc == d && pos[c] <= p)) break;
    pos[i] = pos[c];
    dist[i] = dc;
    i = c;
  }
  pos[i] = p;
  dist[i] = d;
}

// Replaces the max of a heap of k entries (heapReplaceTop).
static inline void heap_replace_top(int *pos, double *dist, int k, int p, double d) { sift_down(pos, dist, k, p, d); }

// Sorts a max-heap slice ascending by (distance, position) (heapSortAscending).
static void heap_sort(int *pos, double *dist, int k) {
  for (int end = k - 1; end > 0; end--) {
    int p = pos[end];
    double d = dist[end];
    pos[end] = pos[0];
    dist[end] = dist[0];
    sift_down(pos, dist, end, p, d);
  }
}

// Copies each leaf's points coordinate-major: leaf [s, e) of m points goes to
// tdata[s*dim + j*m + i] = data[(s+i)*dim + j], so one SIMD load reads one coordinate of two points.
void transpose_leaves(int dim, int nodes, const double *data, const int *nleft, const int *nstart, const int *nend, double *tdata) {
  for (int node = 0; node < nodes; node++) {
    if (nleft[node] >= 0) continue;
    int s = nstart[node], m = nend[node] - s;
    for (int i = 0; i < m; i++)
      for (int j = 0; j < dim; j++) tdata[(long)s * dim + (long)j * m + i] = data[(long)(s + i) * dim + j];
  }
}

// Interleaves the boxes of each pair of children (left = 2m + 1, right = left + 1) so that one SIMD
// lane holds the left child and the other the right: pair_lo[m*2*dim + 2j + side] = lo[child*dim + j].
void interleave_boxes(int dim, int nodes, const double *lo, const double *hi, double *pair_lo, double *pair_hi) {
  for (int left = 1; left + 1 < nodes; left += 2) {
    long m = (left - 1) >> 1;
    for (int side = 0; side < 2; side++)
      for (int j = 0; j < dim; j++) {
        pair_lo[m * 2 * dim + 2 * j + side] = lo[(long)(left + side) * dim + j];
        pair_hi[m * 2 * dim + 2 * j + side] = hi[(long)(left + side) * dim + j];
      }
  }
}

// Squared distances from qv to the `cnt` (≤ 4) points i, i+1, … of a leaf of m points stored
// coordinate-major at T: one sequential sum per point (per SIMD lane), as a scalar loop would give.
static inline void leaf_sq(const double *qv, const double *T, int m, int i, int cnt, int dim, double *sq) {
  const double *t = T + i;
  if (cnt == 4) {
    v128_t a0 = wasm_f64x2_splat(0), a1 = wasm_f64x2_splat(0);
    for (int j = 0; j < dim; j++, t += m) {
      v128_t qb = wasm_f64x2_splat(qv[j]);
      v128_t d0 = wasm_f64x2_sub(qb, wasm_v128_load(t));
      v128_t d1 = wasm_f64x2_sub(qb, wasm_v128_load(t + 2));
      a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(d0, d0));
      a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(d1, d1));
    }
    sq[0] = wasm_f64x2_extract_lane(a0, 0);
    sq[1] = wasm_f64x2_extract_lane(a0, 1);
    sq[2] = wasm_f64x2_extract_lane(a1, 0);
    sq[3] = wasm_f64x2_extract_lane(a1, 1);
    return;
  }
  for (int u = 0; u < cnt; u++) {
    double sum = 0;
    const double *w = t + u;
    for (int j = 0; j < dim; j++, w += m) {
      double diff = qv[j] - *w;
      sum += diff * diff;
    }
    sq[u] = sum;
  }
}

// Offers the m points of one leaf (first position s, coordinate-major at T) to the heap of query qv.
__attribute__((noinline)) static void scan_leaf(int dim, int k, const double *qv, const double *T, int s, int m, int *hp, double *hd) {
  double worst = hd[0];
  for (int i = 0; i < m; i += 4) {
    double sq[4];
    int cnt = m - i < 4 ? m - i : 4;
    leaf_sq(qv, T, m, i, cnt, dim, sq);
    for (int u = 0; u < cnt; u++)
      if (sq[u] < worst) {
        heap_replace_top(hp, hd, k, s + i + u, sq[u]);
        worst = hd[0];
      }
  }
}

// The k nearest tree positions of tree position q (itself included), nearest first, squared
// distances. A function of its own so the engine's optimizing tier replaces it early.
__attribute__((noinline)) static void knn_one(int dim, int k, int q, const double *data, const double *tdata, const double *lo,
                                              const double *hi, const double *pair_lo, const double *pair_hi, const int *nleft,
                                              const int *nstart, const int *nend, int *hp, double *hd, int *stack,
                                              double *stackDist) {
  const double *qv = data + (long)q * dim;
  for (int s = 0; s < k; s++) {
    hp[s] = -1;
    hd[s] = __builtin_inf();
  }
  double root = 0;
  for (int j = 0; j < dim; j++) {
    double v = qv[j];
    double g = MAX0(lo[j] - v) + MAX0(v - hi[j]);
    root += g * g;
  }
  stack[0] = 0;
  stackDist[0] = root;
  int top = 1;
  while (top > 0) {
    top--;
    int node = stack[top];
    if (stackDist[top] >= hd[0]) continue;
    int left = nleft[node];
    if (left < 0) {
      int s = nstart[node];
      scan_leaf(dim, k, qv, tdata + (long)s * dim, s, nend[node] - s, hp, hd);
      continue;
    }
    int right = left + 1; // children are created in pairs
    // Both children's box distances at once, one per lane (pmax(0, x) is MAX0(x), +0 included).
    const double *pl = pair_lo + (long)((left - 1) >> 1) * 2 * dim, *ph = pair_hi + (long)((left - 1) >> 1) * 2 * dim;
    v128_t zero = wasm_f64x2_splat(0), acc = zero;
    for (int j = 0; j < dim; j++) {
      v128_t v = wasm_f64x2_splat(qv[j]);
      v128_t g = wasm_f64x2_add(wasm_f64x2_pmax(zero, wasm_f64x2_sub(wasm_v128_load(pl + 2 * j), v)),
                                wasm_f64x2_pmax(zero, wasm_f64x2_sub(v, wasm_v128_load(ph + 2 * j))));
      acc = wasm_f64x2_add(acc, wasm_f64x2_mul(g, g));
    }
    double dl = wasm_f64x2_extract_lane(acc, 0), dr = wasm_f64x2_extract_lane(acc, 1);
    // Farther child pushed first so the nearer one is searched first.
    if (dl <= dr) {
      stack[top] = right;
      stackDist[top++] = dr;
      stack[top] = left;
      stackDist[top++] = dl;
    } else {
      stack[top] = left;
      stackDist[top++] = dl;
      stack[top] = right;
      stackDist[top++] = dr;
    }
  }
  heap_sort(hp, hd, k);
}

// KDTree.selfKnnReduced for tree positions [from, to) (euclidean), written to outPos/outDist from
// their start (query q at (q - from) * k). `stack` needs room for 2 × depth + 2 entries.
void self_knn(int dim, int k, const double *data, const double *tdata, const double *lo, const double *hi, const double *pair_lo,
              const double *pair_hi, const int *nleft, const int *nstart, const int *nend, int *outPos, double *outDist, int from,
              int to, int *stack, double *stackDist) {
  for (int q = from; q < to; q++)
    knn_one(dim, k, q, data, tdata, lo, hi, pair_lo, pair_hi, nleft, nstart, nend, outPos + (long)(q - from) * k,
            outDist + (long)(q - from) * k, stack, stackDist);
}

// ---- HDBSCAN: the dual-tree search of one Borůvka round (euclidean), as in boruvkaKdTree
// (hdbscan-mst.ts), same operations in the same order, so both give the same spanning tree.
// Arrays are by tree position / node / component id as there; `state[0]` is the pair-stack top.

typedef struct {
  int dim;
  double alpha, inv_alpha;
  const double *data, *tdata, *lo, *hi, *centroid, *radius, *min_core, *core;
  const int *nleft, *nstart, *nend, *nparent, *node_comp, *comp;
  int nodes;
  // Per round, per node: the one component of its active points (core below their component's
  // bound; -1 for several, -2 for none); the component of its smallest core distance and the
  // smallest core distance outside that component.
  int *active_comp, *comp1;
  double *min_core2;
  double *q_bound, *best;
  int *best_from, *best_to;
  int *pair_a, *pair_b;
  double *pair_lb;
} Boruvka;

static Boruvka bv;

// Points the search at its arrays (byte offsets into this memory). Called once per tree.
void boruvka_setup(int dim, double alpha, const double *data, const double *tdata, const double *lo, const double *hi, const double *centroid,
                   const double *radius, const double *min_core, const double *core, const int *nleft, const int *nstart,
                   const int *nend, const int *nparent, const int *node_comp, const int *comp, double *q_bound, double *best,
                   int *best_from, int *best_to, int *pair_a, int *pair_b, double *pair_lb, int nodes, int *active_comp,
                   int *comp1, double *min_core2) {
  bv.nodes = nodes;
  bv.active_comp = active_comp;
  bv.comp1 = comp1;
  bv.min_core2 = min_core2;
  bv.dim = dim;
  bv.alpha = alpha;
  bv.inv_alpha = 1 / alpha;
  bv.data = data;
  bv.tdata = tdata;
  bv.lo = lo;
  bv.hi = hi;
  bv.centroid = centroid;
  bv.radius = radius;
  bv.min_core = min_core;
  bv.core = core;
  bv.nleft = nleft;
  bv.nstart = nstart;
  bv.nend = nend;
  bv.nparent = nparent;
  bv.node_comp = node_comp;
  bv.comp = comp;
  bv.q_bound = q_bound;
  bv.best = best;
  bv.best_from = best_from;
  bv.best_to = best_to;
  bv.pair_a = pair_a;
  bv.pair_b = pair_b;
  bv.pair_lb = pair_lb;
}

// Fills active_comp, comp1 and min_core2 for this round (after comp, node_comp and the seeded best
// are set). Bounds only shrink during a round, so what is inactive now stays inactive: the values
// stay valid for the whole search. They let the search drop a pair of nodes when the query's active
// points are all in one component and every point of the reference node outside that component has
// a core distance at or above the query's bound (noise points mixed into the leaves of a blob).
void boruvka_prepare(void) {
  const int *nleft = bv.nleft, *nstart = bv.nstart, *nend = bv.nend, *comp = bv.comp;
  const double *core = bv.core, *best = bv.best;
  for (int node = bv.nodes - 1; node >= 0; node--) {
    int left = nleft[node];
    if (left < 0) {
      int active = -2, c1 = -1;
      double m1 = __builtin_inf(), m2 = __builtin_inf();
      for (int p = nstart[node]; p < nend[node]; p++) {
        int c = comp[p];
        double cp = core[p];
        if (cp < best[c]) active = active == -2 || active == c ? c : -1;
        if (cp < m1) {
          m1 = cp;
          c1 = c;
        }
      }
      for (int p = nstart[node]; p < nend[node]; p++)
        if (comp[p] != c1 && core[p] < m2) m2 = core[p];
      bv.active_comp[node] = active;
      bv.comp1[node] = c1;
      bv.min_core2[node] = m2;
    } else {
      int right = left + 1;
      int al = bv.active_comp[left], ar = bv.active_comp[right];
      bv.active_comp[node] = al == -2 ? ar : ar == -2 ? al : al == ar ? al : -1;
      // comp1 of the child with the smaller minimum (left on ties); outside it, the other child
      // contributes its second minimum when it shares that component, else its minimum.
      int from_left = bv.min_core[left] <= bv.min_core[right];
      int x = from_left ? left : right, y = from_left ? right : left;
      int c1 = bv.comp1[x];
      double m2 = bv.min_core2[x];
      double other = bv.comp1[y] == c1 ? bv.min_core2[y] : bv.min_core[y];
      bv.comp1[node] = c1;
      bv.min_core2[node] = other < m2 ? other : m2;
    }
  }
}

// Box-and-ball lower bound of the distance between nodes a and b (KDTree.nodeLowerBound).
static double node_lower_bound(int a, int b) {
  int dim = bv.dim;
  const double *alo = bv.lo + (long)a * dim, *ahi = bv.hi + (long)a * dim, *ac = bv.centroid + (long)a * dim;
  const double *blo = bv.lo + (long)b * dim, *bhi = bv.hi + (long)b * dim, *bc = bv.centroid + (long)b * dim;
  double box = 0, cen = 0;
  for (int j = 0; j < dim; j++) {
    double gap = blo[j] - ahi[j];
    double g2 = alo[j] - bhi[j];
    if (g2 > gap) gap = g2;
    if (gap > 0) box += gap * gap;
    double diff = ac[j] - bc[j];
    cen += diff * diff;
  }
  box = __builtin_sqrt(box);
  cen = __builtin_sqrt(cen);
  double ball = cen - bv.radius[a] - bv.radius[b];
  return ball > box ? ball : box;
}

// Every point of leaf a against every point of leaf b: updates the components' cheapest edges and
// returns the new bound of leaf a.
__attribute__((noinline)) static double leaf_pair(int a, int b) {
  int dim = bv.dim;
  double alpha = bv.alpha, inv_alpha = bv.inv_alpha;
  const double *data = bv.data, *core = bv.core;
  const int *comp = bv.comp;
  double *best = bv.best;
  int a_end = bv.nend[a], b_start = bv.nstart[b], b_end = bv.nend[b];
  const double *blo = bv.lo + (long)b * dim, *bhi = bv.hi + (long)b * dim;
  double new_bound = 0;
  double min_core_b = bv.min_core[b];
  // Squared distances of a's points to b's box, two points per SIMD lane pair (coordinate-major
  // copy of leaf a); same per-lane arithmetic as the scalar loop below, which takes larger leaves.
  int a_start = bv.nstart[a], ma = a_end - a_start;
  double box2[LEAF_BUF];
  if (ma <= LEAF_BUF) {
    const double *ta = bv.tdata + (long)a_start * dim;
    v128_t zero = wasm_f64x2_splat(0);
    int i = 0;
    for (; i + 2 <= ma; i += 2) {
      v128_t acc = zero;
      const double *t = ta + i;
      for (int j = 0; j < dim; j++, t += ma) {
        v128_t v = wasm_v128_load(t);
        v128_t g = wasm_f64x2_add(wasm_f64x2_pmax(zero, wasm_f64x2_sub(wasm_f64x2_splat(blo[j]), v)),
                                  wasm_f64x2_pmax(zero, wasm_f64x2_sub(v, wasm_f64x2_splat(bhi[j]))));
        acc = wasm_f64x2_add(acc, wasm_f64x2_mul(g, g));
      }
      box2[i] = wasm_f64x2_extract_lane(acc, 0);
      box2[i + 1] = wasm_f64x2_extract_lane(acc, 1);
    }
    for (; i < ma; i++) {
      double acc = 0;
      const double *t = ta + i;
      for (int j = 0; j < dim; j++, t += ma) {
        double v = *t;
        double g = MAX0(blo[j] - v) + MAX0(v - bhi[j]);
        acc += g * g;
      }
      box2[i] = acc;
    }
  }
  for (int q = a_start; q < a_end; q++) {
    int c = comp[q];
    double cq = core[q];
    const double *qv = data + (long)q * dim;
    double lbq = cq > min_core_b ? cq : min_core_b;
    if (lbq < best[c]) {
      double thr = best[c] * alpha;
      double cut = thr * thr * (1 + 1e-9);
      double bd2 = 0;
      if (ma <= LEAF_BUF) bd2 = box2[q - a_start];
      else
        for (int t = 0; t < dim; t++) {
          double v = qv[t];
          double g = MAX0(blo[t] - v) + MAX0(v - bhi[t]);
          bd2 += g * g;
        }
      if (bd2 > cut) lbq = __builtin_inf();
      else {
        double bd = __builtin_sqrt(bd2) * inv_alpha;
        if (bd > lbq) lbq = bd;
      }
    }
    if (lbq < best[c]) {
      for (int p = b_start; p < b_end; p++) {
        if (comp[p] == c) continue;
        double cp = core[p];
        double bc = best[c];
        if (cp >= bc) continue;
        const double *pv = data + (long)p * dim;
        double bp = best[comp[p]];
        double thr = (bc > bp ? bc : bp) * alpha;
        double cut = thr * thr * (1 + 1e-9);
        double s = 0;
        int t = 0;
        for (; t + 4 <= dim; t += 4) {
          double d0 = qv[t] - pv[t], d1 = qv[t + 1] - pv[t + 1], d2 = qv[t + 2] - pv[t + 2], d3 = qv[t + 3] - pv[t + 3];
          s += d0 * d0;
          s += d1 * d1;
          s += d2 * d2;
          s += d3 * d3;
          if (s > cut) break;
        }
        if (s > cut) continue;
        for (; t < dim; t++) {
          double diff = qv[t] - pv[t];
          s += diff * diff;
        }
        s = __builtin_sqrt(s);
        double w = s * inv_alpha;
        if (w < cq) w = cq;
        if (w < cp) w = cp;
        if (w < bc) {
          best[c] = w;
          bv.best_from[c] = q;
          bv.best_to[c] = p;
        }
        int cpc = comp[p];
        if (w < best[cpc]) {
          best[cpc] = w;
          bv.best_from[cpc] = p;
          bv.best_to[cpc] = q;
        }
      }
    }
    double v = best[c];
    if (v > new_bound && cq < v) new_bound = v;
  }
  return new_bound;
}

// Runs the pair stack (state[0] entries) until it is empty or `budget` leaf pairs were visited;
// returns the number visited. The caller calls again while state[0] > 0 (to check for
// cancellation in between).
int boruvka_search(int *state, int budget) {
  int top = state[0];
  int visited = 0;
  const int *nleft = bv.nleft, *nstart = bv.nstart, *nend = bv.nend, *node_comp = bv.node_comp;
  const double *min_core = bv.min_core;
  double *q_bound = bv.q_bound;
  int *pair_a = bv.pair_a, *pair_b = bv.pair_b;
  double *pair_lb = bv.pair_lb;
  while (top > 0) {
    top--;
    int a = pair_a[top], b = pair_b[top];
    int ca = bv.active_comp[a];
    if (ca == -2 || (ca >= 0 && ca == node_comp[b])) continue;
    double known = pair_lb[top];
    double lb = (known >= 0 ? known : node_lower_bound(a, b)) * bv.inv_alpha;
    if (lb < min_core[a]) lb = min_core[a];
    double mcb = ca >= 0 && ca == bv.comp1[b] ? bv.min_core2[b] : min_core[b];
    if (lb < mcb) lb = mcb;
    if (lb >= q_bound[a]) continue;
    int a_left = nleft[a], b_left = nleft[b];
    if (a_left < 0 && b_left < 0) {
      double new_bound = leaf_pair(a, b);
      if (new_bound < q_bound[a]) {
        q_bound[a] = new_bound;
        int node = a;
        while (node > 0) {
          int parent = bv.nparent[node];
          double l = q_bound[nleft[parent]], r = q_bound[nleft[parent] + 1];
          double v = l > r ? l : r;
          if (v < q_bound[parent]) {
            q_bound[parent] = v;
            node = parent;
          } else break;
        }
      }
      if (++visited >= budget) break;
      continue;
    }
    int split_b = a_left < 0 || (b_left >= 0 && nend[b] - nstart[b] > nend[a] - nstart[a]);
    if (split_b) {
      int b1 = b_left, b2 = b_left + 1;
      double d1 = node_lower_bound(a, b1);
      double d2 = node_lower_bound(a, b2);
      // nearer reference child is searched first (pushed last)
      if (d1 <= d2) {
        pair_a[top] = a; pair_lb[top] = d2; pair_b[top++] = b2;
        pair_a[top] = a; pair_lb[top] = d1; pair_b[top++] = b1;
      } else {
        pair_a[top] = a; pair_lb[top] = d1; pair_b[top++] = b1;
        pair_a[top] = a; pair_lb[top] = d2; pair_b[top++] = b2;
      }
    } else {
      pair_a[top] = a_left + 1; pair_lb[top] = -1; pair_b[top++] = b;
      pair_a[top] = a_left; pair_lb[top] = -1; pair_b[top++] = b;
    }
  }
  state[0] = top;
  return visited;
}

// ---- HDBSCAN above 16 dimensions: the pivot-pruned brute-force core distances and Prim's
// algorithm of hdbscan-mst.ts (bruteCoreDistances, primBrute), euclidean base distance, same
// operations in the same order. Rows are in pivot-layout order; `table` holds each row's distances
// to the P pivots. Metric 0: the base distance itself; 1: cosine (e * e / 2 of the unit-row chord).

typedef struct {
  int n, dim, pivots, k, block, metric;
  double inv_alpha;
  const double *data, *table, *block_min, *block_max, *core;
  const int *perm;
  double *heap, *dist;
  int *remaining, *src;
} Brute;

static Brute br;

// Points the brute-force kernels at their arrays (byte offsets into this memory).
void brute_setup(int n, int dim, int pivots, int k, int block, int metric, double alpha, const double *data, const double *table,
                 const double *block_min, const double *block_max, double *heap, const double *core, const int *perm,
                 int *remaining, double *dist, int *src) {
  br.n = n;
  br.dim = dim;
  br.pivots = pivots;
  br.k = k;
  br.block = block;
  br.metric = metric;
  br.inv_alpha = 1 / alpha;
  br.data = data;
  br.table = table;
  br.block_min = block_min;
  br.block_max = block_max;
  br.heap = heap;
  br.core = core;
  br.perm = perm;
  br.remaining = remaining;
  br.dist = dist;
  br.src = src;
}

// Squared euclidean distance with four accumulators s[t mod 4] and the tail in s0, summed as
// ((s0 + s1) + s2) + s3 (sqDist4): lanes (s0, s1) and (s2, s3) of two vectors.
static inline double sq_dist4(const double *a, const double *b, int dim) {
  v128_t acc0 = wasm_f64x2_splat(0), acc1 = wasm_f64x2_splat(0);
  int t = 0, end4 = dim - (dim & 3);
  for (; t < end4; t += 4) {
    v128_t d0 = wasm_f64x2_sub(wasm_v128_load(a + t), wasm_v128_load(b + t));
    v128_t d1 = wasm_f64x2_sub(wasm_v128_load(a + t + 2), wasm_v128_load(b + t + 2));
    acc0 = wasm_f64x2_add(acc0, wasm_f64x2_mul(d0, d0));
    acc1 = wasm_f64x2_add(acc1, wasm_f64x2_mul(d1, d1));
  }
  double s0 = wasm_f64x2_extract_lane(acc0, 0), s1 = wasm_f64x2_extract_lane(acc0, 1);
  double s2 = wasm_f64x2_extract_lane(acc1, 0), s3 = wasm_f64x2_extract_lane(acc1, 1);
  for (; t < dim; t++) {
    double d = a[t] - b[t];
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}

// Largest |table[i][p] - table[j][p]| (pivotBound; a maximum is exact in any order).
static inline double pivot_bound(int i, int j) {
  int P = br.pivots;
  const double *a = br.table + (long)i * P, *b = br.table + (long)j * P;
  double lb = 0;
  int p = 0;
  if (P >= 2) {
    v128_t m = wasm_f64x2_splat(0);
    for (; p + 2 <= P; p += 2) m = wasm_f64x2_pmax(m, wasm_f64x2_abs(wasm_f64x2_sub(wasm_v128_load(a + p), wasm_v128_load(b + p))));
    double m0 = wasm_f64x2_extract_lane(m, 0), m1 = wasm_f64x2_extract_lane(m, 1);
    lb = m0 > m1 ? m0 : m1;
  }
  for (; p < P; p++) {
    double v = a[p] - b[p];
    double x = v < 0 ? -v : v;
    if (x > lb) lb = x;
  }
  return lb;
}

static inline double to_metric(double e) { return br.metric == 1 ? (e * e) / 2 : e; }

// Pushes v into the max-heap of k base distances at h (siftDownMax).
static inline void sift_down_max(double *h, int k, double v) {
  int i = 0;
  for (;;) {
    int l = 2 * i + 1;
    if (l >= k) break;
    int r = l + 1;
    int c = r < k && h[r] > h[l] ? r : l;
    if (h[c] <= v) break;
    h[i] = h[c];
    i = c;
  }
  h[i] = v;
}

// The k nearest base distances of the rows of block `ibn`, from every block in the order of
// bruteCoreDistances (neighbouring blocks first, far blocks skipped by the pivot ranges).
void brute_core_block(int ibn) {
  int n = br.n, dim = br.dim, P = br.pivots, k = br.k, block = br.block;
  int n_blocks = (n + block - 1) / block;
  int ib = ibn * block, i_end = ib + block < n ? ib + block : n;
  for (int step = 0; step < n_blocks; step++) {
    int jbn = step % 2 == 0 ? ibn + step / 2 : ibn - (step + 1) / 2;
    int jb_index = jbn < 0 ? jbn + n_blocks : jbn >= n_blocks ? jbn - n_blocks : jbn;
    if (jb_index < 0 || jb_index >= n_blocks) continue;
    int jb = jb_index * block, j_end = jb + block < n ? jb + block : n;
    if (jb_index != ibn) {
      double worst = 0;
      for (int i = ib; i < i_end; i++)
        if (br.heap[(long)i * k] > worst) worst = br.heap[(long)i * k];
      double lb_block = 0;
      for (int p = 0; p < P; p++) {
        double g1 = br.block_min[(long)jb_index * P + p] - br.block_max[(long)ibn * P + p];
        double g2 = br.block_min[(long)ibn * P + p] - br.block_max[(long)jb_index * P + p];
        double g = g1 > g2 ? g1 : g2;
        if (g > lb_block) lb_block = g;
      }
      if (lb_block >= worst) continue;
    }
    for (int i = ib; i < i_end; i++) {
      const double *iv = br.data + (long)i * dim;
      double *h = br.heap + (long)i * k;
      for (int j = jb; j < j_end; j++) {
        if (j == i) continue;
        double hi = h[0];
        if (pivot_bound(i, j) >= hi) continue;
        double s = __builtin_sqrt(sq_dist4(iv, br.data + (long)j * dim, dim));
        if (s < hi) sift_down_max(h, k, s);
      }
    }
  }
}

// One step of Prim's algorithm from the vertex `cur` over the m remaining vertices: lowers their
// mutual-reachability distance to the tree and returns the index (in `remaining`) of the nearest;
// its vertex goes to out[0].
int prim_step(int cur, int m, int *out) {
  int dim = br.dim;
  double inv_alpha = br.inv_alpha;
  const double *core = br.core;
  const int *remaining = br.remaining, *perm = br.perm;
  double *dist = br.dist;
  double cc = core[cur];
  const double *cv = br.data + (long)cur * dim;
  int best_idx = -1, best_vertex = 0;
  double best_val = __builtin_inf();
  for (int r = 0; r < m; r++) {
    int j = remaining[r];
    double dj = dist[j];
    double cj = core[j];
    // mutual reachability ≥ max(core(cur), core(j), pivot bound): skip what cannot improve.
    if (cc < dj && cj < dj && to_metric(pivot_bound(cur, j)) * inv_alpha < dj) {
      double s = __builtin_sqrt(sq_dist4(cv, br.data + (long)j * dim, dim));
      double w = to_metric(s) * inv_alpha;
      if (w < cc) w = cc;
      if (w < cj) w = cj;
      if (w < dj) {
        dist[j] = w;
        br.src[j] = cur;
      }
    }
    double v = dist[j];
    int vj = perm[j];
    if (v < best_val || (v == best_val && vj < perm[best_vertex])) {
      best_val = v;
      best_idx = r;
      best_vertex = j;
    }
  }
  out[0] = best_vertex;
  return best_idx;
}

// ---- Fixed-radius search for DBSCAN and OPTICS (KDTree.radiusReduced, euclidean): the same
// depth-first order (left child first), the same box-and-ball bound and sequential sums, so the
// same neighbours come out in the same order.

typedef struct {
  int dim;
  const double *data, *tdata, *lo, *hi, *centroid, *radius;
  const int *nleft, *nstart, *nend;
  int *stack, *out_pos;
  double *out_dist;
} RadiusSearch;

static RadiusSearch rs;

// Points the radius search at its arrays (byte offsets into this memory).
void radius_setup(int dim, const double *data, const double *tdata, const double *lo, const double *hi, const double *centroid,
                  const double *radius, const int *nleft, const int *nstart, const int *nend, int *stack, int *out_pos,
                  double *out_dist) {
  rs.dim = dim;
  rs.data = data;
  rs.tdata = tdata;
  rs.lo = lo;
  rs.hi = hi;
  rs.centroid = centroid;
  rs.radius = radius;
  rs.nleft = nleft;
  rs.nstart = nstart;
  rs.nend = nend;
  rs.stack = stack;
  rs.out_pos = out_pos;
  rs.out_dist = out_dist;
}

// True-distance lower bound from qv to any point of `node`: the larger of the box bound and the
// ball bound (KDTree.lowerBound).
static double radius_lower_bound(const double *qv, int node) {
  int dim = rs.dim;
  const double *lo = rs.lo + (long)node * dim, *hi = rs.hi + (long)node * dim, *c = rs.centroid + (long)node * dim;
  double box = 0, s = 0;
  for (int j = 0; j < dim; j++) {
    double v = qv[j];
    double g = MAX0(lo[j] - v) + MAX0(v - hi[j]);
    box += g * g;
  }
  box = __builtin_sqrt(box);
  for (int j = 0; j < dim; j++) {
    double diff = qv[j] - c[j];
    s += diff * diff;
  }
  s = __builtin_sqrt(s);
  double ball = s - rs.radius[node];
  return ball > box ? ball : box;
}

// Tree positions (and squared distances) of the points within squared distance r2 of the point at
// tree position q, itself included, written to out_pos/out_dist in search order; stops at `limit`.
// Returns how many were found.
int radius_query(int q, double r2, int limit) {
  int dim = rs.dim;
  const double *qv = rs.data + (long)q * dim;
  int *stack = rs.stack;
  int found = 0, top = 0;
  stack[top++] = 0;
  while (top > 0) {
    int node = stack[--top];
    double lb = radius_lower_bound(qv, node);
    if (lb * lb > r2) continue;
    int left = rs.nleft[node];
    if (left >= 0) {
      stack[top++] = left + 1;
      stack[top++] = left;
      continue;
    }
    int s = rs.nstart[node], m = rs.nend[node] - s;
    const double *T = rs.tdata + (long)s * dim;
    for (int i = 0; i < m; i += 4) {
      double sq[4];
      int cnt = m - i < 4 ? m - i : 4;
      leaf_sq(qv, T, m, i, cnt, dim, sq);
      for (int u = 0; u < cnt; u++) {
        if (sq[u] <= r2) {
          rs.out_pos[found] = s + i + u;
          rs.out_dist[found] = sq[u];
          if (++found >= limit) return found;
        }
      }
    }
  }
  return found;
}
