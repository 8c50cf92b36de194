"""When the mid-point review is open and which report period is open: plain date
arithmetic over a programme's dates (no queries), shared by the pages, the services, the
selectors and the ``report-due`` job.

Reports: with ``report_every_weeks`` = N, periods are counted from the later of the
programme's start and the relationship's start (its first day in the site's time zone).
Period k (1, 2, …) is due at the end of the k-th N-week stretch — ``base + k·N weeks`` — and
is open from that day until the day before the next one is due. Only periods due on or
before the programme's end exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    number: int
    due_on: date  # the day it opens (and the reminder goes out)
    closes_on: date  # its last day: the day before the next one is due

    def is_open(self, today: date) -> bool:
        return self.due_on <= today <= self.closes_on


def report_base(programme_starts_on: date, began: date) -> date:
    return max(programme_starts_on, began)


def report_period(
    every_weeks: int | None, starts_on: date, ends_on: date, began: date, number: int
) -> Period | None:
    """Period ``number``, or None if there is no such period (no reports, or after the end)."""
    if not every_weeks or every_weeks < 1 or number < 1:
        return None
    base = report_base(starts_on, began)
    step = timedelta(weeks=every_weeks)
    due_on = base + step * number
    if due_on > ends_on:
        return None
    return Period(number, due_on, due_on + step - timedelta(days=1))


def current_period(
    every_weeks: int | None, starts_on: date, ends_on: date, began: date, today: date
) -> Period | None:
    """The period open on ``today``, if any."""
    if not every_weeks or every_weeks < 1:
        return None
    base = report_base(starts_on, began)
    days = (today - base).days
    if days < 0:
        return None
    number = days // (every_weeks * 7)
    return report_period(every_weeks, starts_on, ends_on, began, number) if number else None


def next_period(
    every_weeks: int | None, starts_on: date, ends_on: date, began: date, today: date
) -> Period | None:
    """The first period that opens after ``today``, if any."""
    if not every_weeks or every_weeks < 1:
        return None
    base = report_base(starts_on, began)
    days = max((today - base).days, -1)
    number = days // (every_weeks * 7) + 1 if days >= 0 else 1
    return report_period(every_weeks, starts_on, ends_on, began, number)


def periods_due(
    every_weeks: int | None, starts_on: date, ends_on: date, began: date, today: date
) -> int:
    """How many periods have been due by ``today`` (opened on or before it)."""
    if not every_weeks or every_weeks < 1:
        return 0
    base = report_base(starts_on, began)
    last_day = min(today, ends_on)
    if last_day < base:
        return 0
    return (last_day - base).days // (every_weeks * 7)


def review_open(midpoint: date, ends_on: date, today: date) -> bool:
    """The mid-point review opens on the programme's mid-point and stays open to its end."""
    return midpoint <= today <= ends_on
