import numpy as np

E = 360 * 54
allw = []
allX = []
for b in (1000, 3000, 5000, 7000):
    M = np.loadtxt(f"orig_{b}.log")
    w = M[:, 2]
    n = len(w)
    print(
        f"{b}: mean wait {w.mean():.4f} se {w.std(ddof=1) / n**0.5:.4f} sd {w.std(ddof=1):.4f} "
        f"P(wait) {M[:, 3].mean():.4f} arrivals/exp {M[:, 1].mean() / E:.4f} svc {M[:, 4].mean():.4f}"
    )
    allw.append(w)
    allX.append(np.column_stack([M[:, 1] - E, M[:, 4] - 1]))
w = np.concatenate(allw)
X = np.concatenate(allX)
n = len(w)
print(
    f"pooled: {w.mean():.4f} se {w.std(ddof=1) / n**0.5:.4f} sd {w.std(ddof=1):.4f} arrivals/exp {1 + X[:, 0].mean() / E:.4f} (se {X[:, 0].std(ddof=1) / n**0.5 / E:.4f}) svc {1 + X[:, 1].mean():.4f} (se {X[:, 1].std(ddof=1) / n**0.5:.4f})"
)
Xc = X - X.mean(0)
b = np.linalg.lstsq(Xc, w - w.mean(), rcond=None)[0]
res = w - w.mean() - Xc @ b
print(f"pooled CV-adjusted: {(w - X @ b).mean():.4f} se {res.std(ddof=3) / n**0.5:.4f}  coef {b}")
