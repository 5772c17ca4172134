"""Collective action: grievance, the threshold cascade, councils' reach; petitions with a size."""

from __future__ import annotations

import numpy as np
import pytest
from fixed_draws import Sure

from cogov.sim.collective import bring_round, cascade, grievances
from cogov.sim.loader import load_scenario
from cogov.sim.model import CoGovModel


def test_grievance_is_hardship_times_distrust_and_contact_cuts_it():
    trust = np.array([0.0, 0.5, 1.0, 0.0])
    reached = np.array([False, False, False, True])
    g = grievances(trust, 0.6, reached, 0.5)
    assert g == pytest.approx([0.6, 0.3, 0.0, 0.3])


def test_granovetter_domino_and_its_removal():
    # thresholds 0, 1/n, 2/n, ...: each one's acting brings the next in (Granovetter 1978)
    n = 20
    thresholds = np.arange(n) / n
    zero = np.zeros(n)
    assert cascade(zero, thresholds, peer_weight=1.0) == n
    # remove the lowest threshold: nobody starts, nobody follows
    raised = thresholds.copy()
    raised[0] = 1.5 / n
    assert cascade(zero, raised, peer_weight=1.0) == 0


def test_cascade_direction_in_grievance_cost_and_peers():
    rng = np.random.default_rng(3)
    thresholds = rng.random(60)
    g = np.full(60, 0.3)
    base = cascade(g, thresholds, 0.5, 0.2)
    assert cascade(g + 0.2, thresholds, 0.5, 0.2) >= base  # more grievance
    assert cascade(g, thresholds, 0.5, 0.3) <= base  # a higher cost of acting
    assert cascade(g, thresholds, 1.0, 0.2) >= base  # more pull from others
    # without peers it is Epstein's rule alone: those with g - cost >= θ
    assert cascade(g, thresholds, 0.0, 0.2) == int(np.count_nonzero(thresholds <= 0.1))


def _issue(model: CoGovModel, consulted: bool):
    kinds = [k.id for k in model.params.kinds]
    k = kinds.index("construction_disturbance")
    from cogov.sim.issue import Issue

    issue = Issue(10**9, k, model.params.kinds[k], 11, 0.0, model.arrivals.shares[k])
    issue.solved = False
    issue.consulted = consulted
    return issue


def test_decide_reaches_through_leaders_and_sizes_the_petition(monkeypatch):
    # the second step alone (residents do not retell): leaders reach ten each
    model = CoGovModel(
        load_scenario("xinhua_2013", {"population.scale": 0.2, "deliberation.retell": 0})
    )
    coll = model.collective
    people = model.residents_by_nb[11][:60]
    for r in people:
        r.trust = 0.0  # grievance 0.5 for everyone
    monkeypatch.setattr(coll, "affected", lambda issue: people)
    monkeypatch.setattr(model, "draws", Sure(0.25))  # every threshold 0.25
    # not consulted: 0.5 - 0.2 >= 0.25: all 60 act at once
    assert coll.decide(_issue(model, False)) == 60
    assert coll.petition_sizes == [60]
    # consulted: leaders reach 10 each; reached grievance 0.25 - 0.2 + 0.5 x share
    leaders = sum(1 for r in people if r.party_member or r.role is not None)
    reached_before = coll.reached
    size = coll.decide(_issue(model, True))
    reached = coll.reached - reached_before
    assert reached == min(60, 10 * leaders)
    unreached = 60 - reached
    # the unreached act; the reached join when 0.05 + 0.5 x unreached/60 >= 0.25
    expected = 60 if 0.05 + 0.5 * unreached / 60 >= 0.25 else unreached
    assert size == (expected if expected >= 5 else 0)


class Seq:
    """Fixed draws, given in order; counts how many were taken."""

    def __init__(self, values: list[float]) -> None:
        self.values = list(values)
        self.taken = 0

    def uniforms(self, n: int) -> list[float]:
        """The next ``n`` values."""
        out = self.values[self.taken : self.taken + n]
        assert len(out) == n, "more draws than given"
        self.taken += n
        return out


