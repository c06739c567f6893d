"""Runs one scikit-learn / umap-learn reducer on a raw float32 file (timing measured here).

Usage: python3 peers.py <method> <data.f32> <n> <d> <out.f32> '<json params>'
Prints {"seconds": ..., "maxRssMB": ...} or {"skipped": "..."}.
"""
import json
import resource
import sys
import time

import numpy as np

method, path, n, d, out, params = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], json.loads(sys.argv[6])
x = np.fromfile(path, dtype=np.float32, count=n * d).reshape(n, d)
k = params["nComponents"]
if method == "sklearn-pca":
    from sklearn.decomposition import PCA

    t0 = time.perf_counter()
    y = PCA(n_components=k, random_state=1).fit_transform(x)
elif method == "sklearn-tsne":
    from sklearn.manifold import TSNE

    t0 = time.perf_counter()
    y = TSNE(n_components=k, perplexity=params.get("perplexity", 30), init="pca", learning_rate="auto", random_state=1).fit_transform(x)
elif method == "umap-learn":
    try:
        import umap
    except ImportError:
        print(json.dumps({"skipped": "umap-learn not installed"}))
        sys.exit(0)
    # Warm-up on a small random set so numba's one-off compilation is not counted as fit time.
    umap.UMAP(n_components=k, n_neighbors=min(params["nNeighbors"], 15), n_epochs=10, random_state=1).fit_transform(
        np.random.default_rng(0).normal(size=(300, d)).astype(np.float32)
    )
    t0 = time.perf_counter()
    y = umap.UMAP(n_components=k, n_neighbors=params["nNeighbors"], min_dist=params["minDist"], n_epochs=params["nEpochs"], metric=params.get("metric", "euclidean"), random_state=1).fit_transform(x)
else:
    raise SystemExit("unknown method " + method)
seconds = time.perf_counter() - t0
np.asarray(y, dtype=np.float32).tofile(out)
print(json.dumps({"seconds": seconds, "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
