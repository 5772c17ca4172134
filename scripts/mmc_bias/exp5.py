import numpy as np
from exp import run

m, rec = run(1001, days=100)
w = rec[:, 2] - rec[:, 1]
closes = set(rec[:, 3].tolist())
waited = rec[w > 1e-12]
print(
    "waited",
    len(waited),
    "start equals some close",
    sum(t in closes for t in waited[:, 2].tolist()),
)
# simulate the queue from the model's own arrival and service times -> should reproduce waits
import heapq

o = np.argsort(rec[:, 1])
a = rec[o, 1]
s = rec[o, 3] - rec[o, 2]
free = [0.0] * 3
ws = []
for t, x in zip(a, s, strict=False):
    f = heapq.heappop(free)
    st = max(t, f)
    heapq.heappush(free, st + x)
    ws.append(st - t)
print("max |recomputed - model| wait", np.abs(np.array(ws) - w[o]).max())
