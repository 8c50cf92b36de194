"""Stable matching from both sides' wishes: no mentee and mentor who would both rather be
together, offered where both sides rank, and said on the review page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from intake.tests.factories import person
from matching import services
from matching.models import MatchingSettings, Preference, settings_for
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory

from .factories import matching_programme

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR
STABLE = MatchingSettings.Objective.STABLE


@pytest.fixture
def crossed(programme):
    """Anna and Xavier wish for each other first, but Anna shares her area with Yrsa and
    Bo his with Xavier: the best total score pairs Anna–Yrsa and Bo–Xavier, which Anna and
    Xavier would both leave for each other."""
    programme.status = Programme.Status.MATCHING
    programme.matching_mode = Programme.MatchingMode.COORDINATOR
    programme.save()
    career, health = AreaFactory(programme=programme), AreaFactory(programme=programme)
    anna, bo = (
        person(programme, "mentee", "Anna", areas=[career]),
        person(programme, "mentee", "Bo", areas=[health]),
    )
    xavier = person(programme, MENTOR, "Xavier", areas=[health])
    yrsa = person(programme, MENTOR, "Yrsa", areas=[career])
    Preference.objects.create(chooser=anna, chosen=xavier, rank=1)
    Preference.objects.create(chooser=xavier, chosen=anna, rank=1)
    return {"anna": anna, "bo": bo, "xavier": xavier, "yrsa": yrsa}


def _pairs(run) -> set[tuple[str, str]]:
    return {(s.first.user.display_name, s.second.user.display_name) for s in run.suggestions.all()}


def test_the_best_total_leaves_a_blocking_pair_and_the_stable_round_none(coordinator, crossed):
    programme = crossed["anna"].programme

    best = services.run_start(programme=programme, by=coordinator, objective="most_matched")
    assert _pairs(best) == {("Anna", "Yrsa"), ("Bo", "Xavier")}
    assert best.summary["blocking_pairs"] == 1

    stable = services.run_start(programme=programme, by=coordinator, objective=STABLE)

    assert _pairs(stable) == {("Anna", "Xavier"), ("Bo", "Yrsa")}
    assert stable.summary["blocking_pairs"] == 0
    assert stable.objective == STABLE


def test_a_pair_below_the_minimum_score_never_counts_as_blocking(coordinator, crossed):
    programme = crossed["anna"].programme
    best = services.run_start(programme=programme, by=coordinator, objective="most_matched")
    lowest = min(s.score for s in best.suggestions.all())  # Anna–Xavier scores 10 less

    strict = services.run_start(
        programme=programme, by=coordinator, objective="min_score", min_score=int(lowest) - 5
    )

    assert _pairs(strict) == {("Anna", "Yrsa"), ("Bo", "Xavier")}
    assert strict.summary["blocking_pairs"] == 0


def _page(client, coordinator, programme) -> str:
    client.force_login(coordinator)
    return client.get(reverse("admin:matching_programme", args=[programme.pk])).text


def test_the_review_page_says_whether_any_pair_would_rather_be_together(
    client, coordinator, crossed
):
    programme = crossed["anna"].programme
    action = reverse("admin:matching_programme_action", args=[programme.pk, "run"])
    client.force_login(coordinator)

    client.post(action, {"objective": "most_matched"})
    with translation.override("en"):
        text = _page(client, coordinator, programme)
    assert "1 mentee and mentor would both rather be together" in text
    assert "No mentee and mentor would both rather be together." not in text

    client.post(action, {"objective": STABLE})
    text = _page(client, coordinator, programme)
    assert "No mentee and mentor would both rather be together." in text

    coordinator.preferred_language = "sv"
    coordinator.save()
    assert "Ingen adept och mentor skulle båda hellre bilda par med varandra." in _page(
        client, coordinator, programme
    )


def test_peer_programmes_are_not_offered_stable_matching_and_are_told_why(client, coordinator):
    programme = matching_programme(kind=Programme.Kind.PEER)
    from programs.services import coordinator_grant

    coordinator_grant(user=coordinator, programme=programme)
    person(programme, "peer")
    person(programme, "peer")

    with pytest.raises(ValidationError, match="both sides to rank each other"):
        services.run_start(programme=programme, by=coordinator, objective=STABLE)
    options = settings_for(programme)
    options.objective = STABLE
    with pytest.raises(ValidationError) as error:
        options.full_clean()
    assert "objective" in error.value.message_dict

    text = _page(client, coordinator, programme)
    assert 'value="stable" disabled aria-describedby="stable-not-offered"' in text
    assert "offered where a coordinator matches mentees with mentors" in text


def test_request_programmes_are_not_offered_stable_matching(coordinator):
    programme = matching_programme(matching_mode=Programme.MatchingMode.MENTEE_REQUESTS)
    person(programme)
    person(programme, MENTOR)

    with pytest.raises(ValidationError, match="both sides to rank each other"):
        services.run_start(programme=programme, by=coordinator, objective=STABLE)


def test_a_stable_round_respects_capacities_and_the_hard_rules(coordinator):
    programme = matching_programme(matching_mode=Programme.MatchingMode.COORDINATOR)
    mentees = [person(programme, "mentee", f"Mentee {k}") for k in range(4)]
    busy = person(programme, MENTOR, "Busy", capacity=2)
    person(programme, MENTOR, "Swede", languages=["sv"])
    finn = person(programme, "mentee", "Finn", languages=["fi"])
    for mentee in mentees:
        Preference.objects.create(chooser=mentee, chosen=busy, rank=1)

    run = services.run_start(programme=programme, by=coordinator, objective=STABLE)

    seats = [s.second.user.display_name for s in run.suggestions.all()]
    assert seats.count("Busy") == 2 and seats.count("Swede") == 1
    assert finn.pk not in {s.first_id for s in run.suggestions.all()}
    assert run.summary["blocking_pairs"] == 0