def test_bring_round_formula_with_fixed_draws():
    # five affected, resident 0 reached by a leader; she talks with two others: u = 0 is the
    # first of the four others (1: she is skipped), u = 0.99 the last (4)
    start = np.array([True, False, False, False, False])
    draws = Seq([0.0, 0.99])
    got = bring_round(start, retell=2, steps=1, draws=draws)
    assert got.tolist() == [True, True, False, False, True]
    assert start.tolist() == [True, False, False, False, False]  # not changed
    assert draws.taken == 2
    # a second step: only those reached in the step before (1 and 4) talk, two each; resident
    # 1's talks: u = 0.3 -> 1st of others (0, 2, 3, 4) = 2; u = 0 -> 0 (reached: wasted);
    # resident 4's: u = 0.6 -> 2nd of (0, 1, 2, 3) = 2 (already brought round this step), 0.8 -> 3
    draws = Seq([0.0, 0.99, 0.3, 0.0, 0.6, 0.8])
    got = bring_round(start, retell=2, steps=2, draws=draws)
    assert got.tolist() == [True] * 5
    assert draws.taken == 6


def test_bring_round_boundaries_draw_nothing():
    nobody = np.zeros(6, dtype=bool)
    draws = Seq([])
    assert not bring_round(nobody, retell=3, steps=4, draws=draws).any()  # no leader: nobody
    some = np.array([True, False, False])
    assert bring_round(some, retell=0, steps=3, draws=draws).tolist() == some.tolist()
    assert bring_round(some, retell=2, steps=0, draws=draws).tolist() == some.tolist()
    everyone = np.ones(4, dtype=bool)
    assert bring_round(everyone, retell=2, steps=2, draws=draws).all()
    assert draws.taken == 0


def test_bring_round_more_steps_and_more_retelling_reach_more():
    rng = np.random.default_rng(7)
    n, trials = 60, 300
    means = {}
    for retell, steps in [(1, 1), (1, 2), (1, 3), (2, 1)]:
        total = 0
        for _ in range(trials):
            start = np.zeros(n, dtype=bool)
            start[:5] = True  # one leader's reach of 5
            total += int(bring_round(start, retell, steps, rng_draws(rng)).sum())
        means[retell, steps] = total / trials
    assert 5 < means[1, 1] < means[1, 2] < means[1, 3] <= n
    assert means[1, 1] < means[2, 1]
    # one step of one talk each: the five talk with five others, a few wasted on the reached
    assert 9.0 < means[1, 1] <= 10.0


def rng_draws(rng: np.random.Generator) -> Seq:
    """Draws from ``rng`` (enough for any test here)."""
    return Seq(rng.random(10_000).tolist())


def _decide_with(model: CoGovModel, monkeypatch, people, leaders: int, draws) -> tuple[int, int]:
    """Decide over ``people`` (trust 0) of whom the first ``leaders`` are Party members."""
    for i, r in enumerate(people):
        r.trust = 0.0
        r.party_member = i < leaders
        r.role = None
    coll = model.collective
    monkeypatch.setattr(coll, "affected", lambda issue: people)
    monkeypatch.setattr(model, "draws", draws)
    before = coll.reached
    size = coll.decide(_issue(model, True))
    return size, coll.reached - before


def test_decide_three_steps_more_leaders_and_steps_reach_more(monkeypatch):
    results = {}
    for steps in (0, 1, 3):
        s = load_scenario(
            "xinhua_2013",
            {
                "population.scale": 0.2,
                "collective.spill_share": 0.0,
                "deliberation.retell_steps": steps,
            },
        )
        model = CoGovModel(s)
        people = list(model.residents_by_nb[11][:60])
        for leaders in (0, 1, 2, 4):
            # every draw 0.7: a talk goes to the ⌊0.7 × 59⌋-th other (41, or 42 past her); every
            # threshold 0.7: nobody reached acts alone (0.25 - 0.2 < 0.7), the unreached only
            # with peers
            draws = Sure(0.7)
            size, reached = _decide_with(model, monkeypatch, people, leaders, draws)
            results[steps, leaders] = (size, reached)
    for steps in (0, 1, 3):
        assert results[steps, 0] == (0, 0)  # no leader: nobody reached (and nobody acts here)
    # leaders reach ten each (herself included): positions 0..10k-1 of the affected
    assert results[0, 1][1] == 10 and results[0, 2][1] == 20 and results[0, 4][1] == 40
    # the third step: every reached resident talks to the same other (all draws alike: the 42nd),
    # so one more; a second step adds the one she talks to (41st), a third nobody new
    assert results[1, 1][1] == 11
    assert results[3, 1][1] == 12
    # more leaders, more steps: never fewer reached
    for steps in (0, 1, 3):
        reached = [results[steps, k][1] for k in (0, 1, 2, 4)]
        assert reached == sorted(reached)
    for k in (0, 1, 2, 4):
        assert results[0, k][1] <= results[1, k][1] <= results[3, k][1]


