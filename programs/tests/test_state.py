"""The state a programme shows its participants follows its status and its dates."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from programs.models import Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

STARTS, ENDS = date(2026, 12, 15), date(2027, 5, 10)


def programme(status: str, deadline: date | None = None) -> Programme:
    return Programme(status=status, starts_on=STARTS, ends_on=ENDS, application_deadline=deadline)


@pytest.mark.parametrize(
    ("status", "today", "deadline", "english", "swedish"),
    [
        ("draft", date(2026, 10, 1), None, "Draft", "Utkast"),
        (
            "intake_open",
            date(2026, 10, 1),
            date(2026, 11, 1),
            "Open for applications",
            "Öppet för ansökningar",
        ),
        (
            "intake_open",
            date(2026, 11, 2),
            date(2026, 11, 1),
            "Applications closed",
            "Ansökningstiden är slut",
        ),
        ("matching", date(2026, 11, 20), None, "Matching", "Matchning"),
        ("running", date(2026, 12, 1), None, "Starts 15 Dec 2026", "Startar 15 dec. 2026"),
        ("running", STARTS, None, "Running", "Pågår"),
        ("running", ENDS, None, "Running", "Pågår"),
        ("running", date(2027, 5, 11), None, "Ended", "Har avslutats"),
        ("closing", date(2027, 5, 20), None, "Closing", "Avslutas"),
        ("closed", date(2027, 6, 1), None, "Closed", "Avslutat"),
    ],
)
def test_the_state_is_right_for_each_status_and_date_in_both_languages(
    status, today, deadline, english, swedish
):
    shown = programme(status, deadline)

    with translation.override("en"):
        assert shown.state_display(today) == english
    with translation.override("sv"):
        assert shown.state_display(today) == swedish


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["programme", "my programmes"])
def test_a_running_programme_that_has_not_started_does_not_say_it_is_ongoing(client, page):
    future = ProgrammeFactory(
        status=Programme.Status.RUNNING, starts_on=date(2099, 12, 15), ends_on=date(2100, 5, 10)
    )
    member = EnrolmentFactory(programme=future, user=UserFactory(preferred_language="sv")).user
    client.force_login(member)

    url = future.get_absolute_url() if page == "programme" else reverse("dashboard:mine")
    html = client.get(url).text

    assert "Startar 15 dec. 2099" in html
    assert "Pågår" not in html


@pytest.mark.django_db
def test_the_swedish_home_page_reads_naturally_and_calls_no_future_programme_ongoing(client):
    ProgrammeFactory(
        status=Programme.Status.INTAKE_OPEN, starts_on=date(2099, 12, 15), ends_on=date(2100, 5, 10)
    )

    page = client.get(reverse("programs:home"), HTTP_ACCEPT_LANGUAGE="sv").text

    assert "I ett mentorsprogram möts personer som vill utvecklas" in page
    assert "Period: 15 december 2099 – 10 maj 2100" in page
    assert "Pågår" not in page
