"""The coordinators' side of closing: the closing settings on the programme's page, the
"Close programme" page (what is still open first, then the step itself), the alumni list,
and completing one relationship by hand."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from evaluations.services import follow_up_ask
from intake.tests.factories import person
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match
from relationships.services import match_create, match_pause
from resources.tests.factories import ResourceFactory

from ..alumni_models import Alumnus
from ..closing_models import ProgrammeClosing
from . import closing_fixtures as fixtures

ROLES, as_, close = fixtures.ROLES, fixtures.as_, fixtures.close
running, pair, elsewhere, users = (
    fixtures.running,
    fixtures.pair,
    fixtures.elsewhere,
    fixtures.users,
)
ceremony, next_programme = fixtures.ceremony, fixtures.next_programme

pytestmark = pytest.mark.django_db


def close_url(programme) -> str:
    return reverse("admin:programs_programme_close", args=[programme.pk])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programmes_coordinators_open_its_close_page(client, users, running, role):
    response = as_(client, users[role]).get(close_url(running))
    if role == "coordinator":
        assert response.status_code == 200
        assert "Still open" in response.content.decode()
        assert "Close the programme" in response.content.decode()
    elif role == "other_coordinator":
        assert response.status_code == 404
    else:  # participants and the anonymous are sent to sign in, and shown nothing
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("odd", ["999999999999999999999", "²", "abc", "%00"])
def test_an_odd_programme_id_on_the_close_page_is_404(client, users, odd):
    client.force_login(users["coordinator"])
    response = client.get(f"/admin/programs/programme/{odd}/close/")
    assert response.status_code == 404


def test_the_programme_page_offers_the_close_tool_and_the_closing_settings(client, users, running):
    client.force_login(users["coordinator"])
    page = client.get(reverse("admin:programs_programme_change", args=[running.pk]))
    html = page.content.decode()
    assert close_url(running) in html
    assert "closing-group" in html
    assert "certificate_needs_meetings" in html


def test_the_closing_settings_offer_published_resources_and_the_coordinators_programmes(
    client, users, running, other_coordinator
):
    mine = ResourceFactory(programme=running, title="Going on alone")
    draft = ResourceFactory(programme=running, title="Draft guide", published=False)
    foreign = ResourceFactory(programme=ProgrammeFactory(), title="Their guide")
    shared = ResourceFactory(programme=None, title="For everyone")
    later = ProgrammeFactory(name="Leaders 2028")
    coordinator_grant(user=users["coordinator"], programme=later)
    theirs = ProgrammeFactory(name="Not mine at all")
    client.force_login(users["coordinator"])
    html = client.get(reverse("admin:programs_programme_change", args=[running.pk])).content
    html = html.decode()
    assert mine.title in html and shared.title in html
    assert draft.title not in html and foreign.title not in html
    assert "Leaders 2028" in html and theirs.name not in html
    choices = html.split('name="closing-0-next_programme"')[1].split("</select>")[0]
    assert "Leaders 2027" not in choices  # not its own next programme


def test_the_close_page_lists_what_is_still_open_first(client, users, running, pair, elsewhere):
    match, _mentor, _mentee = pair
    Programme.objects.filter(pk=running.pk).update(agreement_required=True)
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ACTIVE)
    match_pause(
        match=elsewhere, by=None, until=timezone.localdate() + timedelta(days=9), reason="Away"
    )
    MeetingFactory(match=match, status=Meeting.Status.HELD)
    follow_up_ask(match=match, due_on=timezone.localdate(), by=None)
    forming = match_create(
        programme=running,
        mentor=person(running, Enrolment.Role.MENTOR, "Fia Form"),
        mentees=[person(running, Enrolment.Role.MENTEE, "Gus Gap")],
        origin="manual",
        by=None,
    )
    Match.objects.filter(pk=forming.pk).update(status=Match.Status.FORMING)
    client.force_login(users["coordinator"])
    html = client.get(close_url(running)).content.decode()
    assert html.index("Still open") < html.index("Close the programme")
    assert "1 relationship is still forming" in html
    assert "1 relationship is active." in html
    assert "1 relationship is paused." in html
    assert "3 agreements are not signed by everyone." in html
    assert "4 members have had no meeting held." in html
    assert "Gus Gap" in html and "Adam Adept" not in html.split("no meeting held")[1][:200]
    assert "1 follow-up is due or overdue." in html
    assert "There is no closing ceremony." in html


def test_the_close_page_names_the_closing_ceremony(client, users, running, ceremony):
    client.force_login(users["coordinator"])
    html = client.get(close_url(running)).content.decode()
    assert "Closing ceremony 2027" in html
    assert "everyone is invited by e-mail when you close" in html


def test_closing_from_the_page_closes_and_says_what_was_done(
    client, users, running, pair, ceremony, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users["coordinator"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(close_url(running), {"confirm": "close"}, follow=True)
    html = response.content.decode()
    assert "is closed: 2 relationships were completed." in html
    assert "Everyone is being invited to the closing ceremony" in html
    running.refresh_from_db()
    assert running.status == Programme.Status.CLOSED
    # Adam, Maja, Bo and Nils: each invited to the ceremony and to their closing reflection.
    assert sorted("/closing/" in m.body for m in mailoutbox) == [False] * 4 + [True] * 4
    again = client.post(close_url(running), {"confirm": "close"}, follow=True)
    assert "closed already; nothing was changed" in again.content.decode()
    assert "This programme is closed" in client.get(close_url(running)).content.decode()
    assert len(mailoutbox) == 8  # nothing more


def test_a_post_without_the_confirmation_closes_nothing(client, users, running, pair):
    client.force_login(users["coordinator"])
    client.post(close_url(running), {})
    running.refresh_from_db()
    assert running.status == Programme.Status.RUNNING


def test_another_programmes_coordinator_cannot_close_it(client, users, running, pair):
    client.force_login(users["other_coordinator"])
    assert client.post(close_url(running), {"confirm": "close"}).status_code == 404
    running.refresh_from_db()
    assert running.status == Programme.Status.RUNNING


def _relationships(programme, count: int) -> None:
    for n in range(count):
        match = match_create(
            programme=programme,
            mentor=person(programme, Enrolment.Role.MENTOR, f"Mentor {count} {n}"),
            mentees=[person(programme, Enrolment.Role.MENTEE, f"Mentee {count} {n}")],
            origin="manual",
            by=None,
        )
        follow_up_ask(match=match, due_on=timezone.localdate(), by=None)


def test_the_close_page_reads_the_same_queries_with_more_relationships(
    client, users, running, django_assert_num_queries
):
    client.force_login(users["coordinator"])
    _relationships(running, 2)
    client.get(close_url(running))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(close_url(running))
    _relationships(running, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(close_url(running))


# --- The alumni ------------------------------------------------------------------------


def test_coordinators_see_their_own_programmes_alumni_only(client, users, running):
    mine = Alumnus.objects.create(user=UserFactory(display_name="Ada Alum"), programme=running)
    Alumnus.objects.create(user=UserFactory(display_name="Zed Other"), programme=ProgrammeFactory())
    client.force_login(users["coordinator"])
    html = client.get(reverse("admin:closure_alumnus_changelist")).content.decode()
    assert "Ada Alum" in html and "Zed Other" not in html
    page = client.get(reverse("admin:closure_alumnus_change", args=[mine.pk]))
    assert page.status_code == 200
    assert 'name="invite_as_mentor"' not in page.content.decode()  # view only
    client.force_login(users["other_coordinator"])
    found = client.get(reverse("admin:closure_alumnus_change", args=[mine.pk]))
    assert found.status_code == 302  # Django's missing-object redirect: nothing shown


def test_the_invite_action_sends_to_alumni_not_yet_invited(
    client, users, running, pair, next_programme, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = pair
    maja = mentor.enrolment.user
    alumnus = Alumnus.objects.create(user=maja, programme=running, invite_as_mentor=True)
    Alumnus.objects.create(user=_mentee.enrolment.user, programme=running, invite_as_mentor=False)
    client.force_login(users["coordinator"])
    data = {"action": "invite_to_next_programme", "_selected_action": [alumnus.pk]}
    url = reverse("admin:closure_alumnus_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)
    assert "1 alumnus is being invited" in response.content.decode()
    assert [m.to[0] for m in mailoutbox] == [maja.email]
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, data, follow=True)
    assert "0 alumni are being invited" in again.content.decode()
    assert len(mailoutbox) == 1


def test_the_close_page_button_invites_alumni_to_the_next_programme(
    client, users, running, pair, next_programme, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, _mentee = pair
    Alumnus.objects.create(user=mentor.enrolment.user, programme=running)
    client.force_login(users["coordinator"])
    assert "Invite alumni to the next programme" in client.get(close_url(running)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(close_url(running), {"confirm": "invite_alumni"}, follow=True)
    assert "1 alumnus is being invited" in response.content.decode()
    assert len(mailoutbox) == 1
    assert "Leaders 2028" in mailoutbox[0].subject


# --- Completing one relationship by hand -------------------------------------------------


def complete_url(match) -> str:
    return reverse("admin:relationships_match_complete", args=[match.pk])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programmes_coordinators_open_mark_completed(client, users, pair, role):
    match, _mentor, _mentee = pair
    response = as_(client, users[role]).get(complete_url(match))
    if role == "coordinator":
        assert response.status_code == 200
        assert "This match will be completed now" in response.content.decode()
    elif role == "other_coordinator":
        assert response.status_code == 404
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_mark_completed_completes_the_match(client, users, pair):
    match, _mentor, _mentee = pair
    client.force_login(users["coordinator"])
    change = client.get(reverse("admin:relationships_match_change", args=[match.pk]))
    assert complete_url(match) in change.content.decode()
    response = client.post(complete_url(match), {"complete_confirmed": "1"}, follow=True)
    assert "1 match is completed" in response.content.decode()
    match.refresh_from_db()
    assert match.status == Match.Status.COMPLETED
    assert match.ended_by == users["coordinator"]
    assert client.get(complete_url(match)).content.decode().count("nothing to complete") == 1


def test_mark_completed_as_a_list_action_asks_first(client, users, pair, elsewhere):
    match, _mentor, _mentee = pair
    client.force_login(users["coordinator"])
    url = reverse("admin:relationships_match_changelist")
    data = {"action": "mark_completed", "_selected_action": [match.pk, elsewhere.pk]}
    asked = client.post(url, data)
    assert "These 2 matches will be completed now" in asked.content.decode()
    assert Match.objects.filter(status=Match.Status.COMPLETED).count() == 0
    client.post(url, {**data, "complete_confirmed": "1"})
    assert Match.objects.filter(status=Match.Status.COMPLETED).count() == 2


def test_programme_closing_settings_are_one_per_programme(running):
    ProgrammeClosing.objects.create(programme=running)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeClosing.objects.create(programme=running)