def test_decide_fewer_act_when_more_are_reached(monkeypatch):
    # grievance 0.5 unreached, 0.25 reached; cost 0.2; thresholds all 0.25: the unreached act
    # at once (0.3 >= 0.25); the reached join only if 0.05 + 0.5 x acting/60 >= 0.25, i.e. 24
    # or more unreached
    s = load_scenario(
        "xinhua_2013",
        {"population.scale": 0.2, "collective.spill_share": 0.0, "deliberation.retell": 0},
    )
    model = CoGovModel(s)
    people = list(model.residents_by_nb[11][:60])
    sizes = {k: _decide_with(model, monkeypatch, people, k, Sure(0.25)) for k in (0, 1, 3, 4, 5, 6)}
    assert sizes[0] == (60, 0)  # no leader: nobody reached, all act
    assert sizes[1] == (60, 10)  # 50 unreached pull the reached in
    assert sizes[3] == (60, 30)  # 30 unreached: 0.05 + 0.25 >= 0.25
    assert sizes[4] == (20, 40)  # 20 unreached act, too few to pull the reached
    assert sizes[5] == (10, 50)
    assert sizes[6] == (0, 60)  # everyone reached: nobody acts


@pytest.mark.parametrize("seed", [1])
def test_metro_line_11_councils_prevent_petitions(seed):
    runs = {}
    for councils in (True, False):
        s = load_scenario(
            "metro_line_11", {"population.scale": 0.3, "deliberation.enabled": councils}
        )
        m = CoGovModel(s, rng=seed)
        m.run_days(365)
        runs[councils] = m
        # independent tally: the petitions counted at replies are the collective events
        assert m.metrics.petitions == len(m.collective.petition_sizes)
        assert all(size >= s.collective.min_size for size in m.collective.petition_sizes)
    # with councils few (all-off 1-2 at seeds 1-3; grievance heard from next door, ODD 7.16,
    # raises it to 3-5), without them many times more
    assert runs[True].metrics.petitions <= 6
    assert runs[False].metrics.petitions >= 5 * max(1, runs[True].metrics.petitions)


def test_fixed_groups_keep_the_same_residents_and_thresholds():
    s = load_scenario(
        "xinhua_2013",
        {"population.scale": 0.2, "collective.fixed_groups": True, "collective.spill_share": 0.0},
    )
    model = CoGovModel(s)
    coll = model.collective
    calls = []
    real = coll.affected

    def counted(issue):
        calls.append(issue.neighbourhood)
        return real(issue)

    coll.affected = counted
    first = _issue(model, False)
    people, thresholds = coll.group(first)
    assert len(people) == 60 and thresholds.shape == (60,)
    assert ((thresholds >= 0.0) & (thresholds < 1.0)).all()
    again_people, again_thresholds = coll.group(_issue(model, False))
    assert again_people is people and again_thresholds is thresholds  # drawn once
    assert calls == [11]
    other = _issue(model, False)
    other.neighbourhood = 3
    there, _ = coll.group(other)
    assert calls == [11, 3]
    assert {id(r) for r in there} <= {id(r) for r in model.residents_by_nb[3]}
    assert {id(r) for r in there}.isdisjoint(id(r) for r in people)
    # deciding draws no new thresholds for a known group: the cascade uses the kept ones
    draws = Seq([])
    model.draws = draws
    for r in people:
        r.trust = 1.0  # no grievance: nobody acts, and nothing needs drawing
    assert coll.decide(_issue(model, False)) == 0
    assert draws.taken == 0 and calls == [11, 3]


def test_groups_drawn_anew_each_decision_when_not_fixed():
    s = load_scenario(
        "xinhua_2013",
        {"population.scale": 0.2, "collective.fixed_groups": False, "collective.spill_share": 0.0},
    )
    model = CoGovModel(s)
    coll = model.collective
    a, ta = coll.group(_issue(model, False))
    b, tb = coll.group(_issue(model, False))
    assert ta is None and tb is None  # thresholds drawn at the cascade
    assert [id(r) for r in a] != [id(r) for r in b]
    draws = Seq([0.5] * 60)
    model.draws = draws
    coll.decide(_issue(model, False))
    assert draws.taken == 60  # sixty new thresholds
