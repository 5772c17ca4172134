"""Closed-form queueing results the model is verified against.

Notation: arrival rate ``lam`` (per hour), service rate ``mu`` (per hour, one server),
``c`` servers, offered load ``a = lam / mu``, utilisation ``rho = a / c``.
"""

from __future__ import annotations

import math

__all__ = ["erlang_c", "mg_inf_mean_busy", "mm1_wait_cdf", "mmc_mean_wait"]


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in an M/M/c queue (Erlang C formula).

    Examples:
        >>> round(erlang_c(3, 2.0), 6)  # c = 3, a = 2: 4/9
        0.444444
    """
    if not 0.0 <= a < c:
        raise ValueError(f"unstable or invalid load: a = {a}, c = {c}")
    term = 1.0
    total = 0.0
    for k in range(c):
        total += term
        term *= a / (k + 1)
    # term is now a^c / c!
    top = term * c / (c - a)
    return top / (total + top)


def mmc_mean_wait(c: int, lam: float, mu: float) -> float:
    """Mean time in queue (before service) in an M/M/c queue."""
    return erlang_c(c, lam / mu) / (c * mu - lam)


def mm1_wait_cdf(t: float, lam: float, mu: float) -> float:
    """P(W <= t) for the waiting time in queue of an FCFS M/M/1 queue (atom 1 - rho at 0)."""
    rho = lam / mu
    if t < 0:
        return 0.0
    return 1.0 - rho * math.exp(-(mu - lam) * t)


def mg_inf_mean_busy(lam: float, mean_service: float) -> float:
    """Mean number in service in an M/G/infinity system: lam * E[S] (any service law)."""
    return lam * mean_service
