"""What comes after a programme for its members: the "after" page with the next-step
resources, joining and leaving the alumni, and the invitation back as a mentor."""

import pytest
from django.urls import reverse

from relationships.models import Match
from resources.tests.factories import ResourceFactory

from ..alumni_models import Alumnus
from ..closing_models import ProgrammeClosing
from ..transition_services import alumnus_join
from . import closing_fixtures as fixtures

ROLES, as_, close = fixtures.ROLES, fixtures.as_, fixtures.close
running, pair, elsewhere, users = (
    fixtures.running,
    fixtures.pair,
    fixtures.elsewhere,
    fixtures.users,
)
next_programme = fixtures.next_programme

pytestmark = pytest.mark.django_db


def after_url(programme, name="after") -> str:
    return reverse(f"closure:{name}", kwargs={"slug": programme.slug})


@pytest.fixture
def closed(running, users, django_capture_on_commit_callbacks, mailoutbox):
    close(running, capture=django_capture_on_commit_callbacks)
    mailoutbox.clear()
    return running


@pytest.mark.parametrize("role", ROLES)
def test_only_members_see_the_after_page_of_a_closed_programme(client, users, closed, role):
    response = as_(client, users[role]).get(after_url(closed))
    if role in ("member", "other_member", "member_elsewhere"):
        assert response.status_code == 200
        html = response.content.decode()
        assert "After Leaders 2027" in html
        assert "Join the alumni" in html
        own = Match.objects.get(members__enrolment__user=users[role])
        assert reverse("relationships:workspace", args=[own.pk]) in html
        others = Match.objects.exclude(pk=own.pk).get()
        assert reverse("relationships:workspace", args=[others.pk]) not in html
    elif role == "anon":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:  # coordinators are not members: their side is the admin
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["alumni_join", "alumni_update", "alumni_leave"])
def test_only_members_post_their_alumni_choice(client, users, closed, role, name):
    response = as_(client, users[role]).post(after_url(closed, name), {"invite_as_mentor": "on"})
    if role in ("member", "other_member", "member_elsewhere"):
        assert response.status_code == 302
        assert response["Location"] == after_url(closed)
    elif role == "anon":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404
    joined = Alumnus.objects.filter(programme=closed).values_list("user", flat=True)
    if name == "alumni_join" and role in ("member", "other_member", "member_elsewhere"):
        assert list(joined) == [users[role].pk]
    else:
        assert list(joined) == []


def test_the_after_page_is_404_while_the_relationship_goes_on(client, users, running):
    client.force_login(users["member"])
    assert client.get(after_url(running)).status_code == 404
    assert client.post(after_url(running, "alumni_join")).status_code == 404


def test_a_member_whose_relationship_ended_early_sees_it_before_the_programme_closes(
    client, users, pair, django_capture_on_commit_callbacks
):
    from relationships.services import match_end

    match, _mentor, _mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        match_end(match=match, by=None, reason="Moved")
    client.force_login(users["member"])
    assert client.get(after_url(match.programme)).status_code == 200
    client.force_login(users["member_elsewhere"])
    assert client.get(after_url(match.programme)).status_code == 404


@pytest.mark.parametrize("slug", ["no-such-programme", "%C2%B2", "x" * 300, "%00"])
def test_an_odd_programme_in_the_address_is_404(client, users, closed, slug):
    client.force_login(users["member"])
    assert client.get(f"/programmes/{slug}/after/").status_code == 404


def test_the_alumni_choices_are_posts(client, users, closed):
    client.force_login(users["member"])
    assert client.get(after_url(closed, "alumni_join")).status_code == 405


def test_the_after_page_shows_the_published_next_step_resources(client, users, closed):
    closing = ProgrammeClosing.objects.get(programme=closed)
    shown = ResourceFactory(programme=closed, title="Going on <alone>")
    hidden = ResourceFactory(programme=closed, title="Unfinished", published=False)
    closing.resources.set([shown, hidden])
    client.force_login(users["member"])
    html = client.get(after_url(closed)).content.decode()
    assert "Going on &lt;alone&gt;" in html
    assert "Unfinished" not in html


