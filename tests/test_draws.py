"""Buffered draws: reproducible from the seed, and with the right moments.

Tolerances are five standard errors of the estimate, the standard error taken from the
sample itself (from batch means where no simple formula applies).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from cogov.sim.draws import Draws
from cogov.sim.params import Distribution, WorkTimeParams

N = 100_000
LOGNORMAL = WorkTimeParams(Distribution.LOGNORMAL, mean_hours=2.0, cv=0.5)
GAMMA = WorkTimeParams(Distribution.GAMMA, mean_hours=3.0, cv=0.7)


def draws(seed: int = 7) -> Draws:
    return Draws(np.random.default_rng(seed))


def mixed_sequence(d: Draws, n: int = 10_000) -> list[float]:
    """Interleave every kind of draw, past several block refills."""
    out = []
    for i in range(n):
        out.append(d.uniform())
        out.append(d.normal())
        out.append(d.exponential(2.0))
        out.append(d.work_hours(LOGNORMAL))
        if i % 100 == 0:
            out.append(d.work_hours(GAMMA))
    return out


def within_five_se(sample: np.ndarray, target: float) -> None:
    se = sample.std(ddof=1) / math.sqrt(sample.size)
    assert abs(sample.mean() - target) < 5 * se, (sample.mean(), target, se)


def test_same_seed_same_sequence():
    assert mixed_sequence(draws(7)) == mixed_sequence(draws(7))


def test_different_seed_different_sequence():
    assert mixed_sequence(draws(7), 100) != mixed_sequence(draws(8), 100)


def test_uniforms_lie_in_the_unit_interval():
    d = draws()
    u = np.array([d.uniform() for _ in range(3 * 4096 + 5)])
    assert u.min() >= 0.0
    assert u.max() < 1.0
    within_five_se(u, 0.5)


def test_normals_are_standard():
    d = draws()
    z = np.array([d.normal() for _ in range(N)])
    within_five_se(z, 0.0)
    within_five_se(z**2, 1.0)


@pytest.mark.parametrize("mean", [0.5, 3.0, 48.0])
def test_exponential_mean(mean):
    d = draws()
    x = np.array([d.exponential(mean) for _ in range(N)])
    assert x.min() >= 0.0
    within_five_se(x, mean)
    # the SE of an exponential mean is known exactly: mean / sqrt(n)
    assert abs(x.mean() - mean) < 5 * mean / math.sqrt(N)


@pytest.mark.parametrize("mean", [0.0, -1.0])
def test_exponential_with_no_mean_is_zero(mean):
    assert draws().exponential(mean) == 0.0


def test_exponential_work_time_mean():
    d = draws()
    w = WorkTimeParams(Distribution.EXPONENTIAL, mean_hours=1.5, cv=1.0)
    within_five_se(np.array([d.work_hours(w) for _ in range(N)]), 1.5)


def test_lognormal_mean_and_cv():
    d = draws()
    x = np.array([d.work_hours(LOGNORMAL) for _ in range(N)])
    assert x.min() > 0.0
    within_five_se(x, LOGNORMAL.mean_hours)
    batches = x.reshape(100, -1)
    cvs = batches.std(axis=1, ddof=1) / batches.mean(axis=1)
    within_five_se(cvs, LOGNORMAL.cv)


def test_gamma_mean():
    d = draws()
    x = np.array([d.work_hours(GAMMA) for _ in range(N // 2)])
    within_five_se(x, GAMMA.mean_hours)


@pytest.mark.parametrize(
    "w",
    [
        WorkTimeParams(Distribution.DETERMINISTIC, mean_hours=2.5, cv=1.0),
        WorkTimeParams(Distribution.LOGNORMAL, mean_hours=2.5, cv=0.0),
        WorkTimeParams(Distribution.GAMMA, mean_hours=2.5, cv=0.0),
    ],
)
def test_no_spread_returns_the_mean(w):
    d = draws()
    assert {d.work_hours(w) for _ in range(100)} == {2.5}


@pytest.mark.parametrize("first, n", [(0, 10), (4090, 20), (5, 9000)])
def test_a_block_of_uniforms_is_the_same_as_one_at_a_time(first, n):
    """Across buffer refills too: ``uniforms(n)`` leaves the stream where n calls would."""
    one, block = Draws(np.random.default_rng(8)), Draws(np.random.default_rng(8))
    for _ in range(first):
        one.uniform()
        block.uniform()
    assert block.uniforms(n) == [one.uniform() for _ in range(n)]
    assert block.uniform() == one.uniform()


@pytest.mark.parametrize("first, n", [(0, 8), (4090, 20), (5, 9000)])
def test_a_block_of_normals_is_the_same_as_one_at_a_time(first, n):
    """Across buffer refills too: ``normals(n)`` leaves the stream where n calls would."""
    one, block = Draws(np.random.default_rng(9)), Draws(np.random.default_rng(9))
    for _ in range(first):
        one.normal()
        block.normal()
    assert block.normals(n) == [one.normal() for _ in range(n)]
    assert block.normal() == one.normal()
