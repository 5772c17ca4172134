import heapq
import sys

import numpy as np


def rep(seed, lam=2.25, c=3, days=200, warm=20):
    rng = np.random.default_rng(seed)
    arr = []
    for d in range(days):
        n = rng.poisson(lam * 24)
        arr.extend(sorted(d * 24 + rng.random(n) * 24))
    arr = np.array(arr)
    S = rng.exponential(1.0, len(arr))
    free = [0.0] * c
    waits = []
    for t, s in zip(arr, S, strict=False):
        f = heapq.heappop(free)
        start = max(t, f)
        heapq.heappush(free, start + s)
        if t >= warm * 24:
            waits.append(start - t)
    w = np.array(waits)
    return len(w), w.mean(), np.mean(w > 0), S.mean()


base, n, days, warm = (int(a) for a in sys.argv[1:5])
rho = float(sys.argv[5]) if len(sys.argv) > 5 else 0.75
out = np.array([(s, *rep(s, lam=3 * rho, days=days, warm=warm)) for s in range(base, base + n)])
np.save(f"ref_{base}_{n}_{days}_{rho}.npy", out)
print(out[:, 2].mean(), out[:, 2].std(ddof=1) / n**0.5, out[:, 1].mean())
