"""scripts/validation_tables.py: the dispersion index against a Poisson baseline."""

from __future__ import annotations

import numpy as np
import pytest
from script_modules import load_script


@pytest.fixture(scope="module")
def tables():
    return load_script("validation_tables")


def _places(rng: np.random.Generator):
    """17 places of four types whose rate per resident differs by type (1.5 vs 0.6)."""
    labels = ["a"] * 5 + ["b"] * 5 + ["c"] * 4 + ["d"] * 3
    rate = {"a": 1.5, "b": 1.0, "c": 0.6, "d": 1.5}
    size = rng.integers(3000, 6000, size=17).astype(float)
    mean = np.array([0.05 * s * rate[k] for s, k in zip(size, labels, strict=True)])
    return labels, size, mean


def test_poisson_counts_give_an_index_near_one_and_the_hand_formula(tables):
    rng = np.random.default_rng(3)
    size = rng.integers(3000, 6000, size=17).astype(float)
    indices = [tables.dispersion_index(rng.poisson(0.05 * size), size)[0] for _ in range(400)]
    assert np.mean(indices) == pytest.approx(1.0, abs=0.08)
    seen, size = np.array([10.0, 30.0]), np.array([1.0, 1.0])
    index, chi2, df = tables.dispersion_index(seen, size)  # expected 20 each
    assert (chi2, df) == (pytest.approx(10.0), 1) and index == pytest.approx(10.0)


def test_rates_by_type_are_overdispersed_overall_and_not_within_type(tables):
    rng = np.random.default_rng(4)
    labels, size, mean = _places(rng)
    overall, within = [], []
    for _ in range(300):
        seen = rng.poisson(mean)
        overall.append(tables.dispersion_index(seen, size)[0])
        index, _, df = tables.dispersion_index(seen, size, labels)
        within.append(index)
        assert df == 17 - 4
    assert np.mean(overall) > 5.0
    assert np.mean(within) == pytest.approx(1.0, abs=0.1)
