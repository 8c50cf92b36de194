"""Every planning URL of the meetings, read and written by every role: the member, the
other member of the same relationship, a member of another relationship, a coordinator
of the programme and of another, an anonymous visitor."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from meetings import services
from meetings.models import Meeting, Series
from meetings.services import Repeat
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.tests.conftest import ROLES, as_

from .conftest import at

pytestmark = pytest.mark.django_db
PLACE = "Adam's café <b>"


@pytest.fixture
def world(soon, pair, elsewhere):
    match, mentor, mentee = pair
    meeting = services.meeting_propose(
        member=mentee, starts_at=at(soon, 60), minutes=60, format="in_person", place=PLACE
    )
    past = services.meeting_propose(
        member=mentee,
        starts_at=timezone.now() - timedelta(days=1),
        minutes=60,
        format="video",
        place=PLACE,
    )
    services.meeting_accept(member=mentor, meeting=past)
    series = services.series_create(
        member=mentee,
        repeat=Repeat(at(soon, 70), "weekly", soon.starts_on + timedelta(days=90)),
        minutes=60,
        format="video",
        place=PLACE,
    )
    coordinator = UserFactory(is_staff=True)
    coordinator_grant(user=coordinator, programme=soon)
    other_coordinator = UserFactory(is_staff=True)
    coordinator_grant(user=other_coordinator, programme=ProgrammeFactory())
    users = {
        "member": mentee.enrolment.user,
        "other_member": mentor.enrolment.user,
        "member_elsewhere": elsewhere.members.get(role="mentee").enrolment.user,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "anon": None,
    }
    return {
        "match": match,
        "meeting": meeting,
        "past": past,
        "series": series,
        "occurrence": series.meetings.order_by("starts_at").first(),
        "users": users,
    }


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def path(world, name: str, on: str | None = None) -> str:
    kwargs = {"pk": world["match"].pk}
    if name == "series_change":
        kwargs["series"] = world["series"].pk
    elif on is not None:
        kwargs["meeting"] = world[on].pk
    return reverse(f"meetings:{name}", kwargs=kwargs)


PAGES = [
    ("list", None),
    ("new", None),
    ("log", None),
    ("series_new", None),
    ("series_change", None),
    ("detail", "meeting"),
    ("change", "meeting"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "on"), PAGES)
def test_only_the_members_open_the_meeting_pages(client, world, role, name, on):
    response = as_(client, world["users"][role]).get(path(world, name, on))

    if role == "anon":
        assert signed_out(response)
    elif role in ("member", "other_member"):
        assert response.status_code == 200
        if name in ("list", "detail", "change"):
            assert "Adam&#x27;s café &lt;b&gt;" in response.text
    else:
        assert response.status_code == 404
        assert "Adam" not in response.text


def _state():
    return list(
        Meeting.objects.order_by("pk").values_list("status", "starts_at", "place", "sequence")
    ), Series.objects.count()


ACTIONS = [
    ("accept", "meeting", {}),
    ("cancel", "meeting", {"reason": "Changed by a stranger"}),
    ("skip", "occurrence", {}),
    ("held", "past", {"minutes": "30"}),
    ("missed", "past", {}),
    (
        "change",
        "meeting",
        {"day": "2027-01-01", "start": "09:00", "minutes": "60", "format": "video"},
    ),
    ("new", None, {"day": "2027-01-01", "start": "09:00", "minutes": "60", "format": "video"}),
]


@pytest.mark.parametrize("role", ["member_elsewhere", "coordinator", "other_coordinator", "anon"])
@pytest.mark.parametrize(("name", "on", "data"), ACTIONS)
def test_nobody_outside_the_relationship_changes_a_meeting(client, world, role, name, on, data):
    before = _state()

    response = as_(client, world["users"][role]).post(path(world, name, on), data)

    assert signed_out(response) if role == "anon" else response.status_code == 404
    assert _state() == before


def test_the_other_member_accepts_and_the_proposer_cannot_accept_their_own(client, world):
    meeting = world["meeting"]
    as_(client, world["users"]["member"]).post(path(world, "accept", "meeting"), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PROPOSED

    page = as_(client, world["users"]["other_member"]).post(
        path(world, "accept", "meeting"), follow=True
    )

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert "You have accepted. The meeting is planned." in page.text


@pytest.mark.parametrize("bad", ["0", "999999", "²", "1" * 30, "-1"])
def test_forged_meeting_and_series_ids_are_404(client, world, bad):
    client.force_login(world["users"]["member"])
    match = world["match"].pk
    for name in ("detail", "change", "accept", "cancel", "held"):
        url = reverse(f"meetings:{name}", kwargs={"pk": match, "meeting": "0"})
        url = url.replace("/meetings/0/", f"/meetings/{bad}/")
        response = client.post(url) if name in ("accept", "cancel", "held") else client.get(url)
        assert response.status_code == 404
    url = reverse("meetings:series_change", kwargs={"pk": match, "series": "0"})
    assert client.get(url.replace("/series/0/", f"/series/{bad}/")).status_code == 404


def test_a_meeting_of_another_relationship_is_404_even_for_a_member(client, world, elsewhere):
    bo = elsewhere.members.get(role="mentee")
    theirs = services.meeting_propose(
        member=bo, starts_at=world["meeting"].starts_at, minutes=60, format="video"
    )
    client.force_login(world["users"]["member"])

    url = reverse("meetings:detail", kwargs={"pk": world["match"].pk, "meeting": theirs.pk})

    assert client.get(url).status_code == 404
    assert (
        client.post(url.replace("/" + str(theirs.pk) + "/", f"/{theirs.pk}/cancel/")).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == Meeting.Status.PROPOSED
