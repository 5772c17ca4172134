import sys

import numpy as np
from exp import run

base, n, days, warm = (int(a) for a in sys.argv[1:5])
rho = float(sys.argv[5]) if len(sys.argv) > 5 else 0.75
out = []
for s in range(base, base + n):
    m, rec = run(s, rho=rho, days=days, warm=warm)
    keep = rec[:, 0] >= warm * 24
    w = rec[keep, 2] - rec[keep, 1]
    # arrivals in the window, incl. unfinished ones
    open_ = [i for i in m.alive.values() if i.state.name != "PENDING"]
    n_arr = int(keep.sum()) + sum(1 for i in open_ if i.t_report >= warm * 24)
    svc = (rec[:, 3] - rec[:, 2]).mean()
    out.append((s, n_arr, w.mean(), np.mean(w > 1e-12), svc, len(open_)))
    print(*out[-1], flush=True)
np.save(f"model_{base}_{n}_{days}_{rho}.npy", np.array(out))
