import itertools
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_home_lists_programmes_open_for_intake_only(client):
    ProgrammeFactory(name="Open Spring", status=Programme.Status.INTAKE_OPEN)
    ProgrammeFactory(name="Secret Draft", status=Programme.Status.DRAFT)
    ProgrammeFactory(name="Busy Running", status=Programme.Status.RUNNING)

    page = client.get(reverse("programs:home")).content.decode()

    assert "Open Spring" in page
    assert "Secret Draft" not in page
    assert "Busy Running" not in page


def test_home_page_renders_in_swedish(client):
    ProgrammeFactory(name="Vårprogrammet")

    response = client.get(reverse("programs:home"), HTTP_ACCEPT_LANGUAGE="sv")

    page = response.content.decode()
    assert response["Content-Language"] == "sv"
    assert '<html lang="sv">' in page
    assert "Program som tar emot ansökningar" in page
    assert "Hoppa till huvudinnehållet" in page


def test_home_page_has_a_skip_link_and_a_language_switcher(client):
    page = client.get(reverse("programs:home")).content.decode()

    assert 'href="#main"' in page
    assert 'name="language" value="sv"' in page


def test_static_bootstrap_comes_from_the_installed_package(client):
    page = client.get(reverse("programs:home")).content.decode()

    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower()


@pytest.mark.parametrize("status", [Programme.Status.DRAFT, Programme.Status.RUNNING])
def test_outsider_gets_404_for_a_programme_not_open_to_them(client, outsider, status):
    hidden = ProgrammeFactory(status=status)
    client.force_login(outsider)

    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_coordinator_of_another_programme_gets_404_for_a_running_one(
    client, programme, other_coordinator
):
    programme.status = Programme.Status.RUNNING
    programme.save()
    client.force_login(other_coordinator)

    assert client.get(programme.get_absolute_url()).status_code == 404


def test_anonymous_visitor_gets_404_for_a_draft(client):
    assert client.get(ProgrammeFactory(status="draft").get_absolute_url()).status_code == 404


def test_missing_programme_answers_404(client):
    assert client.get(reverse("programs:detail", args=["no-such-thing"])).status_code == 404


def test_members_and_coordinators_see_their_running_programme(
    client, programme, mentor, coordinator
):
    programme.status = Programme.Status.RUNNING
    programme.save()

    for person in (mentor, coordinator):
        client.force_login(person)
        assert client.get(programme.get_absolute_url()).status_code == 200


def test_programme_page_states_the_commitment(client):
    programme = ProgrammeFactory(min_meetings=12, meeting_length_minutes=90)

    page = client.get(programme.get_absolute_url()).content.decode()

    assert "At least 12 meetings of about 90 minutes each" in page


def test_my_programmes_lists_only_my_enrolments(client, mentor, programme, other_programme):
    EnrolmentFactory(programme=other_programme)
    client.force_login(mentor)

    page = client.get(reverse("dashboard:mine")).content.decode()

    assert programme.name in page
    assert "Mentor" in page
    assert other_programme.name not in page


def test_my_programmes_shows_a_coordinator_their_programmes(client, coordinator, programme):
    client.force_login(coordinator)

    page = client.get(reverse("dashboard:mine")).content.decode()

    assert "Programmes you coordinate" in page
    assert reverse("admin:programs_programme_change", args=[programme.pk]) in page


def test_my_programmes_needs_a_signed_in_person(client):
    response = client.get(reverse("dashboard:mine"))

    assert response.status_code == 302


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


_serial = itertools.count()


def _programmes(count: int, **fields) -> list[Programme]:
    start = date(2027, 1, 1)
    return Programme.objects.bulk_create(
        Programme(
            name=f"Bulk {i}",
            slug=f"bulk-{i}",
            starts_on=start,
            ends_on=start + timedelta(days=100),
            midpoint_on=start + timedelta(days=50),
            **fields,
        )
        for i in itertools.islice(_serial, count)
    )


def test_home_queries_do_not_grow_with_programmes(client):
    _programmes(10, status=Programme.Status.INTAKE_OPEN)
    few = _queries(client, reverse("programs:home"))
    _programmes(990, status=Programme.Status.INTAKE_OPEN)

    assert _queries(client, reverse("programs:home")) == few


def test_my_programmes_queries_do_not_grow_with_enrolments(client, outsider):
    for programme in _programmes(10, status=Programme.Status.RUNNING):
        EnrolmentFactory(programme=programme, user=outsider)
    client.force_login(outsider)
    few = _queries(client, reverse("dashboard:mine"))
    from programs.models import Enrolment

    Enrolment.objects.bulk_create(
        Enrolment(programme=p, user=outsider, role="mentee")
        for p in _programmes(990, status=Programme.Status.CLOSED)
    )

    assert _queries(client, reverse("dashboard:mine")) == few


def test_coordinators_reach_each_programmes_applications_from_my_programmes(
    client, coordinator, programme
):
    client.force_login(coordinator)
    page = client.get(reverse("dashboard:mine")).content.decode()
    link = reverse("admin:intake_application_changelist") + f"?programme__id__exact={programme.pk}"
    assert link in page
    assert client.get(link).status_code == 200


# --- A link to a programme whose intake has closed -----------------------------------
@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("link", ["page", "apply"])
def test_a_closed_intake_link_says_so_and_points_to_the_open_programmes(client, signed_in, link):
    closed = ProgrammeFactory(
        name="Autumn leaders",
        status=Programme.Status.RUNNING,
        application_deadline=date(2026, 9, 15),
    )
    ProgrammeFactory(name="Spring leaders", status=Programme.Status.INTAKE_OPEN)
    ProgrammeFactory(name="Secret draft", status=Programme.Status.DRAFT)
    if signed_in:
        from accounts.tests.factories import UserFactory

        client.force_login(UserFactory())
    url = (
        reverse("programs:detail", args=[closed.slug])
        if link == "page"
        else reverse("intake:apply", args=[closed.slug, "mentee"])
    )

    response = client.get(url)

    assert response.status_code == 404
    page = response.content.decode()
    assert "Autumn leaders" in page
    assert re.search(r"its intake closed on [^<]*2026\.", page)
    assert "Spring leaders" in page
    assert "Secret draft" not in page
    assert ("sign in to see it" in page) is not signed_in


def test_a_draft_stays_unknown_and_a_member_still_sees_a_running_programme(client):
    draft = ProgrammeFactory(name="Secret draft", status=Programme.Status.DRAFT)
    running = ProgrammeFactory(name="Autumn leaders", status=Programme.Status.RUNNING)
    member = EnrolmentFactory(programme=running).user

    response = client.get(reverse("programs:detail", args=[draft.slug]))
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()
    assert "no longer takes applications" not in response.content.decode()

    client.force_login(member)
    response = client.get(reverse("programs:detail", args=[running.slug]))
    assert response.status_code == 200
    assert "no longer takes applications" not in response.content.decode()


def test_the_closed_intake_page_is_in_swedish_for_a_swedish_reader(client):
    closed = ProgrammeFactory(status=Programme.Status.MATCHING, application_deadline=None)

    page = client.get(
        reverse("programs:detail", args=[closed.slug]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()

    assert "tar inte längre emot ansökningar" in page
