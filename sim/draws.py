"""Fast scalar random draws from the model's one generator.

Drawing numpy scalars one at a time costs microseconds per call; an issue needs several
draws. ``Draws`` takes uniforms and normals from the model's ``numpy.random.Generator`` in
blocks and hands them out one by one, so the stream stays a deterministic function of the
seed while a draw costs a fraction of a microsecond.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import islice

import numpy as np

from cogov.sim.params import Distribution, WorkTimeParams

__all__ = ["Draws"]

_BLOCK = 4096


class Draws:
    """Buffered uniform, exponential, normal and work-time draws from one generator."""

    __slots__ = ("_n_it", "_next_normal", "_next_uniform", "_u_it", "rng")

    def __init__(self, rng: np.random.Generator) -> None:
        """Wrap ``rng``; nothing is drawn until the first call."""
        self.rng = rng
        # each block is a list iterator: a draw is one call of its __next__, and running out
        # (StopIteration) draws the next block
        self._u_it: Iterator[float] = iter(())
        self._n_it: Iterator[float] = iter(())
        self._next_uniform = self._u_it.__next__
        self._next_normal = self._n_it.__next__

    def _uniform_block(self) -> None:
        self._u_it = iter(self.rng.random(_BLOCK).tolist())
        self._next_uniform = self._u_it.__next__

    def _normal_block(self) -> None:
        self._n_it = iter(self.rng.standard_normal(_BLOCK).tolist())
        self._next_normal = self._n_it.__next__

    def uniform(self) -> float:
        """A uniform draw in [0, 1)."""
        try:
            return self._next_uniform()
        except StopIteration:
            self._uniform_block()
            return self._next_uniform()

    def uniforms(self, n: int) -> list[float]:
        """``n`` uniform draws: the same values, in order, as ``n`` calls of :meth:`uniform`."""
        out = list(islice(self._u_it, n))
        while len(out) < n:
            self._uniform_block()
            out += islice(self._u_it, n - len(out))
        return out

    def normal(self) -> float:
        """A standard normal draw."""
        try:
            return self._next_normal()
        except StopIteration:
            self._normal_block()
            return self._next_normal()

    def normals(self, n: int) -> list[float]:
        """``n`` standard normals: the same values, in order, as ``n`` calls of :meth:`normal`."""
        out = list(islice(self._n_it, n))
        while len(out) < n:
            self._normal_block()
            out += islice(self._n_it, n - len(out))
        return out

    def exponential(self, mean: float) -> float:
        """An exponential draw with the given mean (0 gives 0)."""
        if mean <= 0.0:
            return 0.0
        return -mean * math.log(1.0 - self.uniform())

    def work_hours(self, w: WorkTimeParams) -> float:
        """A work time drawn from ``w`` (hours)."""
        if w.dist is Distribution.EXPONENTIAL:
            return self.exponential(w.mean_hours)
        if w.dist is Distribution.DETERMINISTIC or w.cv == 0.0:
            return w.mean_hours
        if w.dist is Distribution.LOGNORMAL:
            s2 = math.log1p(w.cv * w.cv)
            mu = math.log(w.mean_hours) - s2 / 2.0
            return math.exp(mu + math.sqrt(s2) * self.normal())
        # gamma: shape 1/cv^2, scale mean*cv^2; rare enough to draw directly
        shape = 1.0 / (w.cv * w.cv)
        return float(self.rng.gamma(shape, w.mean_hours / shape))
