"""scikit-learn's dense pipeline on a Polis export folder, end to end (CSV to groups), for `npm run bench -- analyze`.

As the Python reimplementations of Polis do it: votes.csv read with pandas, the latest vote of each
participant on each statement kept, pivoted to a dense participant x statement matrix (missing = 0),
PCA to two components, k-means for k = 2..5 with the silhouette choosing k. Prints JSON.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score

started = time.perf_counter()
folder = sys.argv[1]
votes = pd.read_csv(f"{folder}/votes.csv", usecols=["timestamp", "comment-id", "voter-id", "vote"])
comments = pd.read_csv(f"{folder}/comments.csv")
votes = votes.sort_values("timestamp").drop_duplicates(["voter-id", "comment-id"], keep="last")
matrix = votes.pivot(index="voter-id", columns="comment-id", values="vote").reindex(
    columns=comments["comment-id"]
)
dense = matrix.fillna(0).to_numpy(dtype=np.float64)
projected = PCA(n_components=2, random_state=1).fit_transform(dense)
best = None
for k in range(2, 6):
    labels = KMeans(n_clusters=k, n_init=4, random_state=1).fit_predict(projected)
    score = silhouette_score(projected, labels, sample_size=min(len(projected), 5000), random_state=1)
    if best is None or score > best[0]:
        best = (score, k)
print(json.dumps({"participants": dense.shape[0], "statements": dense.shape[1], "k": best[1],
                  "seconds": round(time.perf_counter() - started, 2)}))
