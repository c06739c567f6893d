#!/usr/bin/python3
"""Child of bench/cluster/partition-hierarchy.mjs: one scikit-learn call, timed inside Python.

    /usr/bin/python3 bench/cluster/partition-hierarchy-sklearn.py TASK DATA.f32 N D K LABELS.i32 OUT.i32
"""
import json
import resource
import sys
import time

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import silhouette_score

task, path, n, d, k, labels_path, out = sys.argv[1:8]
n, d, k = int(n), int(d), int(k)
x = np.fromfile(path, dtype=np.float32).reshape(n, d).astype(np.float64)
y = np.fromfile(labels_path, dtype=np.int32)
res = {}
t = time.perf_counter()
c = time.process_time()
if task.startswith("agglomerative-"):
    lab = AgglomerativeClustering(n_clusters=k, linkage=task.split("-", 1)[1]).fit(x).labels_
    np.asarray(lab, dtype=np.int32).tofile(out)
elif task == "silhouette":
    res["value"] = float(silhouette_score(x, y))
elif task == "dbcv":
    raise SystemExit("scikit-learn has no DBCV")
res["seconds"] = time.perf_counter() - t
res["cpuSeconds"] = time.process_time() - c
res["maxRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(res))
