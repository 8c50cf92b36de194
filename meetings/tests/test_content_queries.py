"""The meeting page costs the same number of queries with 1 agenda item, note and action
item as with 30, and in a group of 2 as of 16 (asserted, not hoped)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goals.tests.factories import GoalFactory
from intake.tests.factories import person
from meetings import services
from meetings.models import ActionItem, AgendaItem
from meetings.services import content
from meetings.tests.factories import TopicFactory
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import MatchMember
from relationships.services import match_create

pytestmark = pytest.mark.django_db


def queries(client, url: str, shows: str) -> int:
    client.get(url)  # the session and the caches, warmed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert shows in response.text
    return len(captured)


def fill(meeting, members, start: int, count: int) -> None:
    """``count`` agenda items (every other from the bank) and action items, spread over
    ``members``."""
    topic = TopicFactory(programme=meeting.match.programme)
    for n in range(start, start + count):
        author = members[n % len(members)]
        AgendaItem.objects.create(
            meeting=meeting,
            author=author,
            text=topic.title if n % 2 else f"Topic number {n}",
            topic=topic if n % 2 else None,
            position=n,
        )
        ActionItem.objects.create(
            meeting=meeting, author=author, owner=members[(n + 1) % len(members)], text=f"Do {n}"
        )


def test_one_item_or_thirty_cost_the_same(client, held, pair, soon):
    match, mentor, mentee = pair
    GoalFactory(match=match, target_date=soon.ends_on)
    GoalFactory(match=match, target_date=soon.ends_on, visibility="private")
    for member in (mentee, mentor):
        content.note_save(member=member, meeting=held, private=False, text=f"Shared {member.pk}")
        content.note_save(member=member, meeting=held, private=True, text=f"Mine {member.pk}")
    url = reverse("meetings:detail", kwargs={"pk": match.pk, "meeting": held.pk})
    counts = {}
    for total in (1, 30):
        fill(held, [mentee, mentor], AgendaItem.objects.count(), total - AgendaItem.objects.count())
        for reader in (mentee, mentor):
            client.force_login(reader.enrolment.user)
            counts[total, reader.role] = queries(client, url, "Topic number 0")

    assert AgendaItem.objects.count() == ActionItem.objects.count() == 30
    assert counts[1, "mentee"] == counts[30, "mentee"]
    assert counts[1, "mentor"] == counts[30, "mentor"]


@pytest.fixture
def group(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Group 2027",
        kind=Programme.Kind.GROUP,
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    mentor = person(programme, Enrolment.Role.MENTOR, "Greta Guide", capacity=15)
    mentees = [person(programme, name=f"Mentee Number{n}") for n in range(15)]
    return programme, mentor, mentees


def test_two_members_or_sixteen_with_their_notes_cost_the_same(client, group):
    programme, mentor, mentees = group
    match = match_create(
        programme=programme, mentor=mentor, mentees=mentees[:1], origin="manual", by=None
    )
    leader = MatchMember.objects.get(match=match, role="mentor")
    first = MatchMember.objects.get(match=match, enrolment=mentees[0])
    meeting = services.meeting_log(
        member=leader,
        starts_at=timezone.now() - timedelta(days=1),
        minutes=90,
        format="in_person",
    )
    url = reverse("meetings:detail", kwargs={"pk": match.pk, "meeting": meeting.pk})

    counts = {}
    for size in (2, 16):
        if size == 16:
            match_create(
                programme=programme,
                mentor=mentor,
                mentees=mentees[1:],
                into=match,
                origin="manual",
                by=None,
            )
        members = list(MatchMember.objects.filter(match=match))
        for member in members:
            for private in (False, True):
                content.note_save(
                    member=member, meeting=meeting, private=private, text=f"Note {member.pk}"
                )
        fill(meeting, members, 10 * size, 2)
        GoalFactory(match=match, author=first, target_date=programme.ends_on)
        assert len(members) == size and meeting.notes.count() == 2 * size
        for reader in (leader, first):
            client.force_login(reader.enrolment.user)
            counts[size, reader.role] = queries(client, url, "Topic number 20")

    assert counts[2, "mentor"] == counts[16, "mentor"]
    assert counts[2, "mentee"] == counts[16, "mentee"]
