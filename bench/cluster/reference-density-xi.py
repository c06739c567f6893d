"""Adds scikit-learn's OPTICS-xi labels to the density fixtures (run after reference-density.mjs).

Usage: /usr/bin/python3 bench/cluster/reference-density-xi.py
The OPTICS ordering and reachability are R's (our OPTICS reproduces them exactly); scikit-learn's
cluster_optics_xi extracts clusters from them without predecessor correction (its correction step
indexes `ordering` with point ids, which differs from the published algorithm we implement).
"""
import json
import pathlib
import numpy as np
from sklearn.cluster import cluster_optics_xi

here = pathlib.Path(__file__).resolve().parent
fixtures = here.parent.parent / "test" / "fixtures" / "density"
for path in sorted(fixtures.glob("*.json")):
    f = json.loads(path.read_text())
    o = f["r"]["optics"]
    reach = np.array([np.inf if v < 0 else v for v in o["reachdist"]], dtype=float)
    ordering = np.array(o["order"], dtype=int)
    predecessor = np.full(len(reach), -1, dtype=int)
    runs = []
    for xi, mcs in [(0.05, 20), (0.1, 30)]:
        labels = cluster_optics_xi(reachability=reach, predecessor=predecessor, ordering=ordering,
                                   min_samples=o["minPts"], min_cluster_size=mcs, xi=xi,
                                   predecessor_correction=False)[0]
        runs.append({"xi": xi, "minClusterSize": mcs, "minSamples": o["minPts"], "labels": labels.tolist()})
    f["sklearn_xi"] = runs
    path.write_text(json.dumps(f, separators=(",", ":")))
    print(path.name, [max(r["labels"]) + 1 for r in runs], "clusters")
