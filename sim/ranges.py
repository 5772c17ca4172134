"""The one range check: every number is checked against its field's metadata in params.

Each numeric field of :mod:`cogov.sim.params` carries ``{"min": lo, "max": hi}`` in its
metadata. The loader, the model, the command line, the app and experiment designs all check
numbers with :func:`out_of_range` (a value and its metadata) or :func:`check_param` (a value
and its dotted parameter name), so a range is written once, in ``params.py``.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Mapping
from typing import Any

from cogov.sim.errors import ScenarioError
from cogov.sim.params import Scenario

__all__ = ["KEYED", "check_param", "out_of_range", "param_field", "param_range"]

#: keyed collections: ``departments.police.staff`` names field ``staff`` of entry ``police``
KEYED = ("departments", "kinds", "meetings", "shocks", "chronic")


def out_of_range(value: Any, meta: Mapping[str, Any]) -> str | None:
    """What is allowed, if ``value`` is outside the range in ``meta`` (or NaN); else ``None``.

    Args:
        value: an int or float.
        meta: field metadata with optional ``min`` and ``max`` (inclusive).
    """
    lo, hi = meta.get("min"), meta.get("max")
    bad = (lo is not None and value < lo) or (hi is not None and value > hi)
    if bad or (isinstance(value, float) and math.isnan(value)):
        return f"a number from {lo} to {hi}"
    return None


def param_field(dotted: str) -> tuple[dataclasses.Field, type]:
    """The field of :class:`Scenario` a dotted key names, and its value's type.

    Raises:
        ScenarioError: if no parameter has that name.
    """
    cls: Any = Scenario
    parts = dotted.split(".")
    i = 0
    while i < len(parts):
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        name = parts[i]
        if name not in hints:
            allowed = ", ".join(sorted(hints))
            raise ScenarioError(f"parameter {dotted!r}: no key {name!r}; allowed: {allowed}")
        tp = hints[name]
        if typing.get_origin(tp) is tuple and name in KEYED:
            tp = typing.get_args(tp)[0]
            i += 1  # skip the entry's id
        if dataclasses.is_dataclass(tp):
            cls = tp
            i += 1
            continue
        if i != len(parts) - 1:
            raise ScenarioError(f"parameter {dotted!r}: {name!r} is not a table")
        return fields[name], typing.get_origin(tp) or tp
    raise ScenarioError(f"parameter {dotted!r}: names a table, not a value")


def param_range(dotted: str) -> tuple[float | None, float | None]:
    """The inclusive range ``(min, max)`` of a numeric parameter (``None``: unbounded)."""
    f, _ = param_field(dotted)
    return f.metadata.get("min"), f.metadata.get("max")


def check_param(
    dotted: str,
    value: Any,
    where: str = "",
    within: tuple[float, float] | None = None,
) -> Any:
    """Check a number against the range of the parameter ``dotted``; return it.

    Args:
        dotted: the parameter (``population.scale``).
        value: the number.
        where: what to name in the message (default: the parameter).
        within: a narrower range the caller allows (the app's slider), checked as well.

    Raises:
        ScenarioError: ``WHERE: found VALUE; allowed: a number from LO to HI``.
    """
    f, tp = param_field(dotted)
    where = where or dotted
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "an integer" if tp is int else "a number"
        raise ScenarioError(f"{where}: found {value!r}; allowed: {kind}")
    meta = dict(f.metadata)
    if within is not None:
        lo, hi = meta.get("min"), meta.get("max")
        meta["min"] = within[0] if lo is None else max(lo, within[0])
        meta["max"] = within[1] if hi is None else min(hi, within[1])
    allowed = out_of_range(value, meta)
    if allowed:
        raise ScenarioError(f"{where}: found {value!r}; allowed: {allowed}")
    return value
