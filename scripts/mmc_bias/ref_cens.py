import heapq

import numpy as np

d = []
for seed in range(10000, 10200):
    rng = np.random.default_rng(seed)
    arr = []
    for day in range(200):
        n = rng.poisson(54)
        arr.extend(sorted(day * 24 + rng.random(n) * 24))
    arr = np.array(arr)
    S = rng.exponential(1.0, len(arr))
    free = [0.0] * 3
    W = []
    F = []
    for t, s in zip(arr, S, strict=False):
        f = heapq.heappop(free)
        st = max(t, f)
        heapq.heappush(free, st + s)
        W.append(st - t)
        F.append(st + s)
    W = np.array(W)
    F = np.array(F)
    k = arr >= 480
    done = k & (F <= 4800)
    d.append((W[k].mean(), W[done].mean()))
d = np.array(d)
diff = d[:, 1] - d[:, 0]
print(
    "all",
    d[:, 0].mean(),
    "finished only",
    d[:, 1].mean(),
    "diff mean",
    diff.mean(),
    "relative",
    diff.mean() / d[:, 0].mean(),
)
