"""Issue events go on Mesa's queue; the lean time advance runs what Mesa's loop runs."""

from __future__ import annotations

import gc
import itertools
import weakref

import mesa
import pytest
from mesa.experimental.mesa_signals import ObservableSignals
from mesa.time.events import Event

from cogov.sim import mesa_adapter
from cogov.sim.events import events_created, pending_events, scheduler
from cogov.sim.issue import DeadlineWatch
from cogov.sim.loader import load_scenario
from cogov.sim.mesa_adapter import LeanEvent, LeanTimeModel, heartbeat_active
from cogov.sim.model import CoGovModel


class Mark:
    """A callable that records its label and the model time when it runs."""

    def __init__(self, model: mesa.Model, log: list, label: str) -> None:
        self.model, self.log, self.label = model, log, label

    def __call__(self) -> None:
        """Record the label and the time."""
        self.log.append((self.label, self.model.time))


@pytest.mark.parametrize("lean", [True, False])
def test_at_schedules_in_creation_order_and_returns_a_cancellable_event(monkeypatch, lean):
    monkeypatch.setattr(mesa_adapter, "LEAN_EVENTS", lean)
    model = mesa.Model(rng=1)
    at = scheduler(model)
    log: list = []
    marks = [Mark(model, log, str(i)) for i in range(6)]
    at(2.5, marks[0])
    model.schedule_event(marks[1], at=2.5)
    at(2.5, marks[2])
    at(1.25, marks[3])
    model.schedule_event(marks[4], at=0.5)
    assert isinstance(at(3.0, marks[5]), Event)
    at(3.5, marks[5]).cancel()
    model.run_until(4)
    assert log == [("4", 0.5), ("3", 1.25), ("0", 2.5), ("1", 2.5), ("2", 2.5), ("5", 3.0)]


@pytest.mark.parametrize("advance", [True, False])
def test_lean_events_on_the_models_own_heap_run_in_mesas_order(monkeypatch, advance):
    """The lean model keeps issue events on a heap of its own; the loop merges both heaps.

    Ties at one time are broken as Mesa breaks them: priority, then creation order. With the
    lean advance switched off after scheduling, Mesa's own loop gets the lean events and runs
    them in the same order.
    """
    from mesa.time.events import Priority

    model = LeanTimeModel(rng=1)
    at = scheduler(model)
    log: list = []
    marks = [Mark(model, log, str(i)) for i in range(8)]
    at(2.5, marks[0])
    model.schedule_event(marks[1], at=2.5, priority=Priority.LOW)
    at(2.5, marks[2])
    model.schedule_event(marks[3], at=2.5, priority=Priority.HIGH)
    model.schedule_event(marks[4], at=2.5)
    at(1.25, marks[5])
    at(2.5, marks[6])
    at(3.5, marks[7]).cancel()
    # four live lean events, three of Mesa and its hourly step
    assert len(model.lean_heap) == 5 and pending_events(model) == 4 + 3 + 1
    monkeypatch.setattr(mesa_adapter, "LEAN_ADVANCE", advance)
    model.run_until(4)
    labels = [label for label, _ in log]
    assert labels == ["5", "3", "0", "2", "4", "6", "1"]
    assert log[0] == ("5", 1.25) and {t for _, t in log[1:]} == {2.5}
    assert model.lean_heap == [] or not advance


def test_compaction_drops_cancelled_lean_events_and_keeps_the_order():
    model = LeanTimeModel(rng=1)
    at = scheduler(model)
    log: list = []
    marks = [Mark(model, log, str(i)) for i in range(6)]
    events = [at(1.0 + i % 3, m) for i, m in enumerate(marks)]
    for e in events[::2]:
        e.cancel()
    mesa_adapter.compact_events(model)
    assert len(model.lean_heap) == 3
    model.run_until(5)
    assert [label for label, _ in log] == ["3", "1", "5"]


def test_a_lean_event_is_a_mesa_event_and_can_be_cancelled():
    model = mesa.Model(rng=1)
    log: list = []
    mark = Mark(model, log, "x")
    event = LeanEvent(1.5, mark)
    assert isinstance(event, Event) and event < LeanEvent(1.5, mark)  # ordered by id at a tie
    model.schedule_event(mark, at=0.5).cancel()
    scheduler(model)(1.5, mark).cancel()
    model.run_until(3)
    assert log == [] and pending_events(model) == 1  # only Mesa's next hourly step
    assert LeanEvent(2.0, mark).function_args == []  # the shared empty list stays empty


def test_the_lean_heap_holds_lean_events_with_mesas_next_ids():
    model = LeanTimeModel(rng=1)
    log: list = []
    mark = Mark(model, log, "x")
    at = scheduler(model)
    made = LeanEvent(0.0, mark)
    first, second = at(2.0, mark), at(1.5, mark)
    assert type(first) is LeanEvent and first.fn() is mark and first.time == 2.0
    assert first.unique_id == made.unique_id + 1
    assert (first.priority, first.function_args, first.function_kwargs) == (made.priority, [], {})
    assert second.unique_id == first.unique_id + 1 and not second.CANCELED
    assert model.lean_heap[0] == (1.5, second.unique_id, second)
    assert Event(3.0, mark).unique_id == second.unique_id + 1  # Mesa's own counter, shared


