"""The dashboard's charts, from its figures (``overview.Dashboard``): health states,
meetings per month against the programmes' minimum, goals by status, survey response rates
and scores, NPS and satisfaction by role. Each is drawn by ``charts`` with its numbers in a
table beside it."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from evaluations.health import State
from programs.models import Enrolment

from . import charts
from .overview import Dashboard

STATE_COLOURS = {
    State.AT_RISK: charts.RED,
    State.ATTENTION: charts.AMBER,
    State.TOO_EARLY: charts.GREY,
    State.ON_TRACK: charts.GREEN,
}
# At most this many months of meetings, the latest.
MONTHS_SHOWN = 24


def _month(day: date) -> date:
    return day.replace(day=1)


def _next(month: date) -> date:
    return (
        month.replace(year=month.year + 1, month=1)
        if month.month == 12
        else month.replace(month=month.month + 1)
    )


def months(board: Dashboard, today: date) -> list[tuple[date, int]]:
    """Every month from the programmes' start (or the first meeting) to this month, or the
    programmes' end if sooner, with the meetings held in it: zeros included."""
    held = dict(board.meetings_by_month)
    starts = [p.starts_on for p in board.programmes] + list(held)
    if not starts:
        return []
    first = _month(min(starts))
    ends = max(p.ends_on for p in board.programmes) if board.programmes else today
    last = _month(min(today, ends) if ends >= first else today)
    last = max([last, *held]) if held else last
    found, month = [], first
    while month <= last:
        found.append((month, held.get(month, 0)))
        month = _next(month)
    return found[-MONTHS_SHOWN:]


def _score(result) -> float | None:
    """A survey occasion's mean over its 1–5 questions (each weighted by its answers)."""
    scored = [(q.mean, q.answered) for q in result.questions if q.mean is not None]
    answers = sum(n for _mean, n in scored)
    return round(sum(mean * n for mean, n in scored) / answers, 2) if answers else None


def _label(result) -> str:
    return f"{result.title} — {result.label}"


def charts_for(board: Dashboard, today: date) -> list[charts.Chart]:
    roles = dict(Enrolment.Role.choices)
    shown = [r for r in board.surveys if not r.suppressed]
    return [
        charts.bar_chart(
            _("Relationships by health"),
            [(label, count) for _state, label, count in board.states],
            colours={label: STATE_COLOURS[state] for state, label, _n in board.states},
            label_heading=_("Health"),
            value_heading=_("Relationships"),
            chart_id="chart-health",
        ),
        charts.column_chart_by_month(
            _("Meetings held per month"),
            months(board, today),
            reference=board.expected_per_month,
            reference_label=_("Expected at the minimum"),
            value_heading=_("Meetings held"),
            chart_id="chart-meetings",
        ),
        charts.bar_chart(
            _("Goals by status"),
            [(label, count) for _status, label, count in board.goals_by_status],
            label_heading=_("Status"),
            value_heading=_("Goals"),
            chart_id="chart-goals",
        ),
        charts.bar_chart(
            _("Survey response rates"),
            [(_label(r), None if r.rate is None else r.rate * 100) for r in board.surveys],
            unit="%",
            max_value=100,
            label_heading=_("Survey"),
            value_heading=_("Answered"),
            chart_id="chart-survey-rates",
        ),
        charts.bar_chart(
            _("Survey scores (1–5)"),
            [(_label(r), _score(r)) for r in shown if _score(r) is not None],
            max_value=5,
            label_heading=_("Survey"),
            value_heading=_("Average"),
            chart_id="chart-survey-scores",
        ),
        charts.nps_bar(
            _("Would recommend the programme (NPS)"),
            board.nps[0],
            board.nps[1],
            board.nps[2],
            chart_id="chart-nps",
        ),
        charts.bar_chart(
            _("Satisfaction by role (1–5)"),
            [
                (str(roles.get(role, role)), mean)
                for role, (mean, _n) in sorted(board.satisfaction.items())
            ],
            max_value=5,
            label_heading=_("Role"),
            value_heading=_("Average"),
            chart_id="chart-satisfaction",
        ),
    ]
