"""The dashboard's exports, as CSV or XLSX (tablib): relationships, meetings per month,
survey results and outcomes.

Facts only, as on the dashboard: names, dates, counts, statuses and health — never a note,
message, goal, report or answer text. Every text cell that a spreadsheet would read as a
formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a leading apostrophe, so a name like ``=HYPERLINK(…)`` stays text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime

import tablib
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from evaluations import survey_selectors as evaluation_surveys
from evaluations.health import assess, site_day
from evaluations.selectors import member_names
from evaluations.survey_models import SurveyQuestion
from goals.models import Goal
from meetings.models import Meeting
from programs.models import Programme
from relationships.models import Match, MatchMember

from . import overview

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe(value):
    """A cell that no spreadsheet runs: text that would start a formula is quoted."""
    if isinstance(value, datetime):
        return site_day(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _dataset(title: str, headers: list[str], rows) -> tablib.Dataset:
    data = tablib.Dataset(headers=headers, title=title[:31])
    for row in rows:
        data.append([safe(value) for value in row])
    return data


def _count(model, status) -> Coalesce:
    rows = (
        model.objects.filter(match=OuterRef("pk"), status=status)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def relationships(programmes: list[Programme], now: datetime) -> tablib.Dataset:
    ids = [p.pk for p in programmes]
    matches = (
        Match.objects.filter(programme_id__in=ids)
        .select_related("programme")
        .prefetch_related(
            Prefetch("members", queryset=MatchMember.objects.select_related("enrolment__user"))
        )
        .annotate(
            held=_count(Meeting, Meeting.Status.HELD),
            on_track=_count(Goal, Goal.Status.ON_TRACK),
            off_track=_count(Goal, Goal.Status.OFF_TRACK),
            completed=_count(Goal, Goal.Status.COMPLETED),
        )
        .order_by("programme__name", "pk")
    )
    healths = assess(Match.objects.filter(programme_id__in=ids), now)
    headers = [
        _("relationship"),
        _("programme"),
        _("members"),
        _("status"),
        _("started"),
        _("ended"),
        _("agreement signed"),
        _("meetings held"),
        _("minimum meetings"),
        _("goals on track"),
        _("goals off track"),
        _("goals completed"),
        _("health"),
        _("reasons"),
        _("why it ended early"),
    ]

    def rows():
        for match in matches:
            health = healths.get(match.pk)
            yield [
                match.pk,
                match.programme.name,
                member_names(match),
                match.get_status_display(),
                match.started_at,
                match.ended_at,
                match.agreement_signed_at,
                match.held,
                match.programme.min_meetings,
                match.on_track,
                match.off_track,
                match.completed,
                health.label if health else "",
                "; ".join(str(r) for r in health.reasons) if health else "",
                match.get_end_category_display(),  # the category only: never the reason
            ]

    return _dataset(_("Relationships"), headers, rows())


def meetings(programmes: list[Programme], now: datetime) -> tablib.Dataset:
    """Meetings per relationship and month, by status: counts, never notes."""
    ids = [p.pk for p in programmes]
    statuses = [s for s, _label in Meeting.Status.choices]
    found: dict[tuple[int, date], dict[str, int]] = defaultdict(dict)
    rows = (
        Meeting.objects.filter(match__programme_id__in=ids)
        .annotate(month=TruncMonth("starts_at"))
        .order_by()
        .values_list("match_id", "month", "status")
        .annotate(n=Count("pk"))
    )
    for match_id, month, status, n in rows:
        month = month.date() if isinstance(month, datetime) else month
        found[(match_id, month)][status] = n
    members = MatchMember.objects.select_related("enrolment__user")
    names = {
        match.pk: (match.programme.name, member_names(match))
        for match in Match.objects.filter(pk__in={m for m, _month in found})
        .select_related("programme")
        .prefetch_related(Prefetch("members", queryset=members))
    }
    headers = [_("relationship"), _("programme"), _("members"), _("month")] + [
        str(label).lower() for _s, label in Meeting.Status.choices
    ]
    return _dataset(
        _("Meetings"),
        headers,
        (
            [
                match_id,
                *names.get(match_id, ("", "")),
                month.strftime("%Y-%m"),
                *(counts.get(s, 0) for s in statuses),
            ]
            for (match_id, month), counts in sorted(found.items())
        ),
    )


def outcomes(programmes: list[Programme], now: datetime) -> tablib.Dataset:
    ids = [p.pk for p in programmes]
    result = overview.outcomes(ids, overview.goals_by_status(ids))
    rows = [[step.label, step.count] for step in overview.funnel(ids)]
    rows += [
        [_("Relationships"), result.relationships],
        [_("Relationships ended"), result.ended],
        [_("Relationships completed"), result.completed],
        [_("Relationships ended early"), result.ended_early],
        [_("Relationships ended early by a member"), result.early_by_member],
        [_("Relationships ended early by a coordinator"), result.early_by_coordinator],
        *(
            [_("Ended early: %(category)s") % {"category": row.label}, row.count]
            for row in result.early_by_category
        ),
        [_("Average duration (days)"), result.average_days],
        [_("Goals"), result.goals_total],
        [_("Goals completed"), result.goals_completed],
        [_("Reached the minimum of meetings"), result.reached_minimum],
        [_("Average meetings held"), result.average_held],
        [_("Participants' reports due"), result.reports_due],
        [_("Participants' reports written"), result.reports_written],
        [_("How it is going, on average (1–5)"), result.report_mean],
    ]
    return _dataset(_("Outcomes"), [_("measure"), _("value")], rows)


def survey_results(programmes: list[Programme], now: datetime) -> tablib.Dataset:
    """Per survey, occasion and question: who was asked and answered, the average, NPS and
    choices counted — never a text answer, and nothing of an anonymous survey's occasion
    below three answers."""
    ids = [p.pk for p in programmes]
    names = {p.pk: p.name for p in programmes}
    headers = [
        _("survey"),
        _("programme"),
        _("occasion"),
        _("anonymous"),
        _("asked"),
        _("answered"),
        _("response rate"),
        _("question"),
        _("kind"),
        _("answers"),
        _("average (1–5)"),
        _("NPS"),
        _("choices"),
    ]
    kinds = dict(SurveyQuestion.Kind.choices)
    hidden = _("hidden: fewer than three answers")

    def rows():
        for result in evaluation_surveys.survey_results(ids, site_day(now)):
            head = [
                result.title,
                names.get(result.programme_id, ""),
                result.label,
                _("yes") if result.anonymous else _("no"),
                result.invited,
                result.answered,
                None if result.rate is None else round(result.rate * 100),
            ]
            for question in result.questions:
                if question.suppressed:
                    yield [*head, question.text, kinds.get(question.kind, ""), hidden, "", "", ""]
                    continue
                yield [
                    *head,
                    question.text,
                    kinds.get(question.kind, ""),
                    question.answered,
                    question.mean,
                    question.nps,
                    "; ".join(f"{label}: {n}" for label, n in question.counts),
                ]

    return _dataset(_("Survey results"), headers, rows())


#: name -> (label, builder).
DATASETS: dict[str, tuple[Callable[[], str], Callable]] = {
    "relationships": (lambda: _("Relationships"), relationships),
    "meetings": (lambda: _("Meetings per month"), meetings),
    "surveys": (lambda: _("Survey results"), survey_results),
    "outcomes": (lambda: _("Outcomes"), outcomes),
}


def export(name: str, fmt: str, programmes: list[Programme], now: datetime) -> bytes:
    """The dataset ``name`` in format ``fmt`` (``csv`` or ``xlsx``)."""
    _label, build = DATASETS[name]
    data = build(programmes, now)
    if fmt == "csv":
        # With a byte-order mark, so that a spreadsheet reads å, ä and ö right.
        return ("\ufeff" + data.export("csv")).encode("utf-8")
    return data.export("xlsx")