def test_a_dead_callback_is_skipped_like_mesa_skips_it():
    model = LeanTimeModel(rng=1)
    log: list = []
    at = scheduler(model)
    at(1.5, Mark(model, log, "gone"))  # nothing keeps it alive
    model.run_until(3)
    assert log == []


def use_lean_path(monkeypatch: pytest.MonkeyPatch, lean: bool) -> None:
    """Schedule issue events on the lean path, or all through Mesa's ``schedule_event``."""
    monkeypatch.setattr(mesa_adapter, "LEAN_EVENTS", lean)
    monkeypatch.setattr(mesa_adapter, "LEAN_ADVANCE", lean)


#: one scenario per intake policy (siloed, one window, co-governance) and a shocked one
POLICY_SCENARIOS = ["siloed", "one_window", "xinhua_2013", "metro_line_11"]


def run(
    monkeypatch: pytest.MonkeyPatch, name: str, lean: bool, watch_time: bool = True
) -> tuple[dict, list, list]:
    """Run ``name`` for 90 days; return the summary, the daily rows and the late triages.

    Triage takes 2 hours on average (0.5 in the scenarios), so that at this small scale many
    issues are still in triage when their deadline (2 hours for safety hazards) passes, as
    happens at full scale with the scenarios' triage. With ``watch_time``, every change of
    model time is watched through Mesa's own signal and must never go back (a subscriber makes
    the lean loop set time through the signal, so the run is also made without one).
    """
    use_lean_path(monkeypatch, lean)
    scenario = load_scenario(name, {"population.scale": 0.1, "intake.triage_hours": 2.0})
    model = CoGovModel(scenario, rng=3, keep_records=True)
    times = [model.time]

    def on_time(signal) -> None:
        times.append(signal.additional_kwargs["new"])

    if watch_time:
        model.observe("time", ObservableSignals.CHANGED, on_time)
    model.run_days(90)
    if watch_time:
        assert all(a <= b for a, b in itertools.pairwise(times)), "model time went back"
        assert times[-1] == 90 * 24.0 and len(times) > 1000
    deadlines = [k.deadline_hours for k in scenario.kinds]
    late_triage = [r for r in model.metrics.records if r[2] - r[1] > deadlines[r[0]]]
    return model.result().summary, model.metrics.daily, late_triage


@pytest.mark.parametrize("name", POLICY_SCENARIOS)
def test_every_policy_gives_identical_results_on_mesas_scheduler_and_time_never_goes_back(
    monkeypatch, name
):
    lean = run(monkeypatch, name, True)
    plain = run(monkeypatch, name, False)  # Mesa refuses an event scheduled in the past
    assert lean == plain == run(monkeypatch, name, True, watch_time=False)
    summary, _, late_triage = plain
    assert late_triage, "some issues must still be in intake at their deadline"
    if summary["policy"] != "siloed":
        assert summary["escalations"] > 0


def test_steps_count_the_whole_hours_passed_without_the_hourly_event():
    model = CoGovModel("xinhua_2013", scale=0.05)
    assert not heartbeat_active(model)
    for _ in range(5):
        model.step()
    assert (model.steps, model.time) == (5, 5.0)
    model.run_days(2)
    assert (model.steps, model.time) == (53, 53.0)
    model.run_until(60.5)
    assert model.steps == 60
    model.step()
    assert (model.steps, model.time) == (61, 61.5)


class Counting(CoGovModel):
    """A subclass that gives ``step`` behaviour: Mesa's hourly step event must stay."""

    def __init__(self) -> None:
        self.calls = 0
        super().__init__("xinhua_2013", scale=0.05)

    def step(self) -> None:
        """Count the calls."""
        self.calls += 1


def test_a_subclass_with_a_step_keeps_the_hourly_event_and_results():
    counting, plain = Counting(), CoGovModel("xinhua_2013", scale=0.05)
    assert heartbeat_active(counting)
    counting.run_days(3)
    plain.run_days(3)
    assert counting.calls == counting.steps == plain.steps == 72
    assert counting.result().summary == plain.result().summary


