"""scikit-learn reference for the surrogate tree: DecisionTreeClassifier(gini, max_depth,
min_samples_leaf, random_state) on the same design matrix. Reads JSON {x, y, max_depth,
min_samples_leaf} on stdin; prints {fidelity, root_feature, root_threshold}."""
import json
import sys

import numpy as np
from sklearn.tree import DecisionTreeClassifier

inp = json.load(sys.stdin)
x = np.array(inp["x"], dtype=float)
y = np.array(inp["y"])
tree = DecisionTreeClassifier(max_depth=inp["max_depth"], min_samples_leaf=inp["min_samples_leaf"], random_state=42).fit(x, y)
print(json.dumps({
    "fidelity": float((tree.predict(x) == y).mean()),
    "root_feature": int(tree.tree_.feature[0]),
    "root_threshold": float(tree.tree_.threshold[0]),
}))
