"""An issue's life, top to bottom: arise, report, route, work, reply, persist or go.

An ``Issue`` is one problem in the world. Its life, and where each step lives:

1. **Arise** (:meth:`Life.arise`): drawn by :meth:`cogov.sim.arrivals.Arrivals.draw_day`, it
   arises, affects one resident (or unit), and gets the time it will be reported (the
   party's decision and delay) or found on patrol, and the time it fades by itself
   (persistence). If nobody will report it before it fades it is kept as a count only.
2. **Report** (:meth:`Life.found`): a case opens — the first report, or a repeat of a problem
   that persisted. State ``OPEN``, stage ``INTAKE``.
3. **Route** (:class:`cogov.sim.intake.LinkageCenter`): triage or the reporter's own choice;
   the community channel, consultation (``CONSULTATION``) or a joint meeting's agenda
   (``AGENDA``); a department takes the case or passes it on (``HANDOVER``) —
   :meth:`cogov.agents.department.Department.take_or_pass`.
4. **Work** (:class:`cogov.sim.work.Work`, :class:`cogov.sim.pool.Pool`,
   :class:`cogov.sim.joint.JointAction`): ``QUEUED``, ``JOINT_WAIT``, ``IN_WORK``; at a tracked
   deadline the holder may escalate or reply on paper.
5. **Reply** (:meth:`cogov.sim.work.Work.close`): solved or not, petition, rating, trust.
6. **After the reply** (:meth:`Life.after_reply`): the problem is gone if solved; otherwise it
   ``PERSISTING`` and its party reports it again (:meth:`Life.report_again`, back to 2) unless
   it fades first (:meth:`Life.fade`). Gone problems leave ``model.alive``.

States (``IssueState``) partition the problems: ``UNREPORTED``, ``OPEN``, ``PERSISTING``,
``CLOSED`` (gone); stages (``Stage``) say where an open case is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogov.sim.issue import FoundBy, Issue, IssueState
from cogov.sim.params import Reporter

if TYPE_CHECKING:
    from cogov.sim.model import CoGovModel

__all__ = ["Life"]

_INF = float("inf")


class Life:
    """Runs the steps of an issue's life that are not intake or work."""

    def __init__(self, model: CoGovModel) -> None:
        """Attach to ``model``."""
        self.model = model
        self.persists = model.params.persistence.enabled

    # 1: arise -----------------------------------------------------------------------------
    def arise(self, issue: Issue) -> None:
        """The problem arises: pick who it affects and when (if ever) it will be found."""
        model = self.model
        issue.state = IssueState.UNREPORTED
        model.metrics.on_arise(issue)
        kind = issue.kind
        nb = issue.neighbourhood
        draws = model.draws
        if kind.reporter is Reporter.UNIT and model.units_by_nb[nb]:
            party = model.pick(model.units_by_nb[nb])
            found_by = FoundBy.UNIT
        else:
            group = model.elderly_alone_by_nb[nb] if kind.affects_elderly_alone else None
            party = model.pick(group or model.residents_by_nb[nb])
            found_by = FoundBy.RESIDENT
        issue.reporter = party
        t_party = (
            draws.exponential(model.params.reporting.delay_hours)
            if party.decide_to_report()
            else _INF
        )
        t_patrol = _INF
        strength = model.patrol_strength[nb]
        if kind.inspectable and strength > 0.0:
            t_patrol = draws.exponential(self.model.params.inspectors.find_hours / strength)
        if t_patrol < t_party:
            # the finder is an inspector or a patrol volunteer, in proportion to their weight
            inspectors = len(model.inspectors_by_nb[nb])
            by_inspector = draws.uniform() * strength < inspectors
            found_by = FoundBy.INSPECTOR if by_inspector else FoundBy.VOLUNTEER
            t_party = t_patrol
        issue.t_fade = t_fade = model.persistence.fade_time(issue.t_arise)
        if t_party == _INF or issue.t_arise + t_party >= t_fade:
            # never found, or gone by itself first: counted as unreported, kept no longer
            model.metrics.never_found += 1
            model.metrics.untracked += 1
            model.persistence.fade_unseen_at(t_fade)
            if kind.affects_elderly_alone and model.visits.enabled:
                model.visits.keep(issue)  # latent with her until a visit meets it or it lapses
            model.alive.pop(issue.id)
            issue.release()
            return
        issue.found_by = found_by
        issue.event = model.at(issue.t_arise + t_party, issue.then(self.found))  # arises now

    # 2: report (a first report or a repeat) -----------------------------------------------
    def found(self, issue: Issue) -> None:
        """The problem is reported or found (again): a case opens and goes to intake."""
        model = self.model
        issue.event = None
        repeat = issue.reports > 0
        issue.state = IssueState.OPEN
        now = model.now
        issue.open_case(now)
        model.metrics.on_report(issue, now, repeat)
        model.center.receive(issue)

    # 3-5: LinkageCenter.receive ... Work.close, which calls after_reply -------------------

    # 6: after the reply: gone, or persisting until reported again or faded ----------------
    def after_reply(self, issue: Issue) -> None:
        """A case was closed: the problem is gone, or persists and may be reported again."""
        model = self.model
        if issue.solved or not self.persists:
            if issue.solved and issue.chronic:
                model.metrics.chronic_solved += 1
            self._gone(issue, IssueState.OPEN, faded=False)
            return
        if issue.t_fade <= model.now:  # it had gone by itself while the case was open
            self._gone(issue, IssueState.OPEN, faded=True)
            return
        issue.state = IssueState.PERSISTING
        model.events_cancelled += issue.release()
        model.metrics.on_persist(issue)
        self.schedule_next(issue)

    def schedule_next(self, issue: Issue) -> None:
        """Schedule whichever comes first: the party's next report, or the problem fading."""
        model = self.model
        t_again = model.now + issue.reporter.hours_until_reporting_again()
        if t_again < issue.t_fade:
            issue.event = model.at(t_again, issue.then(self.report_again))
        elif issue.t_fade < _INF:
            issue.event = model.at(issue.t_fade, issue.then(self.fade))
        # else: it stays in the world, unreported, until the end of the run

    def report_again(self, issue: Issue) -> None:
        """The affected party reports the persisting problem again (a repeat report)."""
        issue.event = None
        unit = issue.kind.reporter is Reporter.UNIT and issue.found_by is FoundBy.UNIT
        issue.found_by = FoundBy.UNIT if unit else FoundBy.RESIDENT
        self.found(issue)

    def fade(self, issue: Issue) -> None:
        """The problem goes away by itself, reported or not."""
        issue.event = None
        self._gone(issue, issue.state, faded=True)

    def _gone(self, issue: Issue, was: IssueState, faded: bool) -> None:
        model = self.model
        issue.state = IssueState.CLOSED
        model.metrics.on_gone(issue, was, faded)
        del model.alive[issue.id]
        model.events_cancelled += issue.release()
