"""When a survey asks: its occasions, each a key with the days it is open.

The keys are the answers' and the reminders' occasion (``SurveyReceipt.occasion``, the
``Delivery`` occasion):

- ``first-meeting``: opens the day a member's relationship held its first meeting (one per
  member, so the days differ from member to member);
- ``midpoint``: the programme's mid-point; ``final``: ``FINAL_EVALUATION_DAYS_BEFORE`` days
  before its end (the days of the pair's own mid-point review and final evaluation);
- ``w1``, ``w2``, …: the end of each N-week period from the programme's start, while the
  programme runs (``w3`` opens 3 × N weeks after the start);
- ``after``: N months after the programme's end: the day its coordinator closed it (the
  status change to *closed*), or its planned end date while it is not closed — a
  programme closed a month late asks six months after the closing, not five.

Each stays open ``open_days`` days, the opening day included (an N-week occasion at most
until the next one opens). Pure date arithmetic, but for ``after``: one query per
programme for the day it was closed (kept on the programme object).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programs.models import Programme

from .survey_models import Survey

FIRST_MEETING = "first-meeting"
MIDPOINT = "midpoint"
FINAL = "final"
AFTER = "after"
# Any occasion key, as it may appear in an address (w1 … w999).
KEY = re.compile(r"first-meeting|midpoint|final|after|w[1-9][0-9]{0,2}")


@dataclass(frozen=True)
class Occasion:
    key: str
    opens_on: date
    closes_on: date  # the last day answers are taken
    label: str | Promise

    def state(self, today: date) -> str:
        """ "upcoming", "open" or "closed" on ``today``."""
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter); the last
    day there is (``date.max``) beyond the calendar's end."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _later(day: date, delta: timedelta) -> date:
    """``day + delta``, or the calendar's last day where that is beyond it."""
    try:
        return day + delta
    except OverflowError:
        return date.max


def final_day(programme: Programme) -> date:
    from .reminders import evaluation_days  # reminders imports this module's users

    return evaluation_days(programme)[1]


def ended_on(programme: Programme) -> date:
    """The day the programme ended: when it was closed, else its planned end."""
    if "_ended_on" not in programme.__dict__:
        from programs.models import ProgrammeStatusChange

        from .health import site_day

        closed = (
            ProgrammeStatusChange.objects.filter(
                programme=programme.pk, to_status=Programme.Status.CLOSED
            )
            .order_by("-changed_at")
            .values_list("changed_at", flat=True)
            .first()
        )
        programme.__dict__["_ended_on"] = site_day(closed) if closed else programme.ends_on
    return programme.__dict__["_ended_on"]


def _window(survey: Survey, opens_on: date, key: str, label, until: date | None = None):
    closes_on = _later(opens_on, timedelta(days=survey.open_days - 1))
    if until is not None:
        closes_on = min(closes_on, until)
    return Occasion(key, opens_on, closes_on, label)


def period_label(survey: Survey, number: int) -> str:
    weeks = number * (survey.every_weeks or 0)
    return ngettext("After %(weeks)d week", "After %(weeks)d weeks", weeks) % {"weeks": weeks}


def label_of(survey: Survey, key: str) -> str | Promise:
    if key == FIRST_MEETING:
        return _("After the first meeting")
    if key == MIDPOINT:
        return _("Mid-point")
    if key == FINAL:
        return _("End of the programme")
    if key == AFTER:
        return ngettext(
            "%(months)d month after the end", "%(months)d months after the end", survey.months_after
        ) % {"months": survey.months_after or 0}
    return period_label(survey, int(key[1:]))


def kept(survey: Survey, occasion: Occasion) -> bool:
    """Whether ``occasion`` is the survey's own, given the day it was published: not one
    that had closed by then, and for one sent every N weeks, not a round that had opened
    (its first round is the first to open on or after that day, so members get the
    whole of it)."""
    since = survey.published_on
    if since is None:
        return True
    if survey.timing == Survey.Timing.EVERY_WEEKS:
        return occasion.opens_on >= since
    return occasion.closes_on >= since


def programme_occasions(survey: Survey, programme: Programme | None = None) -> list[Occasion]:
    found = _programme_occasions(survey, programme)
    return [o for o in found if kept(survey, o)]


def _programme_occasions(survey: Survey, programme: Programme | None = None) -> list[Occasion]:
    """The survey's occasions worked out from its programme's dates, in order (none for
    ``first-meeting``, whose days are each member's: see ``first_meeting_occasion``)."""
    programme = programme or survey.programme
    timing = survey.timing
    if timing == Survey.Timing.MIDPOINT:
        return [_window(survey, programme.midpoint, MIDPOINT, label_of(survey, MIDPOINT))]
    if timing == Survey.Timing.FINAL:
        return [_window(survey, final_day(programme), FINAL, label_of(survey, FINAL))]
    if timing == Survey.Timing.AFTER and survey.months_after:
        opens_on = add_months(ended_on(programme), survey.months_after)
        return [_window(survey, opens_on, AFTER, label_of(survey, AFTER))]
    if timing == Survey.Timing.EVERY_WEEKS and survey.every_weeks:
        step = timedelta(weeks=survey.every_weeks)
        found, number = [], 1
        while (opens_on := _later(programme.starts_on, number * step)) <= programme.ends_on:
            if opens_on == date.max:
                break
            until = _later(opens_on, step - timedelta(days=1))
            label = period_label(survey, number)
            found.append(_window(survey, opens_on, f"w{number}", label, until))
            number += 1
        return found
    return []


def first_meeting_occasion(survey: Survey, first_held_on: date) -> Occasion:
    return _window(survey, first_held_on, FIRST_MEETING, label_of(survey, FIRST_MEETING))


def occasion_for(
    survey: Survey, key: str, first_held_on: date | None = None, programme=None
) -> Occasion | None:
    """The occasion ``key`` of ``survey`` (for ``first-meeting``, the member's, from the day
    their first meeting was held), or None if it has no such occasion."""
    if not isinstance(key, str) or not KEY.fullmatch(key):
        return None
    if survey.timing == Survey.Timing.FIRST_MEETING:
        if key != FIRST_MEETING or first_held_on is None:
            return None
        occasion = first_meeting_occasion(survey, first_held_on)
        return occasion if kept(survey, occasion) else None
    return next((o for o in programme_occasions(survey, programme) if o.key == key), None)