def test_every_event_is_executed_pending_or_cancelled(monkeypatch):
    """No event is lost; every watch that runs escalates or closes on paper (others cancelled).

    The lean run is counted from Mesa's id counter and queue; the same run on Mesa's own
    loop, with ``Event.execute`` wrapped, counts the events executed one by one.
    """
    lean = CoGovModel("xinhua_2013", scale=0.2, rng=5)
    start, before = events_created(), pending_events(lean)
    lean.run_days(90)
    made = events_created() - start
    assert lean.events_cancelled > 0

    use_lean_path(monkeypatch, False)
    model = CoGovModel("xinhua_2013", scale=0.2, rng=5)
    executed: list = []
    original = Event.execute

    def counting(event: Event) -> None:
        executed.append(event.fn() if event.fn is not None else None)
        original(event)

    monkeypatch.setattr(Event, "execute", counting)
    model.run_days(90)
    assert len(executed) == made + before - pending_events(lean) - lean.events_cancelled
    assert model.events_cancelled == lean.events_cancelled
    watches = [fn for fn in executed if isinstance(fn, DeadlineWatch)]
    m = model.metrics  # a watch that runs escalates, or its department replies on paper
    assert len(watches) == m.escalations + m.closed_on_paper > 0
    assert m.escalations == lean.metrics.escalations > 0
    assert None not in executed  # no callback freed before its time


def test_a_run_leaves_the_collector_alone_and_a_dropped_model_is_collected():
    """The model does not change the host process's garbage collector (the app is threaded)."""
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    seen: list = []

    class Probe:
        def __call__(self) -> None:
            seen.append((gc.isenabled(), gc.get_freeze_count()))

    model = CoGovModel("xinhua_2013", scale=0.05)
    probe = Probe()
    model.at(5.0, probe)
    model.run_days(3)
    assert seen == [(enabled, frozen)]
    assert (gc.isenabled(), gc.get_freeze_count()) == (enabled, frozen)
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None


@pytest.mark.parametrize("until", [2.0, 2.5])
def test_the_lean_loop_runs_what_mesas_loop_runs(until):
    def run(cls: type[mesa.Model]) -> tuple:
        model = cls(rng=1)
        log: list = []
        marks = [Mark(model, log, str(i)) for i in range(5)]
        at = scheduler(model)
        at(2.0, marks[0])
        model.schedule_event(marks[1], at=2.0)
        at(1.0, marks[2]).cancel()
        at(until + 0.5, marks[3])  # beyond: stays pending
        at(0.5, marks[4])
        model.run_until(until)
        return log, model.time, model.steps, pending_events(model)

    assert run(LeanTimeModel) == run(mesa.Model)
    log, time, steps, pending = run(LeanTimeModel)
    assert log == [("4", 0.5), ("0", 2.0), ("1", 2.0)] and time == until and steps == 2
    assert pending == 2  # mark 3 and Mesa's next hourly step


def test_the_lean_loop_leaves_a_backward_advance_to_mesa():
    model = LeanTimeModel(rng=1)
    model.run_until(3)
    with pytest.warns(RuntimeWarning, match="larger than time"):
        model.run_until(2.0)
    assert model.time == 3


def test_subscribers_to_time_see_every_event_on_either_loop():
    from mesa.experimental.mesa_signals import ObservableSignals

    def run(cls: type[mesa.Model]) -> list:
        model = cls(rng=1)
        seen: list = []

        def on_time(signal) -> None:
            seen.append(signal.additional_kwargs["new"])

        model.observe("time", ObservableSignals.CHANGED, on_time)
        at = scheduler(model)
        marks = [Mark(model, [], str(i)) for i in range(3)]
        for t, mark in zip((0.25, 1.5, 1.75), marks, strict=True):
            at(t, mark)
        model.run_until(2.5)
        return seen

    assert run(LeanTimeModel) == run(mesa.Model) == [0.25, 1.0, 1.5, 1.75, 2.0, 2.5]


def test_the_collector_pauses_for_a_build_only_in_cogovs_own_process(monkeypatch):
    from cogov.experiments import runner

    monkeypatch.setattr(runner, "_OWN_PROCESS", False)
    assert gc.isenabled()
    with runner.build_paused():
        assert gc.isenabled()  # a host process: left alone
    runner.claim_process()
    with pytest.raises(RuntimeError), runner.build_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failed build")
    assert gc.isenabled()  # restored, also after an error
    gc.disable()
    try:
        with runner.build_paused():
            pass
        assert not gc.isenabled()  # a collector the program had switched off stays off
    finally:
        gc.enable()


class NowMark(Mark):
    """Records ``model.now`` beside ``model.time`` when it runs."""

    def __call__(self) -> None:
        """Record both clocks."""
        self.log.append((self.model.now, self.model.time))


@pytest.mark.parametrize("advance", [True, False])
def test_now_reads_the_time_inside_events_and_after_an_advance(monkeypatch, advance):
    monkeypatch.setattr(mesa_adapter, "LEAN_ADVANCE", advance)
    model = LeanTimeModel(rng=1)
    log: list = []
    at = scheduler(model)
    marks = [NowMark(model, log, "") for _ in range(3)]  # events hold them weakly
    for t, mark in zip((0.5, 1.25, 7.0), marks, strict=True):
        at(t, mark)
    model.run_until(3.5)
    assert log == [(0.5, 0.5), (1.25, 1.25)]
    assert model.now == model.time == 3.5
    model.run_until(8.0)
    assert log[-1] == (7.0, 7.0) and model.now == 8.0
