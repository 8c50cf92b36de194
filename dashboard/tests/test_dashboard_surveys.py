"""Surveys on the coordinators' dashboard and in its export: rates and scores, an
anonymous survey's figures hidden below three answers, no free text anywhere."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.tests.survey_fixtures import add_pairs, answer, make_survey

from .conftest import as_


@pytest.fixture
def midpoint_today(running):
    today = timezone.localdate()
    running.starts_on, running.ends_on = today - timedelta(days=60), today + timedelta(days=60)
    running.midpoint_on = today
    running.save()
    return running


def rows_of(client, running, name="surveys"):
    url = reverse("admin:dashboard_programme_export", args=[running.pk, name, "csv"])
    return list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))


def test_an_anonymous_survey_shows_from_three_answers_and_never_its_texts(
    client, users, midpoint_today, pair, elsewhere
):
    running = midpoint_today
    survey = make_survey(running)
    _match, mentor, mentee = pair
    answer(survey, mentee.enrolment.user, "mentee", text="My mentor is late every time.")
    answer(survey, mentor.enrolment.user, "mentor", scale=2, text="Secret worry.")
    as_(client, users["coordinator"])
    url = reverse("admin:dashboard_programme", args=[running.pk])
    body = client.get(url).content.decode()
    assert "Hidden until three have answered" in body
    assert "2 of 4" in body
    assert "Secret worry" not in body and "late every time" not in body
    exported = rows_of(client, running)
    assert exported[1][9] == "hidden: fewer than three answers"
    assert not any("Secret worry" in cell for row in exported for cell in row)

    bo = elsewhere.members.get(role="mentee").enrolment.user
    answer(survey, bo, "mentee", scale=3)
    board = client.get(url + "?refresh=1").context["board"]
    (result,) = board.surveys
    assert (result.invited, result.answered, result.suppressed) == (4, 3, False)
    scale = next(q for q in result.questions if q.kind == "scale")
    assert scale.mean == 3.0  # (4 + 2 + 3) / 3
    assert board.nps == (3, 0, 0)
    exported = rows_of(client, running)
    by_question = {row[7]: row for row in exported[1:]}
    assert by_question["How useful are your meetings?"][10] == "3.0"
    # Two of the three wrote a text: not even how many, and never what.
    assert by_question["Anything else?"][9] == "hidden: fewer than three answers"
    assert not any("Secret worry" in cell for row in exported for cell in row)


def test_a_coordinator_elsewhere_gets_no_survey_export(client, users, midpoint_today):
    as_(client, users["other_coordinator"])
    url = reverse("admin:dashboard_programme_export", args=[midpoint_today.pk, "surveys", "csv"])
    assert client.get(url).status_code == 404


def test_surveys_keep_the_dashboards_queries_fixed(client, users, midpoint_today, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DASHBOARD_CACHE_SECONDS = 0
    survey = make_survey(midpoint_today)
    as_(client, users["coordinator"])
    url = reverse("admin:dashboard_programme", args=[midpoint_today.pk])
    client.get(url)
    counts = []
    for size in (2, 12):
        for match in add_pairs(midpoint_today, size):
            for member in match.members.all():
                answer(survey, member.enrolment.user, member.role)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert response.context["board"].surveys[0].answered == 28