def test_joining_the_alumni_sends_the_invitation_to_the_open_next_programme(
    client, users, closed, next_programme, mailoutbox, django_capture_on_commit_callbacks
):
    maja = users["other_member"]
    client.force_login(maja)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            after_url(closed, "alumni_join"), {"invite_as_mentor": "on"}, follow=True
        )
    html = response.content.decode()
    assert "Welcome to the alumni of Leaders 2027." in html
    assert "invitation to apply as a mentor in Leaders 2028 is on its way" in html
    assert Alumnus.objects.get(user=maja).invite_as_mentor is True
    [email] = mailoutbox
    assert email.to == [maja.email]
    assert email.subject.endswith("Come back as a mentor: Leaders 2028 is open for applications")
    assert "/programmes/leaders-2028/apply/mentor/" in email.body
    assert f"/programmes/{closed.slug}/after/" in email.body
    # Leaving and joining again invites nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(after_url(closed, "alumni_leave"))
        client.post(after_url(closed, "alumni_join"), {"invite_as_mentor": "on"})
    assert len(mailoutbox) == 1


def test_a_swedish_alumnus_is_invited_in_swedish(
    users, closed, next_programme, mailoutbox, django_capture_on_commit_callbacks
):
    adam = users["member"]
    adam.preferred_language = "sv"
    adam.save()
    with django_capture_on_commit_callbacks(execute=True):
        alumnus_join(user=adam, programme=closed, invite_as_mentor=True)
    [email] = mailoutbox
    assert 'lang="sv"' in email.alternatives[0][0]
    assert "/programmes/leaders-2028/apply/mentor/" in email.body


def test_no_invitation_without_asking_or_without_an_open_next_programme(
    client, users, closed, next_programme, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users["member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(after_url(closed, "alumni_join"), {})
    assert Alumnus.objects.get(user=users["member"]).invite_as_mentor is False
    assert mailoutbox == []
    next_programme.status = "matching"
    next_programme.save()
    client.force_login(users["other_member"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            after_url(closed, "alumni_join"), {"invite_as_mentor": "on"}, follow=True
        )
    assert "We will invite you when the next programme opens" in response.content.decode()
    assert mailoutbox == []


def test_joining_twice_is_refused_with_a_message(client, users, closed):
    client.force_login(users["member"])
    client.post(after_url(closed, "alumni_join"), {"invite_as_mentor": "on"})
    response = client.post(after_url(closed, "alumni_join"), {}, follow=True)
    assert "one of this programme&#x27;s alumni already" in response.content.decode()
    assert Alumnus.objects.filter(user=users["member"]).count() == 1


def test_changing_the_choice_and_leaving(client, users, closed):
    client.force_login(users["member"])
    client.post(after_url(closed, "alumni_join"), {"invite_as_mentor": "on"})
    client.post(after_url(closed, "alumni_update"), {})
    assert Alumnus.objects.get(user=users["member"]).invite_as_mentor is False
    page = client.get(after_url(closed)).content.decode()
    assert "You have asked not to be invited back as a mentor." in page
    assert "Leave the alumni" in page
    client.post(after_url(closed, "alumni_leave"))
    assert not Alumnus.objects.filter(user=users["member"]).exists()


def test_the_workspace_and_my_programmes_lead_to_the_after_page(client, users, closed, pair):
    match, _mentor, _mentee = pair
    client.force_login(users["member"])
    workspace = client.get(reverse("relationships:workspace", args=[match.pk])).content.decode()
    assert after_url(closed) in workspace
    assert "What comes after the programme" in workspace
    mine = client.get(reverse("dashboard:mine")).content.decode()
    assert after_url(closed) in mine


def test_the_after_page_reads_a_fixed_number_of_queries(
    client, users, closed, django_assert_max_num_queries
):
    closing = ProgrammeClosing.objects.get(programme=closed)
    closing.resources.set([ResourceFactory(programme=closed) for _ in range(12)])
    client.force_login(users["member"])
    with django_assert_max_num_queries(12):
        client.get(after_url(closed))
