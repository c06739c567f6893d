"""Computes the small reference fixtures used by test/reduce (run once with /usr/bin/python3).

    /usr/bin/python3 bench/reduce/make-fixtures.py

Writes test/reduce/fixtures/sklearn-reference.json: a small data set, an embedding of it, the
scikit-learn trustworthiness at several k, and scikit-learn's PCA explained variance.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness

rng = np.random.default_rng(7)
n, d = 80, 6
centres = rng.normal(0, 3, size=(4, d))
labels = np.arange(n) % 4
x = np.round(centres[labels] + rng.normal(0, 1, size=(n, d)), 6)
# A deliberately imperfect embedding: the first two coordinates plus noise.
low = np.round(x[:, :2] + rng.normal(0, 1.5, size=(n, 2)), 6)
pca = PCA(n_components=4, svd_solver="full").fit(x)
out = {
    "sklearn": sklearn.__version__,
    "x": np.round(x, 6).tolist(),
    "low": np.round(low, 6).tolist(),
    "trustworthiness": {str(k): trustworthiness(np.round(x, 6), np.round(low, 6), n_neighbors=k) for k in (1, 5, 10, 15)},
    "pcaExplainedVariance": pca.explained_variance_.tolist(),
    "pcaExplainedVarianceRatio": pca.explained_variance_ratio_.tolist(),
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "reduce", "fixtures", "sklearn-reference.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path))
