"""Who is due a survey e-mail (``survey-due``; ``notifications.jobs`` claims and sends).

Each invited member who has not answered an occasion gets, 9:00 by their own clock, one
e-mail on its opening day (delivery occasion: the occasion's key, e.g. ``midpoint``) and
one reminder ``SURVEY_REMINDER_DAYS_BEFORE`` (3) days before it closes (``midpoint:closing``)
— the reminder only where the occasion is open longer than that. An opening e-mail not
sent by the reminder's day is left out rather than sent beside it; nothing goes out once
the occasion has closed. Members of paused or early-ended relationships are not reminded,
those of completed ones are (a survey months after the end asks them). Each ``send``
checks again that the member is still invited and has not answered meanwhile.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import jobs
from notifications.models import Delivery

from . import survey_emails
from .survey_models import Survey, SurveyReceipt
from .survey_occasions import programme_occasions
from .survey_selectors import invitees, occasion_of, occasions_for

logger = logging.getLogger(__name__)

JOB = "survey-due"


def reminder_days_before() -> int:
    return getattr(settings, "SURVEY_REMINDER_DAYS_BEFORE", 3)


def _about(survey_id: int) -> str:
    return f"evaluations.survey:{survey_id}"


def due_occasion(occasion, today) -> str | None:
    """Which of the occasion's two e-mails is due on ``today`` (the member's day): its key,
    the key with ``:closing``, or None."""
    if not occasion.is_open(today):
        return None
    reminder = occasion.closes_on - timedelta(days=reminder_days_before())
    if reminder > occasion.opens_on and today >= reminder:
        return occasion.key + survey_emails.CLOSING
    return occasion.key


def find_surveys_due(now: datetime) -> list[jobs.Due]:
    surveys = list(
        Survey.objects.filter(status=Survey.Status.PUBLISHED).select_related("programme")
    )
    if not surveys:
        return []
    people = defaultdict(list)
    for invitee in invitees({s.programme_id for s in surveys}):
        if invitee.remindable:
            people[invitee.programme_id].append(invitee)
    answered = set(
        SurveyReceipt.objects.filter(survey_id__in=[s.pk for s in surveys]).values_list(
            "survey_id", "occasion", "user_id"
        )
    )
    due = []
    for survey in surveys:
        try:
            due.extend(_due_of(survey, people, answered, now))
        except (ArithmeticError, ValueError):  # one survey's odd dates stop no other's
            logger.exception("survey-due: survey %s skipped", survey.pk)
    return due


def _due_of(survey, people, answered, now) -> list[jobs.Due]:
    due = []
    dated = programme_occasions(survey)  # the same for everyone but first-meeting
    for invitee in people[survey.programme_id]:
        if survey.timing == Survey.Timing.FIRST_MEETING:
            found = occasions_for(survey, invitee)
        elif survey.asks(invitee.role):
            found = [o for o in dated if invitee.joined_on <= o.closes_on]
        else:
            found = []
        today = jobs.local_date(now, invitee.zone)
        for occasion in found:
            which = due_occasion(occasion, today)
            if which is None or (survey.pk, occasion.key, invitee.user_id) in answered:
                continue
            closing = which.endswith(survey_emails.CLOSING)
            day = occasion.closes_on - timedelta(days=reminder_days_before())
            if jobs.morning_of(day if closing else occasion.opens_on, invitee.zone, now):
                due.append(jobs.Due(invitee.user_id, _about(survey.pk), which, survey.programme_id))
    return due


def send_survey_due(delivery: Delivery) -> None:
    to = delivery.recipient
    key, closing = delivery.occasion, delivery.occasion.endswith(survey_emails.CLOSING)
    if closing:
        key = key.removesuffix(survey_emails.CLOSING)
    survey = (
        Survey.objects.filter(pk=jobs.about_pk(delivery), status=Survey.Status.PUBLISHED)
        .select_related("programme")
        .first()
    )
    invitee = next(iter(invitees([survey.programme_id], to)), None) if survey else None
    occasion = occasion_of(survey, key, invitee) if invitee and invitee.remindable else None
    today = jobs.local_date(timezone.now(), to.time_zone)
    if (
        occasion is None
        or due_occasion(occasion, today) != delivery.occasion
        or SurveyReceipt.objects.filter(survey=survey, occasion=key, user=to).exists()
    ):
        jobs.drop(delivery)  # answered, closed, paused, left, or the survey withdrawn
        return
    survey_emails.survey_due(to=to, survey=survey, occasion=occasion, closing=closing)


jobs.register(
    jobs.Job(
        name=JOB,
        email=survey_emails.SURVEY_DUE,
        label=_("Programme survey open, and closing soon"),
        timing=_(
            "9:00 in each invited member's time zone on the day a survey opens, and "
            "SURVEY_REMINDER_DAYS_BEFORE (3) days before it closes, until they answer"
        ),
        find=find_surveys_due,
        send=send_survey_due,
    )
)
