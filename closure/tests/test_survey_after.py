"""The survey "N months after the end" counts from the day the programme was closed —
what a coordinator means by its end — and asks the members of the relationships the
closing completed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from evaluations.survey_models import Survey
from evaluations.survey_occasions import AFTER, programme_occasions
from evaluations.survey_reminders import find_surveys_due
from evaluations.tests.survey_factories import SurveyFactory
from programs.models import Programme

from . import closing_fixtures as fixtures

running, pair, close = fixtures.running, fixtures.pair, fixtures.close

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def six_months_after(running):
    Programme.objects.filter(pk=running.pk).update(
        starts_on=date(2027, 1, 10), ends_on=date(2027, 6, 30)
    )
    running.refresh_from_db()
    return SurveyFactory(
        programme=running,
        timing=Survey.Timing.AFTER,
        months_after=6,
        status=Survey.Status.PUBLISHED,
        audience="everyone",
    )


def test_before_the_closing_it_counts_from_the_planned_end(six_months_after, running):
    [occasion] = programme_occasions(six_months_after, running)
    assert occasion.key == AFTER and occasion.opens_on == date(2027, 12, 30)


def test_it_counts_from_the_day_the_programme_was_closed(
    six_months_after, running, pair, django_capture_on_commit_callbacks
):
    # Closed a week late, at noon by the site's clock.
    with time_machine.travel(datetime(2027, 7, 7, 12, tzinfo=STOCKHOLM), tick=False):
        close(running, capture=django_capture_on_commit_callbacks)
    survey = Survey.objects.select_related("programme").get(pk=six_months_after.pk)
    [occasion] = programme_occasions(survey)
    assert occasion.opens_on == date(2028, 1, 7)


def test_the_members_the_closing_completed_are_asked_on_its_day(
    six_months_after, running, pair, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2027, 7, 7, 12, tzinfo=STOCKHOLM), tick=False):
        close(running, capture=django_capture_on_commit_callbacks)
    _match, mentor, mentee = pair
    with time_machine.travel(datetime(2028, 1, 7, 9, 5, tzinfo=STOCKHOLM), tick=False):
        due = find_surveys_due(datetime(2028, 1, 7, 9, 5, tzinfo=STOCKHOLM))
    assert {d.recipient_id for d in due} >= {
        mentor.enrolment.user_id,
        mentee.enrolment.user_id,
    }
    assert {d.occasion for d in due} == {AFTER}
