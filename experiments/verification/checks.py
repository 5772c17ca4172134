"""Verification: the model, reduced to textbook queues by scenario files, against theory.

Each check runs ``scenarios/textbook/mmc.toml`` with overrides (arrival rate, staff, work-time
law), discards a warm-up, and compares the estimate with the closed form of
:mod:`cogov.experiments.verification.theory`:

- M/M/c at several loads (one heavy, utilisation 0.9): probability of waiting and mean wait
  against Erlang C — the theory must lie in the 95% interval across replicates;
- M/M/1: the whole waiting-time distribution — P(wait > 0) = rho by its interval, and the
  waits of those who wait, thinned to one in ``thin`` to weaken autocorrelation, against
  their exponential law by a Kolmogorov–Smirnov test (pass if p >= 0.01);
- M/G/infinity with lognormal work: time-average number in work = lambda E[S];
- Little's law on ``xinhua_2013``, ``one_window`` and ``siloed``, for the whole system and
  each department's queue (an identity of the bookkeeping, checked to 1e-9).

``full`` sizes give intervals of a few percent of the theoretical value, so a real error of
a few percent fails; the quick sizes (for CI) are smaller and state their interval widths.

The interval checks are judged as one family at 95%: each interval is at the Bonferroni level
1 − 0.05 / :data:`INTERVAL_CHECKS` (:data:`LEVEL`), so a correct model fails one of them in at
most 5% of full runs instead of about a third (eight separate 95% intervals).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats

from cogov.experiments.analysis.estimates import mean_ci
from cogov.experiments.verification.theory import erlang_c, mg_inf_mean_busy, mmc_mean_wait
from cogov.sim.loader import SCENARIO_DIR, load_scenario
from cogov.sim.model import CoGovModel

__all__ = ["Check", "run_checks"]

TEXTBOOK = SCENARIO_DIR / "textbook" / "mmc.toml"
_RATE_KEY = "kinds.job.rate_per_1000_per_year"  # = 1000 x arrivals per hour (8,760 residents)


@dataclass(frozen=True, slots=True)
class Check:
    """One verification: theory, estimate and interval, verdict."""

    name: str
    measure: str
    theory: float
    estimate: float
    low: float
    high: float
    passed: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Size:
    replicates: int
    days: int
    warmup_days: int


#: the interval checks in :func:`run_checks` (M/M/c x 3 loads x 2 measures, M/M/1, M/G/inf)
INTERVAL_CHECKS = 8
#: the level of each interval: Bonferroni, the family at 95%
LEVEL = 1.0 - 0.05 / INTERVAL_CHECKS

QUICK = _Size(replicates=8, days=150, warmup_days=20)
FULL = _Size(replicates=30, days=400, warmup_days=40)


def _records(overrides: dict, seed: int, size: _Size) -> np.ndarray:
    """Per-issue (t_report, t_queue, t_start, t_close) after the warm-up."""
    scenario = load_scenario(TEXTBOOK, {**overrides, "days": size.days})
    model = CoGovModel(scenario, rng=seed, keep_records=True)
    model.run_days(size.days)
    rec = np.array(model.metrics.records, dtype=float)[:, 1:]
    return rec[rec[:, 0] >= size.warmup_days * 24.0]


def _interval_check(name: str, measure: str, theory: float, per_rep: list[float]) -> Check:
    mean, low, high, n = mean_ci(np.array(per_rep), LEVEL)
    note = (
        f"{n} replicates, {100 * LEVEL:.2f}% interval, half-width "
        f"{100 * (high - low) / 2 / theory:.1f}% of theory"
    )
    return Check(name, measure, theory, mean, low, high, bool(low <= theory <= high), note)


def check_mmc(c: int, rho: float, size: _Size, work_hours: float = 1.0) -> list[Check]:
    """M/M/c at utilisation ``rho``, judged against theory for unit service rate.

    ``work_hours`` other than 1 makes the model disagree with the theory on purpose (used
    to show that the check can fail).
    """
    lam = rho * c
    overrides = {
        _RATE_KEY: lam * 1000.0,
        "departments.desk.staff": c,
        "kinds.job.work.mean_hours": work_hours,
    }
    p_wait, mean_wait = [], []
    for r in range(size.replicates):
        rec = _records(overrides, seed=1000 + r, size=size)
        waits = rec[:, 2] - rec[:, 1]
        p_wait.append(float(np.mean(waits > 1e-12)))
        mean_wait.append(float(np.mean(waits)))
    name = f"M/M/{c} rho={rho:g}"
    return [
        _interval_check(name, "P(wait)", erlang_c(c, lam), p_wait),
        _interval_check(name, "mean wait (h)", mmc_mean_wait(c, lam, 1.0), mean_wait),
    ]


def check_mm1_distribution(rho: float, size: _Size, thin: int = 25) -> list[Check]:
    """M/M/1: P(wait > 0) and the law of positive waits, Exp(mu - lam)."""
    lam = rho
    overrides = {_RATE_KEY: lam * 1000.0, "departments.desk.staff": 1}
    p_wait, positive = [], []
    for r in range(size.replicates):
        rec = _records(overrides, seed=2000 + r, size=size)
        waits = rec[:, 2] - rec[:, 1]
        p_wait.append(float(np.mean(waits > 1e-12)))
        positive.append(waits[waits > 1e-12][::thin])
    sample = np.concatenate(positive)
    ks = stats.kstest(sample, stats.expon(scale=1.0 / (1.0 - lam)).cdf)
    name = f"M/M/1 rho={rho:g}"
    return [
        _interval_check(name, "P(wait)", rho, p_wait),
        Check(
            name,
            "law of waits > 0 (KS p)",
            1.0 - lam,
            float(1.0 / sample.mean()),
            float("nan"),
            float("nan"),
            bool(ks.pvalue >= 0.01),
            f"KS D={ks.statistic:.4f}, p={ks.pvalue:.3f}, n={sample.size} "
            f"(every {thin}th positive wait); estimate = fitted rate vs mu - lambda",
        ),
    ]


def check_mg_inf(size: _Size) -> list[Check]:
    """M/G/infinity: lognormal work (mean 2 h, cv 1.5), 400 servers never all busy."""
    lam, mean_s = 5.0, 2.0
    overrides = {
        _RATE_KEY: lam * 1000.0,
        "departments.desk.staff": 400,
        "kinds.job.work.dist": "lognormal",
        "kinds.job.work.mean_hours": mean_s,
        "kinds.job.work.cv": 1.5,
    }
    busy = []
    for r in range(size.replicates):
        scenario = load_scenario(TEXTBOOK, {**overrides, "days": size.days})
        model = CoGovModel(scenario, rng=3000 + r)
        model.run_days(size.warmup_days)
        area0, t0 = model.metrics.open_area, model.time
        model.run_days(size.days - size.warmup_days)
        model.result()  # closes the time integral at the horizon
        busy.append((model.metrics.open_area - area0) / (model.time - t0))
    return [
        _interval_check("M/G/inf lognormal", "mean in work", mg_inf_mean_busy(lam, mean_s), busy)
    ]


def check_little(scenarios: tuple[str, ...], scale: float, days: int) -> list[Check]:
    """Little's law, L = lambda W, for the system and every department queue."""
    out = []
    for name in scenarios:
        model = CoGovModel(load_scenario(name, {"population.scale": scale, "days": days}))
        model.run_days(days)
        s = model.result().summary
        horizon = model.time
        pairs = [
            (
                "system",
                s["time_avg_open_issues"],
                s["arrival_rate_per_hour"],
                s["mean_hours_in_system"],
            )
        ]
        for dept, d in s["departments"].items():
            lam = d["arrivals"] / horizon
            pairs.append((f"queue {dept}", d["time_avg_queue"], lam, d["mean_queue_hours"] or 0.0))
        worst = max(abs(size - lam * w) / max(size, 1e-12) for _, size, lam, w in pairs)
        system_size = pairs[0][1]
        out.append(
            Check(
                f"Little {name}",
                f"L = lambda W ({len(pairs)} queues)",
                pairs[0][2] * pairs[0][3],
                system_size,
                float("nan"),
                float("nan"),
                bool(worst < 1e-9),
                f"largest relative gap over system and department queues: {worst:.1e}",
            )
        )
    return out


def run_checks(full: bool = False, report: Callable[[Check], None] | None = None) -> list[Check]:
    """Run every verification check (``full`` for the powerful sizes)."""
    size = FULL if full else QUICK
    plan: list[Callable[[], list[Check]]] = [
        lambda: check_mmc(3, 0.5, size),
        lambda: check_mmc(3, 0.75, size),
        lambda: check_mmc(3, 0.9, _Size(size.replicates, size.days * 2, size.warmup_days * 2)),
        lambda: check_mm1_distribution(0.7, size),
        lambda: check_mg_inf(size),
        lambda: check_little(
            ("xinhua_2013", "one_window", "siloed"), 1.0 if full else 0.2, 365 if full else 120
        ),
    ]
    checks: list[Check] = []
    for step in plan:
        for check in step():
            checks.append(check)
            if report is not None:
                report(check)
    return checks


def textbook_path() -> Path:
    """The textbook scenario file the checks reduce the model to."""
    return TEXTBOOK
