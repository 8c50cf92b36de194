"""My programmes shows whom each person is matched with and where to go next."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory
from relationships.models import Match, MatchMember

pytestmark = pytest.mark.django_db

MINE = reverse("dashboard:mine")


def pair(mentor: Enrolment, *mentees: Enrolment, first_place: int = 1) -> Match:
    match = Match.objects.create(programme=mentor.programme, origin=Match.Origin.MANUAL)
    MatchMember.objects.create(match=match, enrolment=mentor, role="mentor")
    for place, mentee in enumerate(mentees, start=first_place):
        MatchMember.objects.create(
            match=match, enrolment=mentee, role="mentee", mentor=mentor, place=place
        )
    return match


def test_a_matched_mentee_sees_their_mentor_and_the_workspace_but_no_address(client):
    programme = ProgrammeFactory(status=Programme.Status.RUNNING)
    mentor = person(programme, "mentor", "Maja Mentor")
    mentee = person(programme, "mentee", "Adam Adept")
    match = pair(mentor, mentee)
    client.force_login(mentee.user)

    page = client.get(MINE).text

    assert "Maja Mentor" in page
    assert "(mentor)" in page
    assert f'href="{reverse("relationships:workspace", args=[match.pk])}"' in page
    assert "maja.mentor@example.org" not in page  # shared in the workspace, if she chooses
    assert "Not matched yet" not in page


def test_a_mentor_sees_every_current_mentee_and_ended_ones_as_earlier(client):
    programme = ProgrammeFactory(status=Programme.Status.RUNNING)
    mentor = person(programme, "mentor", "Maja Mentor", capacity=3)
    pair(mentor, person(programme, "mentee", "First Mentee"))
    pair(mentor, person(programme, "mentee", "Second Mentee"), first_place=2)
    ended = pair(mentor, person(programme, "mentee", "Former Mentee"), first_place=3)
    ended.status = Match.Status.ENDED_EARLY
    ended.save()
    ended.members.update(current=False)
    client.force_login(mentor.user)

    page = client.get(MINE).text

    assert "First Mentee" in page and "Second Mentee" in page
    earlier = page[page.index("Earlier:") :]
    assert "Former Mentee" in earlier and "(ended early)" in earlier
    assert reverse("relationships:workspace", args=[ended.pk]) in earlier
    assert "Former Mentee" not in page[: page.index("Earlier:")]


def test_an_unmatched_participant_reads_not_matched_yet(client, mentee):
    client.force_login(mentee)

    assert "Not matched yet" in client.get(MINE).text


def test_wishes_are_offered_while_a_coordinator_led_programme_is_matching(client):
    matching = ProgrammeFactory(slug="matching-now", status=Programme.Status.MATCHING)
    running = ProgrammeFactory(slug="running-now", status=Programme.Status.RUNNING)
    peers = ProgrammeFactory(
        slug="peers-now",
        kind=Programme.Kind.PEER,
        matching_mode=Programme.MatchingMode.PEER_POOL,
        status=Programme.Status.MATCHING,
    )
    by_request = ProgrammeFactory(
        slug="requests-now",
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
        status=Programme.Status.MATCHING,
    )
    user = UserFactory()
    for programme, role in ((matching, "mentee"), (running, "mentee"), (peers, "peer")):
        EnrolmentFactory(programme=programme, user=user, role=role)
    EnrolmentFactory(programme=by_request, user=user, role="mentee")
    client.force_login(user)

    page = client.get(MINE).text

    assert reverse("matching:wishes", kwargs={"slug": "matching-now"}) in page
    assert reverse("matching:wishes", kwargs={"slug": "peers-now"}) in page
    assert reverse("matching:wishes", kwargs={"slug": "running-now"}) not in page
    assert reverse("matching:wishes", kwargs={"slug": "requests-now"}) not in page
    assert page.count("Give your wishes") == 2


def test_no_wishes_once_matched_or_when_a_mentor_is_full(client):
    programme = ProgrammeFactory(status=Programme.Status.MATCHING)
    full = person(programme, "mentor", "Full Mentor", capacity=1)
    roomy = person(programme, "mentor", "Roomy Mentor", capacity=2)
    matched = person(programme, "mentee", "Matched Mentee")
    pair(full, matched)
    pair(roomy, person(programme, "mentee", "Roomy's Mentee"))

    for enrolment, offered in ((full, False), (matched, False), (roomy, True)):
        client.force_login(enrolment.user)
        assert ("Give your wishes" in client.get(MINE).text) is offered, enrolment.user


def test_request_links_appear_only_where_mentees_request(client):
    programme = ProgrammeFactory(
        slug="by-request",
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS,
        status=Programme.Status.MATCHING,
    )
    mentee = person(programme, "mentee", "Adam Adept")
    mentor = person(programme, "mentor", "Maja Mentor")

    client.force_login(mentee.user)
    mentee_page = client.get(MINE).text
    client.force_login(mentor.user)
    mentor_page = client.get(MINE).text

    assert reverse("matching:mentor_list", kwargs={"slug": "by-request"}) in mentee_page
    assert reverse("matching:requests") in mentee_page and "My requests" in mentee_page
    assert reverse("matching:requests_received") in mentor_page
    assert "Requests to me" in mentor_page
    assert "Requests to me" not in mentee_page
    assert "Find a mentor" not in mentor_page and "My requests" not in mentor_page
    assert "Give your wishes" not in mentee_page


def test_a_coordinator_led_mentee_is_not_sent_to_find_a_mentor(client, mentee):
    client.force_login(mentee)

    assert "Find a mentor" not in client.get(MINE).text


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(MINE).status_code == 200
    return len(captured)


def _matched_enrolments(user, count: int, start: int) -> None:
    for i in range(start, start + count):
        programme = ProgrammeFactory(status=Programme.Status.MATCHING if i % 2 else "running")
        mine = EnrolmentFactory(programme=programme, user=user, role="mentee")
        if i % 3:
            pair(person(programme, "mentor", f"Mentor {i}"), mine)


def test_my_programmes_queries_do_not_grow_with_enrolments_and_matches(client):
    user = UserFactory()
    _matched_enrolments(user, 10, 0)
    client.force_login(user)
    few = _queries(client)

    _matched_enrolments(user, 90, 10)

    page = client.get(MINE).text
    assert page.count("(mentor)") == sum(1 for i in range(100) if i % 3)
    assert page.count("Not matched yet") == sum(1 for i in range(100) if not i % 3)
    assert _queries(client) == few


def test_a_matched_mentee_is_no_longer_sent_to_find_a_mentor(client):
    programme = ProgrammeFactory(
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS, status=Programme.Status.RUNNING
    )
    mentee = person(programme, "mentee", "Adam Adept")
    pair(person(programme, "mentor", "Maja Mentor"), mentee)
    client.force_login(mentee.user)

    page = client.get(MINE).text

    assert "Maja Mentor" in page
    assert "Find a mentor" not in page
