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

// Replaces the max of a max-heap ordered by (distance, position) and sifts down (heapReplaceTop).
static inline void heap_replace_top(int *pos, double *dist, int k, int p, double d) {
  int i = 0;
  for (;;) {
    int l = 2 * i + 1;
    if (l >= k) break;
    int r = l + 1, c = l;
    if (r < k && (dist[r] > dist[l] || (dist[r] == dist[l] && pos[r] > pos[l]))) c = r;
    double dc = dist[c];
    if (dc < d || (dc == d && pos[c] <= p)) break;
    pos[i] = pos[c];
    dist[i] = dc;
    i = c;
  }
  pos[i] = p;
  dist[i] = d;
}

// Sorts a max-heap slice ascending by (distance, position) (heapSortAscending).
static void heap_sort(int *pos, double *dist, int k) {
  for (int end = k - 1; end > 0; end--) {
    int p = pos[end];
    double d = dist[end];
    pos[end] = pos[0];
    dist[end] = dist[0];
    int i = 0;
    for (;;) {
      int l = 2 * i + 1;
      if (l >= end) break;
      int r = l + 1, c = l;
      if (r < end && (dist[r] > dist[l] || (dist[r] == dist[l] && pos[r] > pos[l]))) c = r;
      double dc = dist[c];
      if (dc < d || (dc == d && pos[c] <= p)) break;
      pos[i] = pos[c];
      dist[i] = dc;
      i = c;
    }
    pos[i] = p;
    dist[i] = d;
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

// Offers the m points of one leaf (first position s, coordinate-major at T) to the heap of query qv.
__attribute__((noinline)) static void scan_leaf(int dim, int k, const double *qv, const double *T, int s, int m, int *hp, double *hd) {
  double worst = hd[0];
  int i = 0;
  for (; i + 4 <= m; i += 4) {
    v128_t a0 = wasm_f64x2_splat(0), a1 = wasm_f64x2_splat(0);
    const double *t = T + i;
    for (int j = 0; j < dim; j++, t += m) {
      v128_t qb = wasm_f64x2_splat(qv[j]);
      v128_t d0 = wasm_f64x2_sub(qb, wasm_v128_load(t));
      v128_t d1 = wasm_f64x2_sub(qb, wasm_v128_load(t + 2));
      a0 = wasm_f64x2_add(a0, wasm_f64x2_mul(d0, d0));
      a1 = wasm_f64x2_add(a1, wasm_f64x2_mul(d1, d1));
    }
    double e0 = wasm_f64x2_extract_lane(a0, 0), e1 = wasm_f64x2_extract_lane(a0, 1);
    double e2 = wasm_f64x2_extract_lane(a1, 0), e3 = wasm_f64x2_extract_lane(a1, 1);
    if (e0 < worst) { heap_replace_top(hp, hd, k, s + i, e0); worst = hd[0]; }
    if (e1 < worst) { heap_replace_top(hp, hd, k, s + i + 1, e1); worst = hd[0]; }
    if (e2 < worst) { heap_replace_top(hp, hd, k, s + i + 2, e2); worst = hd[0]; }
    if (e3 < worst) { heap_replace_top(hp, hd, k, s + i + 3, e3); worst = hd[0]; }
  }
  for (; i < m; i++) {
    double dist = 0;
    const double *t = T + i;
    for (int j = 0; j < dim; j++, t += m) {
      double d = qv[j] - *t;
      dist += d * d;
    }
    if (dist < worst) { heap_replace_top(hp, hd, k, s + i, dist); worst = hd[0]; }
  }
}

// The k nearest tree positions of tree position q (itself included), nearest first, squared
// distances. A function of its own so the engine's optimizing tier replaces it early.
__attribute__((noinline)) static void knn_one(int dim, int k, int q, const double *data, const double *tdata, const double *lo,
                                              const double *hi, const int *nleft, const int *nstart, const int *nend, int *outPos,
                                              double *outDist, int *stack, double *stackDist) {
  const double *qv = data + (long)q * dim;
  int *hp = outPos + (long)q * k;
  double *hd = outDist + (long)q * k;
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
    const double *ll = lo + (long)left * dim, *lh = hi + (long)left * dim;
    const double *rl = lo + (long)right * dim, *rh = hi + (long)right * dim;
    double dl = 0, dr = 0;
    for (int j = 0; j < dim; j++) {
      double v = qv[j];
      double g = MAX0(ll[j] - v) + MAX0(v - lh[j]);
      dl += g * g;
      g = MAX0(rl[j] - v) + MAX0(v - rh[j]);
      dr += g * g;
    }
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

// KDTree.selfKnnReduced for tree positions [from, to) (euclidean). `stack` needs room for
// 2 × depth + 2 entries.
void self_knn(int dim, int k, const double *data, const double *tdata, const double *lo, const double *hi, const int *nleft,
              const int *nstart, const int *nend, int *outPos, double *outDist, int from, int to, int *stack, double *stackDist) {
  for (int q = from; q < to; q++) knn_one(dim, k, q, data, tdata, lo, hi, nleft, nstart, nend, outPos, outDist, stack, stackDist);
}
