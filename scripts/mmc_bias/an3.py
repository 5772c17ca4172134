import numpy as np


def est(M, E, theory, label):
    w = M[:, 2]
    n = len(w)
    X = np.column_stack([M[:, 1] - E, M[:, 4] - 1])
    Xc = X - X.mean(0)
    b = np.linalg.lstsq(Xc, w - w.mean(), rcond=None)[0]
    res = w - w.mean() - Xc @ b
    se = w.std(ddof=1) / n**0.5
    sea = res.std(ddof=3) / n**0.5
    adj = (w - X @ b).mean()
    print(
        f"{label}: n={n} mean {w.mean():.4f} ±{1.96 * se:.4f} (95%), ratio to theory {w.mean() / theory:.4f} ±{1.96 * se / theory:.4f}; "
        f"CV-adjusted {adj:.4f} ±{1.96 * sea:.4f}, ratio {adj / theory:.4f} ±{1.96 * sea / theory:.4f}; sd {w.std(ddof=1):.4f}; "
        f"P(wait) {M[:, 3].mean():.4f}; arrivals/exp {M[:, 1].mean() / E:.4f}; svc {M[:, 4].mean():.4f}"
    )
    return w.mean(), se


th = 0.7570093457943926
big = np.vstack(
    [np.loadtxt("model_run.log"), np.loadtxt("big_20000.log"), np.loadtxt("big_30000.log")]
)
est(big, 180 * 54, th, "M/M/3 rho=.75 200d seeds 10000-10159,20000-20239,30000-30239")
orig = np.vstack([np.loadtxt(f"orig_{b}.log") for b in (1000, 3000, 5000, 7000)])
est(orig, 360 * 54, th, "M/M/3 rho=.75 400d seeds 1000-,3000-,5000-,7000- (x30)")
# pooled all (ratio to theory, inverse-variance weights)
m1, s1 = big[:, 2].mean(), big[:, 2].std(ddof=1) / len(big) ** 0.5
m2, s2 = orig[:, 2].mean(), orig[:, 2].std(ddof=1) / len(orig) ** 0.5
w1, w2 = 1 / s1**2, 1 / s2**2
m = (m1 * w1 + m2 * w2) / (w1 + w2)
s = (w1 + w2) ** -0.5
print(
    f"all 680 replicates, inverse-variance pooled: {m:.4f} ±{1.96 * s:.4f} (95%), ratio {m / th:.4f} [{(m - 1.96 * s) / th:.4f}, {(m + 1.96 * s) / th:.4f}]"
)
half = np.vstack([np.loadtxt("half_40000.log"), np.loadtxt("half_50000.log")])
est(half, 180 * 36, 0.15789473684210525, "M/M/3 rho=.5 200d seeds 40000-40199,50000-50199")
