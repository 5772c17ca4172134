"""Fast scalar random draws from the model's one generator.

Drawing numpy scalars one at a time costs microseconds per call; an issue needs several
draws. ``Draws`` takes uniforms and normals from the model's ``numpy.random.Generator`` in
blocks and hands them out one by one, so the stream stays a deterministic function of the
seed while a draw costs a fraction of a microsecond.
"""

from __future__ import annotations

import math

import numpy as np

from cogov.sim.params import Distribution, WorkTimeParams

__all__ = ["Draws"]

_BLOCK = 4096


class Draws:
    """Buffered uniform, exponential, normal and work-time draws from one generator."""

    __slots__ = ("_i", "_j", "_normals", "_uniforms", "rng")

    def __init__(self, rng: np.random.Generator) -> None:
        """Wrap ``rng``; nothing is drawn until the first call."""
        self.rng = rng
        self._uniforms: list[float] = []
        self._normals: list[float] = []
        self._i = 0
        self._j = 0

    def uniform(self) -> float:
        """A uniform draw in [0, 1)."""
        if self._i >= len(self._uniforms):
            self._uniforms = self.rng.random(_BLOCK).tolist()
            self._i = 0
        u = self._uniforms[self._i]
        self._i += 1
        return u

    def uniforms(self, n: int) -> list[float]:
        """``n`` uniform draws: the same values, in order, as ``n`` calls of :meth:`uniform`."""
        out: list[float] = []
        while n > 0:
            if self._i >= len(self._uniforms):
                self._uniforms = self.rng.random(_BLOCK).tolist()
                self._i = 0
            take = min(n, len(self._uniforms) - self._i)
            out += self._uniforms[self._i : self._i + take]
            self._i += take
            n -= take
        return out

    def normal(self) -> float:
        """A standard normal draw."""
        if self._j >= len(self._normals):
            self._normals = self.rng.standard_normal(_BLOCK).tolist()
            self._j = 0
        z = self._normals[self._j]
        self._j += 1
        return z

    def normals(self, n: int) -> list[float]:
        """``n`` standard normals: the same values, in order, as ``n`` calls of :meth:`normal`."""
        out: list[float] = []
        while n > 0:
            if self._j >= len(self._normals):
                self._normals = self.rng.standard_normal(_BLOCK).tolist()
                self._j = 0
            take = min(n, len(self._normals) - self._j)
            out += self._normals[self._j : self._j + take]
            self._j += take
            n -= take
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
