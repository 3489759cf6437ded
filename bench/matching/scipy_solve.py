"""SciPy reference solver for the `match solve` JSON format (benchmark only).

    python3 bench/matching/scipy_solve.py FILE.json dense|sparse

dense:  scipy.optimize.linear_sum_assignment on the full cost matrix (missing edges = inf).
sparse: scipy.sparse.csgraph.min_weight_full_bipartite_matching (needs a full matching;
        explicit zero costs would be dropped by csr_matrix, so costs are shifted to be > 0).
Prints {"matched": N, "totalCost": X} like the real solver (without the pairs).
"""
import json
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def main() -> None:
    path, mode = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        inst = json.load(f)
    li = {n["id"]: i for i, n in enumerate(inst["left"])}
    ri = {n["id"]: i for i, n in enumerate(inst["right"])}
    edges = inst["edges"]
    m = len(edges)
    rows = np.fromiter((li[e["left"]] for e in edges), dtype=np.int64, count=m)
    cols = np.fromiter((ri[e["right"]] for e in edges), dtype=np.int64, count=m)
    cost = np.fromiter((e["cost"] for e in edges), dtype=np.float64, count=m)
    if mode == "dense":
        M = np.full((len(li), len(ri)), np.inf)
        M[rows, cols] = cost
        a, b = linear_sum_assignment(M)
        total = float(M[a, b].sum())
    else:
        shift = 1.0 - cost.min() if m else 0.0
        G = csr_matrix((cost + shift, (rows, cols)), shape=(len(li), len(ri)))
        a, b = min_weight_full_bipartite_matching(G)
        total = float(np.asarray(G[a, b]).sum()) - shift * len(a)
    print(json.dumps({"matched": int(len(a)), "totalCost": total}))


if __name__ == "__main__":
    main()
