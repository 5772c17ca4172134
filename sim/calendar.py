"""Working-time calendar: hours are model time units, day 0 is a Monday starting at 00:00.

Office hours are 09:00–17:00, Monday to Friday (assumption: Shanghai government offices keep
roughly these hours; lunch breaks are ignored). Round-the-clock servers work every hour.
Work times are drawn in *working hours*; :func:`finish_time` turns them into model time.
"""

from __future__ import annotations

import math

__all__ = [
    "CLOSE_HOUR",
    "HOURS_PER_DAY",
    "HOURS_PER_WEEK",
    "OPEN_HOUR",
    "finish_time",
    "is_open",
    "next_open",
    "working_hours_between",
]

HOURS_PER_DAY = 24.0
HOURS_PER_WEEK = 168.0
OPEN_HOUR = 9.0
CLOSE_HOUR = 17.0
_WORKDAYS = 5
_DAY_HOURS = CLOSE_HOUR - OPEN_HOUR


def _is_workday(day: int) -> bool:
    return day % 7 < _WORKDAYS


def is_open(t: float, office: bool) -> bool:
    """Whether a server with these hours works at time ``t`` (closing instant excluded)."""
    if not office:
        return True
    day = math.floor(t / HOURS_PER_DAY)
    hour = t - day * HOURS_PER_DAY
    return _is_workday(day) and OPEN_HOUR <= hour < CLOSE_HOUR


def next_open(t: float, office: bool) -> float:
    """The first time at or after ``t`` when the server works."""
    if is_open(t, office):
        return t
    day = math.floor(t / HOURS_PER_DAY)
    if t - day * HOURS_PER_DAY >= OPEN_HOUR:
        day += 1
    while not _is_workday(day):
        day += 1
    return day * HOURS_PER_DAY + OPEN_HOUR


def finish_time(start: float, work_hours: float, office: bool) -> float:
    """Model time at which ``work_hours`` of work begun at ``start`` are done.

    Examples:
        >>> finish_time(16.0 + 24, 2.0, office=True)  # Tuesday 16:00 + 2 h -> Wednesday 10:00
        58.0
    """
    if not office:
        return start + work_hours
    t = next_open(start, office)
    remaining = work_hours
    while True:
        day = math.floor(t / HOURS_PER_DAY)
        close = day * HOURS_PER_DAY + CLOSE_HOUR
        if t + remaining <= close:
            return t + remaining
        remaining -= close - t
        t = next_open(close, office)


def working_hours_between(a: float, b: float, office: bool) -> float:
    """Working hours in the interval [a, b)."""
    if b <= a:
        return 0.0
    if not office:
        return b - a
    total = 0.0
    day = math.floor(a / HOURS_PER_DAY)
    while day * HOURS_PER_DAY < b:
        if _is_workday(day):
            lo = max(a, day * HOURS_PER_DAY + OPEN_HOUR)
            hi = min(b, day * HOURS_PER_DAY + CLOSE_HOUR)
            total += max(0.0, hi - lo)
        day += 1
    return total
