"""The coordinator's matching page: their own programmes only, every step, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake.tests.factories import person
from matching.models import MatchingRun, Suggestion
from programs.models import Enrolment, Programme
from relationships.models import Match

from .factories import many_people

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR


@pytest.fixture
def matching(programme):
    programme.status = Programme.Status.MATCHING
    programme.save()
    return programme


def page(programme) -> str:
    return reverse("admin:matching_programme", args=[programme.pk])


def act(programme, action: str) -> str:
    return reverse("admin:matching_programme_action", args=[programme.pk, action])


def test_coordinator_runs_locks_excludes_pairs_and_confirms(
    client, coordinator, matching, mailoutbox, django_capture_on_commit_callbacks
):
    ann, bea = person(matching), person(matching)
    mia, max_ = person(matching, MENTOR), person(matching, MENTOR)
    client.force_login(coordinator)

    response = client.post(act(matching, "run"), {"objective": "most_matched"}, follow=True)
    assert "Suggestions are ready: 2." in response.text
    run = MatchingRun.objects.get(programme=matching)
    ann_pick = run.suggestions.get(first=ann)
    client.post(act(matching, "lock"), {"suggestion": ann_pick.pk})
    assert Suggestion.objects.get(pk=ann_pick.pk).locked
    bea_pick = run.suggestions.get(first=bea)
    response = client.post(act(matching, "exclude"), {"suggestion": bea_pick.pk}, follow=True)
    assert "will not be suggested again" in response.text

    client.post(act(matching, "run"), {"objective": "most_matched"})
    assert not run.suggestions.filter(first=bea).exists()  # Bea's only free mentor is excluded
    text = client.get(page(matching)).text
    assert "Every possible partner is ruled out" in text

    response = client.post(
        act(matching, "pair"), {"first": bea.pk, "second": bea_pick.second_id}, follow=True
    )
    assert "Paired against a rule" in response.text
    assert "Excluded: a coordinator keeps these two apart" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act(matching, "confirm"), follow=True)

    assert "2 matches created" in response.text
    assert Match.objects.filter(programme=matching).count() == 2
    assert {m.to[0] for m in mailoutbox} == {p.user.email for p in (ann, bea, mia, max_)}


def test_the_page_explains_each_suggestion(client, coordinator, matching):
    person(matching, city="Umeå", meeting_formats=["in_person"])
    person(matching, MENTOR, city="Umeå", meeting_formats=["in_person"])
    client.force_login(coordinator)
    client.post(act(matching, "run"))

    text = client.get(page(matching)).text

    assert "Both in Umeå for meeting in person (+5)" in text
    assert "Common language: English, Swedish" in text


def test_another_programmes_coordinator_gets_404(client, other_coordinator, matching):
    person(matching)
    client.force_login(other_coordinator)

    assert client.get(page(matching)).status_code == 404
    assert client.post(act(matching, "run")).status_code == 404
    assert MatchingRun.objects.count() == 0


def test_forged_ids_answer_404_or_a_message(client, coordinator, matching):
    person(matching)
    person(matching, MENTOR)
    client.force_login(coordinator)
    client.post(act(matching, "run"))

    assert client.get(reverse("admin:matching_programme", args=["²"])).status_code == 404
    assert (
        client.post(act(matching, "lock"), {"suggestion": "99999999999999999999"}).status_code
        == 404
    )
    assert client.post(act(matching, "nonsense")).status_code == 404
    response = client.post(act(matching, "pair"), {"first": "x", "second": "1"}, follow=True)
    assert "Choose two people of this programme." in response.text


def test_participants_cannot_open_the_matching_page(client, mentee, matching):
    client.force_login(mentee)

    response = client.get(page(matching))

    # Like every admin page: to its sign-in, which says the admin is for coordinators
    # (not round in a loop through the sign-in page), with nothing of the programme.
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 403
    assert "For coordinators only" in landing.text
    assert matching.name not in landing.text


def test_a_bad_minimum_score_is_refused_with_a_message(client, coordinator, matching):
    client.force_login(coordinator)

    response = client.post(
        act(matching, "run"), {"objective": "min_score", "min_score": "lots"}, follow=True
    )

    assert "The minimum score is a whole number from 0 to 1000." in response.text


def _review_queries(client, programme) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page(programme))
    assert response.status_code == 200
    return len(queries)


def test_the_review_page_reads_a_fixed_number_of_queries(
    client, coordinator, matching, other_programme, django_capture_on_commit_callbacks
):
    """500 mentees × 200 mentors reads as many queries as 10 × 4."""
    from programs.services import coordinator_grant

    coordinator_grant(user=coordinator, programme=other_programme)
    other_programme.status = Programme.Status.MATCHING
    other_programme.save()
    many_people(matching, 10, 4)
    many_people(other_programme, 500, 200)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # the big pool goes to a worker
        for programme in (matching, other_programme):
            client.post(act(programme, "run"))
    big = MatchingRun.objects.get(programme=other_programme)
    assert big.status == MatchingRun.Status.READY
    assert big.suggestions.count() > 350

    small, large = _review_queries(client, matching), _review_queries(client, other_programme)
    print(f"review page: {small} queries for 10 × 4, {large} for 500 × 200")

    assert small == large
    assert large <= 20


def test_coordinator_ends_a_match_early_with_a_private_reason(client, coordinator, matching):
    from relationships import services

    mentee, mentor = person(matching), person(matching, MENTOR)
    match = services.match_create(
        programme=matching, mentor=mentor, mentees=[mentee], origin="manual", by=coordinator
    )
    client.force_login(coordinator)
    url = reverse("admin:relationships_match_end_early", args=[match.pk])

    response = client.post(
        url,
        {
            "end_early_confirmed": "1",
            "category": "life_change",
            "reason": "The mentee changed jobs.",
        },
        follow=True,
    )

    assert "1 match has ended" in response.text
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED_EARLY
    assert match.end_reason == "The mentee changed jobs."
    assert not match.members.filter(current=True).exists()


def test_coordinator_follows_requests_of_own_programmes_only(
    client, coordinator, matching, other_programme
):
    from django.utils import timezone

    from matching.models import MatchRequest

    matching.matching_mode = Programme.MatchingMode.MENTEE_REQUESTS
    matching.save()
    own = MatchRequest.objects.create(
        programme=matching,
        mentee=person(matching),
        mentor=person(matching, MENTOR),
        rank=1,
        status="open",
        expires_at=timezone.now(),
    )
    foreign = MatchRequest.objects.create(
        programme=other_programme,
        mentee=person(other_programme),
        mentor=person(other_programme, MENTOR),
        rank=1,
    )
    client.force_login(coordinator)

    text = client.get(reverse("admin:matching_matchrequest_changelist")).text

    assert str(own.mentee.user) in text
    assert str(foreign.mentee.user) not in text
    url = reverse("admin:matching_matchrequest_change", args=[foreign.pk])
    response = client.get(url)  # the admin's "does not exist" redirect, and nothing of it
    assert response.status_code == 302
    landing = client.get(response["Location"]).text
    assert "doesn’t exist" in landing and str(foreign.mentee.user) not in landing


def test_list_filters_name_only_the_coordinators_programmes(
    client, coordinator, matching, other_programme
):
    from relationships import services

    for programme in (matching, other_programme):
        programme.status = Programme.Status.MATCHING
        programme.save()
        services.match_create(
            programme=programme,
            mentor=person(programme, MENTOR),
            mentees=[person(programme)],
            origin="manual",
            by=None,
        )
    client.force_login(coordinator)

    for name in (
        "relationships_match",
        "matching_matchingrun",
        "matching_exclusion",
        "matching_matchrequest",
        "matching_preference",
    ):
        text = client.get(reverse(f"admin:{name}_changelist")).text
        assert other_programme.name not in text, name
