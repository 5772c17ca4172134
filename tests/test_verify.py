"""Verification against queueing theory (quick sizes) and that the checks can fail."""

import pytest

from cogov.experiments.verification.checks import QUICK, check_mmc, run_checks
from cogov.experiments.verification.theory import erlang_c, mm1_wait_cdf, mmc_mean_wait


def test_erlang_c_known_values():
    assert erlang_c(1, 0.7) == pytest.approx(0.7)  # M/M/1: P(wait) = rho
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)
    assert mmc_mean_wait(1, 0.5, 1.0) == pytest.approx(1.0)  # rho / (mu - lambda)
    assert mm1_wait_cdf(0.0, 0.7, 1.0) == pytest.approx(0.3)
    with pytest.raises(ValueError):
        erlang_c(2, 2.0)


@pytest.fixture(scope="module")
def quick_checks():
    return run_checks(full=False)


def test_quick_verification_passes_every_check(quick_checks):
    names = {(c.name, c.measure) for c in quick_checks}
    assert ("M/M/3 rho=0.9", "mean wait (h)") in names  # a heavy load is included
    assert any(c.name.startswith("M/M/1") and "KS" in c.measure for c in quick_checks)
    assert any(c.name.startswith("M/G/inf") for c in quick_checks)
    assert {c.name for c in quick_checks if c.name.startswith("Little")} == {
        "Little xinhua_2013",
        "Little one_window",
        "Little siloed",
    }
    failed = [c for c in quick_checks if not c.passed]
    assert not failed, failed


def test_the_interval_checks_are_one_family_at_95_percent(quick_checks):
    from cogov.experiments.verification.checks import INTERVAL_CHECKS, LEVEL

    with_interval = [c for c in quick_checks if c.low == c.low and not c.name.startswith("Little")]
    assert len(with_interval) == INTERVAL_CHECKS
    assert pytest.approx(1 - 0.05 / len(with_interval)) == LEVEL
    assert all("99.38% interval" in c.note for c in with_interval)


def test_a_model_ten_percent_slower_fails_the_check():
    checks = check_mmc(3, 0.75, QUICK, work_hours=1.1)
    assert not all(c.passed for c in checks)
