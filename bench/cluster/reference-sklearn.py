#!/usr/bin/python3
"""Reference fixtures for hf-separate's metrics, k-means, Gaussian mixtures and agglomerative clustering.

Runs once with Debian's scikit-learn 1.2 (python3-sklearn) and SciPy and writes small JSON files to
test/fixtures/sklearn/. Every data set is generated here with fixed seeds, so the fixtures are
reproducible:

    /usr/bin/python3 bench/cluster/reference-sklearn.py [outdir]
"""
import json
import os
import sys

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import linkage
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import (
    adjusted_mutual_info_score,
    adjusted_rand_score,
    calinski_harabasz_score,
    davies_bouldin_score,
    homogeneity_completeness_v_measure,
    mutual_info_score,
    normalized_mutual_info_score,
    silhouette_samples,
    silhouette_score,
)
from sklearn.metrics.cluster import contingency_matrix
from sklearn.mixture import GaussianMixture

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "sklearn")
os.makedirs(OUT, exist_ok=True)
META = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
        "script": "bench/cluster/reference-sklearn.py"}


def dump(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({"meta": META, **obj}, f, separators=(",", ":"))
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def rows(x):
    return [[float(v) for v in r] for r in x]


# ---------------------------------------------------------------- metrics
x, y = make_blobs(n_samples=300, centers=3, n_features=4, cluster_std=1.8, random_state=0)
rng = np.random.RandomState(11)
km3 = KMeans(n_clusters=3, n_init=10, random_state=0).fit(x).labels_
km5 = KMeans(n_clusters=5, n_init=10, random_state=0).fit(x).labels_
noisy = y.copy()
flip = rng.choice(300, 60, replace=False)
noisy[flip] = rng.randint(0, 5, 60)
with_noise = km3.copy()
with_noise[rng.choice(300, 30, replace=False)] = -1
labelings = {"true": y, "kmeans3": km3, "kmeans5": km5, "noisy": noisy, "withNoise": with_noise}

external = []
for pred in ["kmeans3", "kmeans5", "noisy", "withNoise"]:
    a, b = labelings["true"], labelings[pred]
    h, c, v = homogeneity_completeness_v_measure(a, b)
    cm = contingency_matrix(a, b)
    external.append({
        "true": "true", "pred": pred,
        "ari": adjusted_rand_score(a, b),
        "mi": mutual_info_score(a, b),
        "nmi": {m: normalized_mutual_info_score(a, b, average_method=m) for m in ["arithmetic", "geometric", "min", "max"]},
        "ami": {m: adjusted_mutual_info_score(a, b, average_method=m) for m in ["arithmetic", "geometric", "min", "max"]},
        "homogeneity": h, "completeness": c, "vMeasure": v,
        # purity is not in scikit-learn: computed here from its contingency matrix (definition).
        "purity": float(cm.max(axis=0).sum() / cm.sum()),
        "contingency": cm.tolist(),
    })
internal = []
for name in ["true", "kmeans5", "withNoise"]:
    lab = labelings[name]
    entry = {"labels": name,
             "silhouette": {m: silhouette_score(x, lab, metric=m) for m in ["euclidean", "manhattan", "cosine"]},
             "calinskiHarabasz": calinski_harabasz_score(x, lab),
             "daviesBouldin": davies_bouldin_score(x, lab)}
    if name == "true":
        entry["silhouetteSamples"] = silhouette_samples(x, lab).tolist()
    internal.append(entry)
dump("metrics.json", {"x": rows(x), "labelings": {k: v.tolist() for k, v in labelings.items()},
                      "external": external, "internal": internal})

# ---------------------------------------------------------------- k-means
xk, yk = make_blobs(n_samples=400, centers=5, n_features=6, cluster_std=2.5, random_state=1)
init = xk[np.random.RandomState(7).choice(400, 5, replace=False)]
fixed = KMeans(n_clusters=5, init=init, n_init=1, max_iter=300, tol=1e-4, algorithm="lloyd").fit(xk)
best = KMeans(n_clusters=5, n_init=10, random_state=0).fit(xk)
dump("kmeans.json", {
    "x": rows(xk), "y": yk.tolist(), "k": 5, "init": rows(init),
    "fixedInit": {"inertia": float(fixed.inertia_), "labels": fixed.labels_.tolist(),
                  "centroids": rows(fixed.cluster_centers_), "iterations": int(fixed.n_iter_), "tol": 1e-4},
    "kmeansPlusPlus": {"nInit": 10, "inertia": float(best.inertia_)},
})

# ---------------------------------------------------------------- Gaussian mixtures
xg, yg = make_blobs(n_samples=300, centers=3, n_features=3, cluster_std=[1.0, 2.0, 0.6], random_state=4)
xg = xg @ np.array([[1.0, 0.4, 0.0], [0.0, 1.0, 0.3], [0.2, 0.0, 1.0]])  # correlated features
gidx = np.random.RandomState(5).choice(300, 3, replace=False)
means0 = xg[gidx]
weights0 = np.array([0.3, 0.3, 0.4])
gmm = []
for ct in ["full", "diag", "spherical"]:
    d = xg.shape[1]
    if ct == "full":
        cov0 = np.array([np.eye(d) * s for s in [1.0, 2.0, 3.0]])
        prec0 = np.array([np.linalg.inv(c) for c in cov0])
    elif ct == "diag":
        cov0 = np.array([np.ones(d) * s for s in [1.0, 2.0, 3.0]])
        prec0 = 1.0 / cov0
    else:
        cov0 = np.array([1.0, 2.0, 3.0])
        prec0 = 1.0 / cov0
    g = GaussianMixture(n_components=3, covariance_type=ct, weights_init=weights0, means_init=means0,
                        precisions_init=prec0, tol=1e-10, max_iter=2000, reg_covar=1e-6).fit(xg)
    gd = GaussianMixture(n_components=3, covariance_type=ct, random_state=0, n_init=3).fit(xg)
    gmm.append({
        "covarianceType": ct,
        "init": {"weights": weights0.tolist(), "means": rows(means0), "covariances": cov0.tolist()},
        "converged": bool(g.converged_), "iterations": int(g.n_iter_),
        "meanLogLikelihood": float(g.score(xg)), "bic": float(g.bic(xg)), "aic": float(g.aic(xg)),
        "weights": g.weights_.tolist(), "means": rows(g.means_), "covariances": g.covariances_.tolist(),
        "labels": g.predict(xg).tolist(), "probaHead": g.predict_proba(xg[:10]).tolist(),
        "defaultInit": {"nInit": 3, "bic": float(gd.bic(xg)), "meanLogLikelihood": float(gd.score(xg))},
    })
dump("gmm.json", {"x": rows(xg), "y": yg.tolist(), "k": 3, "regCovar": 1e-6, "fits": gmm})

# ---------------------------------------------------------------- agglomerative
xa, ya = make_blobs(n_samples=120, centers=4, n_features=3, cluster_std=1.2, random_state=3)
agg = []
for link in ["ward", "average", "complete", "single"]:
    z = linkage(xa, method=link)
    lab = AgglomerativeClustering(n_clusters=4, linkage=link).fit(xa).labels_
    threshold = float(np.median(z[:, 2]))
    t = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, linkage=link).fit(xa)
    agg.append({"linkage": link, "nClusters": 4, "labels": lab.tolist(), "scipyLinkage": z.tolist(),
                "threshold": threshold, "thresholdLabels": t.labels_.tolist(),
                "thresholdClusters": int(t.n_clusters_)})
dump("agglomerative.json", {"x": rows(xa), "y": ya.tolist(), "fits": agg})
