#!/usr/bin/python3
"""Child process of bench/cluster/partition.mjs: one scikit-learn fit, timed inside Python.

    /usr/bin/python3 bench/cluster/partition-sklearn.py METHOD DATA.f32 N D K LABELS_OUT SEED N_INIT

Prints one JSON line: seconds (fit only), inertia (k-means) or log-likelihood/BIC (mixture), peak RSS.
"""
import json
import resource
import sys
import time

import numpy as np

method, path, n, d, k, out, seed, n_init = sys.argv[1:9]
n, d, k, seed, n_init = int(n), int(d), int(k), int(seed), int(n_init)
x = np.fromfile(path, dtype=np.float32).reshape(n, d)

result = {}
if method == "kmeans":
    from sklearn.cluster import KMeans
    t = time.perf_counter()
    c = time.process_time()
    m = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(x)
    result["seconds"] = time.perf_counter() - t
    result["cpuSeconds"] = time.process_time() - c
    labels = m.labels_
    result["inertia"] = float(m.inertia_)
    result["iterations"] = int(m.n_iter_)
elif method == "minibatch":
    from sklearn.cluster import MiniBatchKMeans
    t = time.perf_counter()
    c = time.process_time()
    m = MiniBatchKMeans(n_clusters=k, n_init=n_init, random_state=seed, batch_size=1024).fit(x)
    result["seconds"] = time.perf_counter() - t
    result["cpuSeconds"] = time.process_time() - c
    labels = m.labels_
    result["inertia"] = float(m.inertia_)
elif method == "gmm":
    from sklearn.mixture import GaussianMixture
    t = time.perf_counter()
    c = time.process_time()
    m = GaussianMixture(n_components=k, covariance_type="full", n_init=n_init, random_state=seed).fit(x)
    labels = m.predict(x)
    result["seconds"] = time.perf_counter() - t
    result["cpuSeconds"] = time.process_time() - c
    result["logLikelihood"] = float(m.score(x))
    result["bic"] = float(m.bic(x))
else:
    raise SystemExit(f"unknown method {method}")

np.asarray(labels, dtype=np.int32).tofile(out)
result["maxRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
