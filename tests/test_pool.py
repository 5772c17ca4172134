"""A pool of servers with one queue, driven by hand with a tiny fake owner."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogov.sim.calendar import HOURS_PER_DAY, OPEN_HOUR, is_open
from cogov.sim.issue import Issue
from cogov.sim.pool import Pool

MON_10 = 10.0  # Monday 10:00, offices open
MON_20 = 20.0  # Monday 20:00, offices closed
TUE_09 = 33.0  # Tuesday 09:00, offices open
SAT_10 = 5 * 24 + 10.0


class Owner:
    """Records the issues whose work begins, in order (the pool's ``on_start``)."""

    def __init__(self) -> None:
        self.started: list[Issue] = []

    def __call__(self, issue: Issue, pool: Pool) -> None:
        """Record that work on ``issue`` began."""
        self.started.append(issue)

    @property
    def ids(self) -> list[int]:
        """Ids of the issues started, in order."""
        return [issue.id for issue in self.started]


def make_pool(servers=1, office=False, edf=False) -> tuple[Pool, Owner]:
    owner = Owner()
    return Pool("test", servers, office, edf, owner), owner


def drain(pool: Pool, now: float) -> None:
    """Finish work one server at a time until nothing is in work."""
    while pool.busy:
        pool.release(now)
        now += 1.0


def test_free_server_starts_work_at_once(make_issue):
    pool, owner = make_pool(servers=2)
    a, b, c = (make_issue(i) for i in range(3))
    pool.submit(a, 1.0)
    pool.submit(b, 2.0)
    pool.submit(c, 3.0)
    assert owner.ids == [0, 1]
    assert pool.busy == 2
    assert len(pool) == 1
    assert (a.pool, a.t_queue, a.t_start) == (pool, 1.0, 1.0)
    assert c.t_start != c.t_start  # still waiting: NaN


def test_fcfs_ignores_deadlines(make_issue):
    pool, owner = make_pool()
    deadlines = [100.0, 50.0, 10.0, 30.0]
    for i, d in enumerate(deadlines):
        pool.submit(make_issue(i, deadline=d), float(i))
    drain(pool, 10.0)
    assert owner.ids == [0, 1, 2, 3]


def test_edf_takes_the_earliest_deadline(make_issue):
    pool, owner = make_pool(edf=True)
    deadlines = [100.0, 50.0, 10.0, 30.0]
    for i, d in enumerate(deadlines):
        pool.submit(make_issue(i, deadline=d), float(i))
    drain(pool, 10.0)
    assert owner.ids == [0, 2, 3, 1]


def test_edf_ties_are_first_come_first_served(make_issue):
    pool, owner = make_pool(edf=True)
    for i in range(4):
        pool.submit(make_issue(i, deadline=50.0), float(i))
    drain(pool, 10.0)
    assert owner.ids == [0, 1, 2, 3]


@pytest.mark.parametrize("edf", [False, True])
def test_escalated_issues_go_first(make_issue, edf):
    pool, owner = make_pool(edf=edf)
    issues = [make_issue(i, deadline=10.0 * (i + 1)) for i in range(5)]
    for i, issue in enumerate(issues):
        pool.submit(issue, float(i))
    for late in (issues[4], issues[3]):
        late.escalated = True
        pool.reprioritise(late)
    drain(pool, 10.0)
    # escalated first (in their own key order), then the rest
    assert owner.ids == [0, 3, 4, 1, 2]


def test_reprioritise_uses_lazy_deletion(make_issue):
    pool, owner = make_pool()
    issues = [make_issue(i) for i in range(4)]
    for i, issue in enumerate(issues):
        pool.submit(issue, float(i))
    issues[2].escalated = True
    pool.reprioritise(issues[2])
    pool.reprioritise(issues[2])  # twice: two stale entries left behind
    assert len(pool._queue) == 5  # the heap: 3 live entries + 2 stale ones
    assert len(pool) == pool.queued == pool.waiting == 3
    drain(pool, 10.0)
    assert owner.ids == [0, 2, 1, 3]
    assert len(owner.ids) == len(set(owner.ids))  # no duplicate starts
    assert len(pool) == 0
    assert pool.served == pool.arrivals == 4


def test_reprioritise_ignores_started_and_foreign_issues(make_issue):
    pool, owner = make_pool()
    other, _ = make_pool()
    running, waiting, elsewhere = make_issue(0), make_issue(1), make_issue(2)
    pool.submit(running, 0.0)
    pool.submit(waiting, 1.0)
    other.submit(elsewhere, 0.0)
    running.escalated = elsewhere.escalated = True
    pool.reprioritise(running)
    pool.reprioritise(elsewhere)
    assert len(pool._queue) == 1  # nothing pushed
    drain(pool, 5.0)
    assert owner.ids == [0, 1]


def test_office_pool_waits_for_opening(make_issue):
    pool, owner = make_pool(servers=2, office=True)
    a, b = make_issue(0), make_issue(1)
    pool.submit(a, MON_20)
    pool.submit(b, MON_20 + 1.0)
    assert owner.ids == []
    assert pool.busy == 0
    pool.on_open(TUE_09)
    assert owner.ids == [0, 1]
    assert a.t_start == b.t_start == TUE_09
    assert pool.wait_hours == pytest.approx((TUE_09 - MON_20) + (TUE_09 - MON_20 - 1.0))


def test_office_pool_does_not_start_on_saturday(make_issue):
    pool, owner = make_pool(office=True)
    pool.submit(make_issue(0), SAT_10)
    assert owner.ids == []


def test_release_after_hours_leaves_the_queue_for_the_morning(make_issue):
    pool, owner = make_pool(office=True)
    pool.submit(make_issue(0), MON_10)
    pool.submit(make_issue(1), MON_10 + 1.0)
    assert owner.ids == [0]
    pool.release(MON_20)
    assert (owner.ids, pool.busy) == ([0], 0)
    pool.on_open(TUE_09)
    assert owner.ids == [0, 1]


def test_release_in_hours_starts_the_next(make_issue):
    pool, owner = make_pool(office=True)
    pool.submit(make_issue(0), MON_10)
    pool.submit(make_issue(1), MON_10 + 1.0)
    pool.release(MON_10 + 2.0)
    assert owner.ids == [0, 1]
    assert pool.busy == 1


def test_queue_area_integrates_the_waiting_count(make_issue):
    pool, _ = make_pool()
    for i, t in enumerate((0.0, 1.0, 2.0)):
        pool.submit(make_issue(i), t)  # 0 starts; 1 and 2 wait
    pool.release(4.0)  # 1 starts
    pool.release(7.0)  # 2 starts
    pool.advance(10.0)
    # waiting: 1 on [1, 2), 2 on [2, 4), 1 on [4, 7)
    assert pool.queue_area == pytest.approx(1.0 + 4.0 + 3.0)
    assert pool.wait_hours == pytest.approx(3.0 + 5.0)  # Little: area = total wait


def test_busy_until_and_capacity_follow_the_calendar():
    office, _ = make_pool(servers=3, office=True)
    clock, _ = make_pool(servers=3, office=False)
    assert office.busy_until(16.0 + 24.0, 2.0) == 58.0
    assert clock.busy_until(16.0 + 24.0, 2.0) == 42.0
    assert office.capacity_hours(0.0, 7 * 24.0) == 3 * 40.0
    assert clock.capacity_hours(0.0, 7 * 24.0) == 3 * 168.0


def test_has_room_counts_busy_and_waiting(make_issue):
    pool, _ = make_pool(servers=1)
    assert pool.has_room(max_queue_per_server=1)
    pool.submit(make_issue(0), 0.0)
    assert pool.has_room(max_queue_per_server=1)
    pool.submit(make_issue(1), 1.0)
    assert not pool.has_room(max_queue_per_server=1)
    assert not pool.has_room(max_queue_per_server=0)


def test_has_room_ignores_stale_entries(make_issue):
    pool, _ = make_pool(servers=1)
    pool.submit(make_issue(0), 0.0)  # in work
    waiting = make_issue(1)
    pool.submit(waiting, 1.0)  # one waiting: 1 busy + 1 queued < 1 * (1 + 2)
    assert pool.has_room(max_queue_per_server=2)
    waiting.escalated = True
    pool.reprioritise(waiting)
    assert len(pool) == 1  # still one waiting
    assert pool.has_room(max_queue_per_server=2)


# --- a random sequence of operations never breaks the pool's invariants -------------------

ops = st.lists(
    st.tuples(
        st.sampled_from(["submit", "submit", "release", "escalate"]),
        st.floats(0.0, 12.0, allow_nan=False),  # hours since the last operation
        st.floats(2.0, 336.0, allow_nan=False),  # deadline, hours from now
        st.integers(0, 10**6),  # which waiting issue to escalate
    ),
    max_size=80,
)


@given(servers=st.integers(1, 4), office=st.booleans(), edf=st.booleans(), script=ops)
def test_random_operations_keep_the_invariants(kind, servers, office, edf, script):
    waiting: dict[int, Issue] = {}
    in_work: list[Issue] = []
    started: set[int] = set()

    def rank(issue: Issue) -> tuple[int, float]:
        return (0 if issue.escalated else 1, issue.deadline if edf else issue.t_queue)

    def on_start(issue: Issue, _: Pool) -> None:
        assert issue.id not in started, "an issue started twice"
        waiting.pop(issue.id)
        # the issue taken is the first in the queue order among all that wait
        assert all(rank(issue) <= rank(w) for w in waiting.values())
        started.add(issue.id)
        in_work.append(issue)

    pool = Pool("p", servers, office, edf, on_start)
    now = 0.0

    def advance(to: float) -> None:
        """Open the office at every 09:00 passed on the way, as the model does."""
        nonlocal now
        day = int(now // HOURS_PER_DAY)
        while office and day * HOURS_PER_DAY + OPEN_HOUR <= to:
            opening = day * HOURS_PER_DAY + OPEN_HOUR
            if opening > now and day % 7 < 5:
                pool.on_open(opening)
                check(opening)
            day += 1
        now = to

    def check(t: float) -> None:
        assert 0 <= pool.busy <= servers
        assert pool.busy == len(in_work)
        assert len(pool) == len(waiting)
        if is_open(t, office) and waiting:
            assert pool.busy == servers, "a server idles while work waits"

    for ident, (op, dt, deadline, pick) in enumerate(script):
        advance(now + dt)
        if op == "submit":
            issue = Issue(ident, 0, kind, 0, now)
            issue.deadline = now + deadline
            waiting[ident] = issue
            pool.submit(issue, now)
        elif op == "release" and in_work:
            in_work.pop(0)
            pool.release(now)
        elif op == "escalate" and waiting:
            issue = list(waiting.values())[pick % len(waiting)]
            issue.escalated = True
            pool.reprioritise(issue)
        check(now)
    # finish everything: every submitted issue starts exactly once
    while waiting or in_work:
        advance(now + 1.0)
        while in_work and is_open(now, office):
            in_work.pop(0)
            pool.release(now)
            check(now)
    assert pool.served == pool.arrivals == len(started)
    assert pool.busy == 0
    pool.advance(now)
    assert pool.queue_area == pytest.approx(pool.wait_hours, abs=1e-6)  # Little's law


# --- servers changing at run time (community actors forming and going) -------------------
def test_growing_a_pool_starts_queued_work_at_once(make_issue):
    pool, owner = make_pool(servers=1)
    a, b, c = (make_issue(i) for i in range(3))
    for i, issue in enumerate((a, b, c)):
        pool.submit(issue, 1.0 + i)
    assert owner.ids == [0] and len(pool) == 2
    assert pool.resize(3, 5.0) == []
    assert owner.ids == [0, 1, 2] and pool.busy == 3 and len(pool) == 0
    assert b.t_start == 5.0


def test_growing_an_office_pool_after_hours_waits_for_the_opening(make_issue):
    pool, owner = make_pool(servers=1, office=True)
    a, b = make_issue(0), make_issue(1)
    pool.submit(a, MON_10)
    pool.submit(b, MON_10)
    pool.resize(2, MON_20)
    assert owner.ids == [0] and len(pool) == 1
    pool.on_open(TUE_09)
    assert owner.ids == [0, 1]


def test_shrinking_a_pool_lets_work_finish_and_starts_nothing_until_below_the_servers(
    make_issue,
):
    pool, owner = make_pool(servers=3)
    issues = [make_issue(i) for i in range(5)]
    for issue in issues:
        pool.submit(issue, 1.0)
    assert pool.busy == 3 and len(pool) == 2
    assert pool.resize(1, 2.0) == []
    assert pool.busy == 3  # jobs in work are never cut short
    pool.release(3.0)
    pool.release(3.0)
    assert owner.ids == [0, 1, 2] and pool.busy == 1  # still at the new limit: none started
    pool.release(4.0)
    assert owner.ids == [0, 1, 2, 3] and pool.busy == 1 == pool.servers


def test_a_pool_with_no_servers_left_hands_back_its_queue_in_order(make_issue):
    pool, owner = make_pool(servers=1)
    a, b, c = (make_issue(i) for i in range(3))
    pool.submit(a, 1.0)
    pool.submit(b, 2.0)
    pool.submit(c, 3.0)
    c.escalated = True
    pool.reprioritise(c)  # a stale entry of c stays in the heap
    out = pool.resize(0, 10.0)
    assert [i.id for i in out] == [2, 1]  # escalated first; stale entry skipped
    assert len(pool) == 0 and pool.waiting == 0 and not pool.has_room(100)
    assert pool.left_wait_hours == pytest.approx((10.0 - 3.0) + (10.0 - 2.0))
    assert pool.busy == 1  # a's work goes on
    pool.release(11.0)
    assert pool.busy == 0 and owner.ids == [0]
    pool.submit(make_issue(3), 12.0)  # a new case waits: nobody to start it
    assert owner.ids == [0]
