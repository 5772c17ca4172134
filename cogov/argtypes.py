"""Argument types for the command line: numbers within bounds, refused in one line.

Every numeric option is parsed by :func:`bounded`, so each says what it found and what is
allowed in the same words. Model parameters (``--scale``) are checked by the one range check
of the parameter metadata instead (:mod:`cogov.sim.ranges`).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

__all__ = ["bounded", "positive_int"]


def bounded(
    low: float, high: float, allowed: str, integer: bool = False, open_low: bool = False
) -> Callable[[str], float]:
    """An argparse type accepting a number from ``low`` to ``high`` (both included).

    Args:
        low: the smallest value allowed (excluded with ``open_low``).
        high: the largest value allowed (``math.inf`` for none).
        allowed: what is allowed, in words, for the message (e.g. ``"1 or more"``).
        integer: whole numbers only.
        open_low: ``low`` itself is refused.
    """
    kind = "a whole number" if integer else "a number"

    def parse(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"found {text!r}; allowed: {kind}") from None
        too_low = value <= low if open_low else value < low
        if too_low or value > high or (not integer and math.isnan(value)):
            shown = value if integer else f"{value:g}"
            raise argparse.ArgumentTypeError(f"found {shown}; allowed: {allowed}")
        return value

    return parse


#: a whole number of at least 1 (days, replicates, workers)
positive_int = bounded(1, math.inf, "1 or more", integer=True)
