"""The working-time calendar: day 0 is a Monday; offices work 09:00-17:00, Monday to Friday."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.sim.calendar import finish_time, is_open, next_open, working_hours_between

H = 24.0  # hours per day


def at(day: int, hour: float) -> float:
    """Model time of ``hour`` o'clock on ``day`` (0 = Monday)."""
    return day * H + hour


MON, TUE, WED, FRI, SAT, SUN = 0, 1, 2, 4, 5, 6
NEXT_MON = 7


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (at(MON, 9.0), True),  # opening instant included
        (at(MON, 12.5), True),
        (at(MON, 16.999), True),
        (at(MON, 17.0), False),  # closing instant excluded
        (at(MON, 8.999), False),
        (at(MON, 0.0), False),
        (at(FRI, 10.0), True),
        (at(SAT, 10.0), False),
        (at(SUN, 10.0), False),
        (at(NEXT_MON, 10.0), True),
    ],
)
def test_is_open_office(t, expected):
    assert is_open(t, office=True) is expected


@pytest.mark.parametrize("t", [0.0, at(MON, 3.0), at(SAT, 23.5), at(SUN, 17.0)])
def test_round_the_clock_is_always_open(t):
    assert is_open(t, office=False)
    assert next_open(t, office=False) == t


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (at(MON, 18.0), at(TUE, 9.0)),  # weekday evening -> next morning
        (at(MON, 17.0), at(TUE, 9.0)),  # closing instant -> next morning
        (at(MON, 3.0), at(MON, 9.0)),  # small hours -> same morning
        (at(MON, 11.0), at(MON, 11.0)),  # already open
        (at(FRI, 18.0), at(NEXT_MON, 9.0)),  # Friday evening -> Monday
        (at(SAT, 3.0), at(NEXT_MON, 9.0)),
        (at(SUN, 12.0), at(NEXT_MON, 9.0)),
    ],
)
def test_next_open_office(t, expected):
    assert next_open(t, office=True) == expected


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(TUE, 16.0), 2.0, at(WED, 10.0)),  # the docstring's example
        (at(MON, 10.0), 3.0, at(MON, 13.0)),  # within one day
        (at(MON, 10.0), 7.0, at(MON, 17.0)),  # ends exactly at closing
        (at(MON, 20.0), 1.0, at(TUE, 10.0)),  # begun after hours: starts next morning
        (at(FRI, 16.0), 3.0, at(NEXT_MON, 11.0)),  # Friday -> Monday
        (at(SAT, 12.0), 1.0, at(NEXT_MON, 10.0)),
        (at(MON, 9.0), 40.0, at(FRI, 17.0)),  # a working week
        (at(MON, 9.0), 41.0, at(NEXT_MON, 10.0)),
        (at(MON, 12.0), 0.0, at(MON, 12.0)),
    ],
)
def test_finish_time_office(start, hours, expected):
    assert finish_time(start, hours, office=True) == pytest.approx(expected)


@pytest.mark.parametrize(("start", "hours"), [(at(FRI, 16.0), 3.0), (at(SAT, 1.0), 50.0)])
def test_finish_time_round_the_clock(start, hours):
    assert finish_time(start, hours, office=False) == start + hours


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (at(MON, 0.0), at(NEXT_MON, 0.0), 40.0),  # a working week
        (at(MON, 18.0), at(TUE, 8.0), 0.0),  # a weekday night
        (at(FRI, 16.0), at(NEXT_MON, 10.0), 2.0),  # Friday -> Monday
        (at(SAT, 0.0), at(NEXT_MON, 0.0), 0.0),  # a weekend
        (at(MON, 10.0), at(MON, 11.5), 1.5),
        (at(MON, 11.0), at(MON, 10.0), 0.0),  # empty interval
    ],
)
def test_working_hours_between_office(a, b, expected):
    assert working_hours_between(a, b, office=True) == pytest.approx(expected)


def test_working_hours_between_round_the_clock():
    assert working_hours_between(at(FRI, 16.0), at(NEXT_MON, 10.0), office=False) == 66.0
    assert working_hours_between(5.0, 3.0, office=False) == 0.0


times = st.floats(0.0, 24.0 * 7 * 20, allow_nan=False)
work = st.floats(0.0, 500.0, allow_nan=False)


@given(start=times, hours=work, office=st.booleans())
def test_working_hours_until_finish_equal_the_work(start, hours, office):
    finish = finish_time(start, hours, office)
    assert finish >= start + hours
    assert working_hours_between(start, finish, office) == pytest.approx(hours, abs=1e-6)


@given(t=times, office=st.booleans())
def test_next_open_is_the_first_working_instant(t, office):
    opens = next_open(t, office)
    assert opens >= t
    assert is_open(opens, office)
    assert working_hours_between(t, opens, office) == 0.0
