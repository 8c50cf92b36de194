"""Every participant URL that moved apps, asked by every role DESIGN.md names: the member
it belongs to, another member of the programme, a member elsewhere, a coordinator of the
programme and of another, and an anonymous visitor. Each answer is checked for what it
shows, not only for its status."""

import pytest
from django.urls import reverse

from events.models import RSVP
from events.tests.factories import EventFactory
from intake.models import Application
from intake.tests.factories import ApplicationFactory
from programs.models import Enrolment, Programme
from programs.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db
ROLES = ["member", "other_member", "member_elsewhere", "coordinator", "other_coordinator", "anon"]


@pytest.fixture
def world(programme, other_programme, mentee, other_mentee, coordinator, other_coordinator):
    from accounts.tests.factories import UserFactory

    programme.status = Programme.Status.MATCHING
    programme.save()
    other_member = UserFactory(display_name="Olga Other")
    EnrolmentFactory(programme=programme, user=other_member, role=Enrolment.Role.MENTEE)
    application = ApplicationFactory(
        programme=programme, user=mentee, about_me="Adam's own words", status="submitted"
    )
    event = EventFactory(programme=programme, title="Kick-off evening", capacity=5)
    users = {
        "member": mentee,
        "other_member": other_member,
        "member_elsewhere": other_mentee,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "anon": None,
    }
    return {"users": users, "application": application, "event": event, "programme": programme}


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_my_programmes_shows_each_person_their_own(client, world, role):
    response = as_(client, world["users"][role]).get(reverse("dashboard:mine"))

    if role == "anon":
        assert sent_to_sign_in(response)
        return
    assert response.status_code == 200
    shows_programme = world["programme"].name in response.text
    assert shows_programme is (role in ("member", "other_member", "coordinator"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["application", "application_edit"])
def test_an_application_is_its_applicants_alone(client, world, role, page):
    application = world["application"]
    response = as_(client, world["users"][role]).get(
        reverse(f"intake:{page}", args=[application.pk])
    )

    if role == "anon":
        assert sent_to_sign_in(response)
    elif role == "member" and page == "application_edit":
        # Intake has closed: the applicant is sent to their application, told why.
        assert response["Location"] == reverse("intake:application", args=[application.pk])
    elif role == "member":
        assert response.status_code == 200 and "Adam&#x27;s own words" in response.text
    else:  # coordinators review applications in the admin, not on the applicant's page
        assert response.status_code == 404
        assert "Adam" not in response.text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["application_withdraw", "application_reopen"])
def test_only_the_applicant_withdraws_or_reopens(client, world, role, action):
    application = world["application"]
    response = as_(client, world["users"][role]).post(
        reverse(f"intake:{action}", args=[application.pk])
    )

    application.refresh_from_db()
    if role == "member":
        assert response.status_code == 302
    else:
        assert sent_to_sign_in(response) if role == "anon" else response.status_code == 404
        assert application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["detail", "calendar"])
def test_an_event_is_for_its_programmes_people(client, world, role, page):
    response = as_(client, world["users"][role]).get(
        reverse(f"events:{page}", args=[world["event"].pk])
    )

    if role == "anon":
        assert sent_to_sign_in(response)
    elif role in ("member", "other_member", "coordinator"):
        assert response.status_code == 200
        assert b"Kick-off evening" in response.content
    else:
        assert response.status_code == 404
        assert b"Kick-off evening" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programmes_participants_answer_an_event(client, world, role):
    user = world["users"][role]
    response = as_(client, user).post(
        reverse("events:rsvp", args=[world["event"].pk]), {"response": "going"}
    )

    going = set(RSVP.objects.filter(status=RSVP.Status.GOING).values_list("user", flat=True))
    if role in ("member", "other_member"):
        assert response.status_code == 302 and going == {user.pk}
    elif role == "anon":
        assert sent_to_sign_in(response) and not going
    else:  # a coordinator looks but does not answer; others get 404
        assert response.status_code in (302, 404) and not going


@pytest.mark.parametrize("role", ROLES)
def test_wishes_are_each_participants_own_page(client, world, role):
    response = as_(client, world["users"][role]).get(
        reverse("matching:wishes", args=[world["programme"].slug])
    )

    if role == "anon":
        assert sent_to_sign_in(response)
    elif role in ("member", "other_member"):
        assert response.status_code == 200
        assert world["programme"].name in response.text
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_sign_in_and_its_shortcut(client, world, role):
    user = world["users"][role]
    login = as_(client, user).get("/admin/login/?next=/admin/")
    shortcut = client.get(f"/admin/r/1/{world['programme'].pk}/")

    assert shortcut.status_code == 404
    if role == "anon":
        assert login["Location"] == reverse("account_login") + "?next=/admin/"
    elif user.is_staff:  # a coordinator already signed in goes on to the admin
        assert login["Location"] == "/admin/"
    else:
        assert login.status_code == 403 and "For coordinators only" in login.text


@pytest.mark.parametrize("role", ROLES)
def test_the_benchmarks_bare_view_is_served_to_nobody_unless_benchmarking(client, world, role):
    # Only benchmarks/pages.py turns it on (BENCHMARK=1, never in production).
    response = as_(client, world["users"][role]).get("/__benchmark__/bare/")

    assert response.status_code == 404
    assert "bare" not in response.text.lower()
