import sys

import numpy as np
from exp import run

base, n = int(sys.argv[1]), int(sys.argv[2])
for s in range(base, base + n):
    m, rec = run(s, c=1, rho=0.7, days=200, warm=20)
    keep = rec[:, 0] >= 480
    w = rec[keep, 2] - rec[keep, 1]
    print(s, np.mean(w > 1e-12), w.mean(), flush=True)
