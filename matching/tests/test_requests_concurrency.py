"""Two mentors' answers at the same moment must never over-fill a mentor (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from matching.models import MatchRequest
from matching.services import requests as svc
from programs.models import Enrolment, Programme
from relationships.models import MatchMember
from relationships.services import match_create

from .factories import matching_programme


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_for_the_last_place_give_exactly_one_match(postgresql):
    programme = matching_programme(matching_mode=Programme.MatchingMode.MENTEE_REQUESTS)
    maja = person(
        programme,
        Enrolment.Role.MENTOR,
        capacity=2,
        user=UserFactory(email="maja@example.org", display_name="Maja Mentor"),
    )
    # One of Maja's two places is already taken: one place left.
    match_create(
        programme=programme, mentor=maja, mentees=[person(programme)], origin="manual", by=None
    )
    adam, bo = person(programme), person(programme)
    requests = [
        svc.request_send(mentee=mentee, mentors=[maja], by=mentee.user)[0] for mentee in (adam, bo)
    ]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def accept(match_request: MatchRequest) -> None:
        barrier.wait()
        try:
            svc.request_respond(request=match_request, accept=True, by=maja.user)
            outcomes[match_request.pk] = "accepted"
        except ValidationError as error:
            outcomes[match_request.pk] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(o == "accepted" for o in outcomes.values()) == [False, True]
    (refusal,) = [o for o in outcomes.values() if o != "accepted"]
    assert refusal.startswith("You have no free place left, so you cannot accept the request")
    assert MatchMember.objects.filter(mentor=maja, current=True).count() == 2
    statuses = sorted(MatchRequest.objects.values_list("status", flat=True))
    assert statuses == [MatchRequest.Status.ACCEPTED, MatchRequest.Status.OPEN]
