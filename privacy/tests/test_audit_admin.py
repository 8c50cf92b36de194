"""Privacy → Confidential openings: every opening, newest first, for site administrators
only; filterable; a fixed number of queries."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from evaluations.review_models import ReportRead
from evaluations.tests.factories import ParticipantReportFactory
from programs.tests.factories import ProgrammeFactory
from relationships.models import ConfidentialRead
from relationships.tests.factories import MatchFactory

from .conftest import ROLES, as_

URL = reverse("admin:privacy_confidentialopening_changelist")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def log(pair, users):
    match, _mentor, mentee = pair
    cora = users["coordinator"]
    ConfidentialRead.objects.create(
        match=match,
        reader=cora,
        item=ConfidentialRead.Item.FIT_CHECK_COMMENTS,
        read_at=datetime(2027, 3, 1, 10, tzinfo=STOCKHOLM),
    )
    report = ParticipantReportFactory(match=match, member=mentee, to_coordinator="Help")
    ReportRead.objects.create(
        report=report, reader=cora, read_at=datetime(2027, 3, 2, 11, tzinfo=STOCKHOLM)
    )
    return match


@pytest.fixture
def site_admin(db):
    return UserFactory(display_name="Sara Siteadmin", is_staff=True, is_superuser=True)


def test_site_administrators_see_every_opening_newest_first(client, site_admin, log):
    page = as_(client, site_admin).get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    table = text[text.index("<tbody>") :]
    report_at, fit_at = table.index("Participant&#x27;s report"), table.index("Fit-check comments")
    assert report_at < fit_at  # newest first
    assert "Cora Coordinator" in text and "Adam Adept" in text
    assert reverse("admin:relationships_match_change", args=[log.pk]) in text
    assert "2 openings" in text
    assert "Help" not in text  # what the report says is not here


def test_the_page_is_listed_under_privacy_for_site_administrators(client, site_admin):
    index = as_(client, site_admin).get(reverse("admin:index")).content.decode()
    assert URL in index and "Confidential openings" in index


@pytest.mark.parametrize("role", ROLES)
def test_nobody_else_sees_the_log(client, users, log, role):
    response = as_(client, users[role]).get(URL)
    if role in ("coordinator", "other_coordinator"):
        assert response.status_code == 403
        index = client.get(reverse("admin:index")).content.decode()
        assert URL not in index
    else:
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert "Fit-check comments" not in response.content.decode()


def test_only_the_list_exists(client, site_admin, log):
    as_(client, site_admin)
    assert client.get(URL + "1/change/").status_code in (302, 404)
    assert client.get(URL + "add/").status_code in (302, 404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "participant_report"}, ["Participant&#x27;s report"]),
        ({"kind": "fit_check_comments"}, ["Fit-check comments"]),
        ({"since": "2027-03-02"}, ["Participant&#x27;s report"]),
        ({"until": "2027-03-01"}, ["Fit-check comments"]),
    ],
)
def test_it_filters(client, site_admin, log, query, expected):
    text = as_(client, site_admin).get(URL, query).content.decode()
    table = text[text.index("<tbody>") :]
    for label in ("Participant&#x27;s report", "Fit-check comments"):
        assert (label in table) == (label in expected)


def test_it_filters_by_reader_and_programme(client, site_admin, log, users):
    other = UserFactory(display_name="Olle Other", is_staff=True)
    elsewhere = MatchFactory(programme=ProgrammeFactory(name="Far away"))
    ConfidentialRead.objects.create(match=elsewhere, reader=other, item="fit_check_comments")
    as_(client, site_admin)
    by_reader = client.get(URL, {"reader": other.pk}).content.decode()
    assert "1 opening" in by_reader and "Far away" in by_reader.split("<tbody>")[1]
    by_programme = client.get(URL, {"programme": log.programme.pk}).content.decode()
    assert "2 openings" in by_programme and "Far away" not in by_programme.split("<tbody>")[1]


@pytest.mark.parametrize(
    "query",
    [
        {"reader": "99999999999999999999"},
        {"programme": "²"},
        {"programme": "1\x00"},
        {"kind": "secret"},
        {"since": "yesterday"},
        {"p": "huge"},
        {"since": "2027-03-05", "until": "2027-03-01"},
        {"until": "9999-12-31"},
        {"since": "0001-01-01"},
    ],
)
def test_odd_filters_answer_with_a_message_never_a_500(client, site_admin, log, query):
    response = as_(client, site_admin).get(URL, query)
    assert response.status_code == 200


def test_the_page_costs_the_same_with_many_openings(
    client, site_admin, log, users, django_assert_num_queries
):
    as_(client, site_admin)
    client.get(URL)  # the session and the admin's first queries
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    readers = [UserFactory(is_staff=True) for _ in range(5)]
    matches = [MatchFactory(programme=log.programme) for _ in range(5)]
    ConfidentialRead.objects.bulk_create(
        ConfidentialRead(match=matches[n % 5], reader=readers[n % 5], item="fit_check_comments")
        for n in range(120)
    )
    with django_assert_num_queries(len(few)):
        page = client.get(URL).content.decode()
    assert "122 openings" in page and "Page 1 of 3" in page
