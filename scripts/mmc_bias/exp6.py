import numpy as np
from exp import run
from scipy import stats

A = []
S = []
for seed in (1001, 1002, 1003):
    m, rec = run(seed, days=200)
    a = np.sort(rec[:, 0])
    A.append(np.diff(a))
    S.append(rec[:, 3] - rec[:, 2])
A = np.concatenate(A)
S = np.concatenate(S)
print("interarrival mean", A.mean(), "KS", stats.kstest(A, stats.expon(scale=1 / 2.25).cdf))
print("service mean", S.mean(), "cv", S.std() / S.mean(), "KS", stats.kstest(S, stats.expon().cdf))
# lag-1 autocorrelation of interarrivals and services in arrival order
print("lag1 interarrival", np.corrcoef(A[:-1], A[1:])[0, 1])
