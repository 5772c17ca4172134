"""Diagnostics: model M/M/c vs theory, per replicate."""

import sys
import time

import numpy as np

from cogov.experiments.verification.checks import _RATE_KEY, TEXTBOOK
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel


def run(seed, c=3, rho=0.75, days=400, warm=40):
    lam = rho * c
    ov = {_RATE_KEY: lam * 1000.0, "departments.desk.staff": c, "days": days}
    sc = load_scenario(TEXTBOOK, ov)
    m = CoGovModel(sc, rng=seed, keep_records=True)
    m.run_days(days)
    rec = np.array(m.metrics.records, dtype=float)[:, 1:]
    return m, rec


if __name__ == "__main__":
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    t = time.time()
    m, rec = run(seed)
    print("time", time.time() - t)
    d = m.department_list[0]
    print("servers", d.pool.servers, "effort", d.pool.effort, "office", d.pool.office)
    print(
        "residents",
        sum(len(r) for r in m.residents_by_nb),
        "base",
        m.arrivals.base.sum(),
        "per h",
        m.arrivals.base.sum() / 24,
    )
    print("records", len(rec), "alive", len(m.alive))
    arr = np.sort(rec[:, 0])
    T = 400 * 24
    print("rate/h", len(arr) / T)
    # hour of day profile
    h = np.floor(arr % 24).astype(int)
    print("hour counts", np.bincount(h, minlength=24))
    wd = (np.floor(arr / 24) % 7).astype(int)
    print("weekday counts", np.bincount(wd, minlength=7))
    hourly = np.bincount(np.floor(arr).astype(int), minlength=T)
    print("hourly mean var", hourly.mean(), hourly.var())
    daily = np.bincount(np.floor(arr / 24).astype(int), minlength=400)
    print("daily mean var", daily.mean(), daily.var())
    s = rec[:, 3] - rec[:, 2]
    print("service mean var", s.mean(), s.var())
    w = rec[:, 2] - rec[:, 1]
    print("queue-report", np.abs(rec[:, 1] - rec[:, 0]).max())
    o = np.argsort(rec[:, 1], kind="stable")
    st = rec[o, 2]
    print("FCFS violations", int(np.sum(np.diff(st) < -1e-12)))
    # work conserving: busy count at each waiting arrival
    starts, ends = np.sort(rec[:, 2]), np.sort(rec[:, 3])
    tq = rec[w > 1e-12, 1]
    busy = np.searchsorted(starts, tq, side="right") - np.searchsorted(ends, tq, side="right")
    print("busy at waiting arrivals", np.bincount(busy))
    idle_arr = rec[w <= 1e-12, 1]
    busy2 = np.searchsorted(starts, idle_arr, side="left") - np.searchsorted(
        ends, idle_arr, side="right"
    )
    print("busy just before immediate-start arrivals", np.bincount(busy2))
    keep = rec[:, 0] >= 40 * 24
    print("mean wait", w[keep].mean(), "P(wait)", np.mean(w[keep] > 1e-12))
    # correlation of service time with queue length at start
    print("corr service vs wait", np.corrcoef(s, w)[0, 1])
