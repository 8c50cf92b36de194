"""Coordinator-led rounds: run, lock, exclude, pair by hand, confirm, end early, rematch."""

import pytest
from django.core.exceptions import ValidationError

from intake.tests.factories import person
from matching import services
from matching.models import Exclusion, MatchingRun, Suggestion
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory
from relationships import services as relationship_services
from relationships.models import Match, MatchMember

from .factories import matching_programme

pytestmark = pytest.mark.django_db
MENTOR, MENTEE, PEER = Enrolment.Role.MENTOR, Enrolment.Role.MENTEE, Enrolment.Role.PEER


def _pairs(run) -> set[tuple[str, str]]:
    return {(s.first.user.email, s.second.user.email) for s in run.suggestions.all()}


def test_a_round_suggests_the_best_pairs_and_explains_them(coordinator):
    programme = matching_programme()
    leadership = AreaFactory(programme=programme, name="Leadership")
    health = AreaFactory(programme=programme, name="Health")
    anna = person(programme, areas=[leadership])
    bo = person(programme, areas=[health])
    lead = person(programme, MENTOR, areas=[leadership])
    doctor = person(programme, MENTOR, areas=[health])

    run = services.run_start(programme=programme, by=coordinator)

    assert run.status == MatchingRun.Status.READY
    assert _pairs(run) == {
        (anna.user.email, lead.user.email),
        (bo.user.email, doctor.user.email),
    }
    suggestion = run.suggestions.get(first=anna)
    # Stored by id, so that it reads in the language of whoever opens the review.
    assert {"criterion": "areas", "points": 30.0, "details": [leadership.pk]} in (
        suggestion.explanation
    )
    assert run.summary["unmatched"] == []


def test_most_matched_beats_a_single_high_score(coordinator):
    """Greedy would give the best pair away and strand a mentee."""
    programme = matching_programme()
    area = AreaFactory(programme=programme)
    flexible = person(programme, areas=[area], languages=["sv", "en"])
    picky = person(programme, languages=["en"])
    swedish = person(programme, MENTOR, areas=[area], languages=["sv"])
    english = person(programme, MENTOR, languages=["en"])

    run = services.run_start(programme=programme, by=coordinator)

    assert _pairs(run) == {
        (flexible.user.email, swedish.user.email),
        (picky.user.email, english.user.email),
    }


def test_min_score_leaves_weak_pairs_unmatched_with_the_reason(coordinator):
    programme = matching_programme()
    person(programme)
    person(programme, MENTOR)

    run = services.run_start(
        programme=programme, by=coordinator, objective="min_score", min_score=90
    )

    assert run.suggestions.count() == 0
    assert run.summary["unmatched"][0]["reason"] == "below_min_score"


def test_nobody_with_a_shared_language_is_reported_unmatched(coordinator):
    programme = matching_programme()
    person(programme, languages=["fi"])
    person(programme, MENTOR, languages=["sv"])

    run = services.run_start(programme=programme, by=coordinator)

    assert run.suggestions.count() == 0
    assert run.summary["unmatched"][0]["reason"] == "no_language"


def test_a_mentor_with_no_places_is_left_out(coordinator):
    programme = matching_programme()
    person(programme)
    person(programme, MENTOR, capacity=0)

    run = services.run_start(programme=programme, by=coordinator)

    assert run.suggestions.count() == 0
    assert run.summary["unmatched"][0]["reason"] == "nobody_available"


def test_locked_pairs_survive_a_rerun_and_excluded_pairs_do_not_come_back(coordinator):
    programme = matching_programme()
    mentees = [person(programme) for _ in range(3)]
    mentors = [person(programme, MENTOR) for _ in range(3)]
    run = services.run_start(programme=programme, by=coordinator)
    keep = run.suggestions.get(first=mentees[0])
    services.suggestion_lock(suggestion=keep, locked=True)
    drop = run.suggestions.get(first=mentees[1])
    dropped = (drop.first_id, drop.second_id)
    services.suggestion_exclude(suggestion=drop, by=coordinator)

    run = services.run_start(programme=programme, by=coordinator)

    assert run.suggestions.get(first=mentees[0]).second_id == keep.second_id
    assert run.suggestions.get(first=mentees[0]).locked
    assert (dropped[0], dropped[1]) not in {
        (s.first_id, s.second_id) for s in run.suggestions.all()
    }
    assert Exclusion.objects.filter(first_id=dropped[0], second_id=dropped[1]).exists()
    assert run.suggestions.count() == 3
    assert len(mentors) == 3


def test_pairing_by_hand_warns_about_a_broken_rule(coordinator):
    programme = matching_programme()
    boss = person(programme, MENTOR)
    mentee = person(programme, manager_email=boss.user.email)
    run = services.run_start(programme=programme, by=coordinator)
    assert run.suggestions.count() == 0

    suggestion = services.suggestion_add_manual(run=run, first=boss, second=mentee, by=coordinator)

    assert (suggestion.first, suggestion.second) == (mentee, boss)
    assert suggestion.locked and suggestion.manual
    assert suggestion.warnings == ["manager"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self", "cannot be matched with themselves"),
        ("two_mentees", "Choose one mentee and one mentor."),
        ("no_capacity", "has no places to offer"),
        ("other_programme", "Everyone must take part in this programme."),
    ],
)
def test_pairing_by_hand_refuses_what_cannot_be(coordinator, case, message):
    programme = matching_programme()
    mentee = person(programme)
    mentor = person(programme, MENTOR, capacity=0 if case == "no_capacity" else 1)
    run = services.run_start(programme=programme, by=coordinator)
    second = {
        "self": mentee,
        "two_mentees": person(programme),
        "no_capacity": mentor,
        "other_programme": person(matching_programme(), MENTOR),
    }[case]

    with pytest.raises(ValidationError, match=message):
        services.suggestion_add_manual(run=run, first=mentee, second=second, by=coordinator)


def test_confirming_creates_matches_and_introduces_everyone(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    programme = matching_programme()
    mentee = person(programme, city="Umeå", organisation="Region Västerbotten")
    mentor = person(programme, MENTOR, capacity=2)
    mentor.user.preferred_language = "sv"
    mentor.user.save()
    run = services.run_start(programme=programme, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        matches = services.run_confirm(run=run, by=coordinator)

    assert len(matches) == 1
    match = matches[0]
    assert match.origin == Match.Origin.SUGGESTED
    assert {m.enrolment for m in match.members.all()} == {mentee, mentor}
    assert MatchMember.objects.get(enrolment=mentee).place == 1
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.CONFIRMED
    to_mentee = next(m for m in mailoutbox if m.to == [mentee.user.email])
    to_mentor = next(m for m in mailoutbox if m.to == [mentor.user.email])
    assert mentor.user.get_full_name() in to_mentee.body
    assert mentor.user.email not in to_mentee.body  # shared in the workspace, if at all
    assert "Region Västerbotten" in to_mentor.body
    assert programme.name in to_mentor.subject
    assert to_mentor.subject != to_mentee.subject  # Swedish for the Swedish mentor


def test_an_empty_round_cannot_be_confirmed(coordinator):
    programme = matching_programme()
    person(programme, languages=["fi"])
    person(programme, MENTOR, languages=["sv"])
    run = services.run_start(programme=programme, by=coordinator)

    with pytest.raises(ValidationError, match="nothing to confirm"):
        services.run_confirm(run=run, by=coordinator)


def test_matching_waits_for_the_matching_stage(coordinator):
    programme = matching_programme(status=Programme.Status.INTAKE_OPEN)

    with pytest.raises(ValidationError, match="matching or running"):
        services.run_start(programme=programme, by=coordinator)


def test_group_programmes_put_a_mentors_mentees_in_one_group(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    programme = matching_programme(kind=Programme.Kind.GROUP)
    mentor = person(programme, MENTOR, capacity=3)
    mentees = [person(programme) for _ in range(3)]
    run = services.run_start(programme=programme, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        matches = services.run_confirm(run=run, by=coordinator)

    assert len(matches) == 1
    assert sorted(m.place for m in matches[0].members.filter(role=MENTEE)) == [1, 2, 3]
    assert len(mailoutbox) == 4
    intro = next(m for m in mailoutbox if m.to == [mentees[0].user.email])
    assert all(p.user.get_full_name() in intro.body for p in [mentor, mentees[1], mentees[2]])


@pytest.mark.parametrize(("peers", "expected"), [(4, [2, 2]), (5, [2, 3]), (7, [2, 2, 3])])
def test_peers_are_paired_and_an_odd_one_out_makes_a_trio(coordinator, peers, expected):
    programme = matching_programme(kind=Programme.Kind.PEER)
    for _ in range(peers):
        person(programme, PEER)

    run = services.run_start(programme=programme, by=coordinator)

    sizes = sorted(len(s.people) for s in run.suggestions.all())
    assert sizes == expected
    assert run.summary["unmatched"] == []
    matches = services.run_confirm(run=run, by=coordinator)
    assert sorted(m.members.count() for m in matches) == expected


def test_ending_early_frees_both_and_a_rematch_never_pairs_them_again(coordinator):
    programme = matching_programme()
    mentee = person(programme)
    first_mentor = person(programme, MENTOR)
    run = services.run_start(programme=programme, by=coordinator)
    (match,) = services.run_confirm(run=run, by=coordinator)

    relationship_services.match_end(match=match, by=coordinator, reason="Moved abroad")
    second_mentor = person(programme, MENTOR)
    rerun = services.run_start(programme=programme, by=coordinator)

    assert _pairs(rerun) == {(mentee.user.email, second_mentor.user.email)}
    (rematch,) = services.run_confirm(run=rerun, by=coordinator)
    assert rematch.origin == Match.Origin.REMATCH
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED_EARLY and match.end_reason == "Moved abroad"
    assert first_mentor.pk not in {m.enrolment_id for m in rematch.members.all()}


def test_the_database_refuses_a_second_current_match_for_a_mentee(coordinator):
    programme = matching_programme()
    mentee = person(programme)
    one, two = person(programme, MENTOR), person(programme, MENTOR)
    relationship_services.match_create(
        programme=programme, mentor=one, mentees=[mentee], origin="manual", by=coordinator
    )

    with pytest.raises(ValidationError, match="Already in a current match"):
        relationship_services.match_create(
            programme=programme, mentor=two, mentees=[mentee], origin="manual", by=coordinator
        )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        match = Match.objects.create(programme=programme, origin="manual")
        MatchMember.objects.create(match=match, enrolment=mentee, role=MENTEE, mentor=two, place=1)


def test_a_full_mentor_is_refused_and_the_database_backs_it(coordinator):
    programme = matching_programme()
    mentor = person(programme, MENTOR, capacity=1)
    first, second = person(programme), person(programme)
    relationship_services.match_create(
        programme=programme, mentor=mentor, mentees=[first], origin="manual", by=coordinator
    )

    with pytest.raises(ValidationError, match="has no free place left"):
        relationship_services.match_create(
            programme=programme, mentor=mentor, mentees=[second], origin="manual", by=coordinator
        )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        match = Match.objects.create(programme=programme, origin="manual")
        MatchMember.objects.create(
            match=match, enrolment=second, role=MENTEE, mentor=mentor, place=1
        )


def test_suggestions_only_live_in_their_round(coordinator):
    programme = matching_programme()
    person(programme)
    person(programme, MENTOR)
    run = services.run_start(programme=programme, by=coordinator)
    services.run_discard(run=run)

    assert services.open_run(programme) is None
    assert Suggestion.objects.filter(run=run).count() == 1
    assert services.run_start(programme=programme, by=coordinator).pk != run.pk


def test_pairing_by_hand_at_a_full_mentor_makes_room(coordinator):
    programme = matching_programme()
    area = AreaFactory(programme=programme)
    suited = person(programme, areas=[area])
    other = person(programme)
    mentor = person(programme, MENTOR, capacity=1, areas=[area])
    run = services.run_start(programme=programme, by=coordinator)
    assert _pairs(run) == {(suited.user.email, mentor.user.email)}

    services.suggestion_add_manual(run=run, first=other, second=mentor, by=coordinator)

    assert _pairs(run) == {(other.user.email, mentor.user.email)}
    (match,) = services.run_confirm(run=run, by=coordinator)
    assert {m.enrolment for m in match.members.all()} == {other, mentor}


def test_a_trio_never_breaks_the_minimum_score(coordinator):
    programme = matching_programme(kind=Programme.Kind.PEER)
    area = AreaFactory(programme=programme)
    person(programme, PEER, areas=[area])
    person(programme, PEER, areas=[area])
    loner = person(programme, PEER)
    trio = services.run_start(programme=programme, by=coordinator).suggestions.get()
    assert trio.third == loner  # without a minimum, the odd one out joins the pair

    run = services.run_start(
        programme=programme, by=coordinator, objective="min_score", min_score=int(trio.score)
    )

    (suggestion,) = run.suggestions.all()
    assert suggestion.third is None
    (left,) = run.summary["unmatched"]
    assert (left["enrolment"], left["reason"]) == (loner.pk, "below_min_score")
    assert left["best"] < trio.score


def test_confirming_refuses_a_pair_kept_apart_after_the_run(coordinator):
    programme = matching_programme()
    mentee, mentor = person(programme), person(programme, MENTOR)
    run = services.run_start(programme=programme, by=coordinator)
    Exclusion.objects.create(programme=programme, first=mentor, second=mentee)

    with pytest.raises(ValidationError, match="a rule forbids"):
        services.run_confirm(run=run, by=coordinator)
    assert not Match.objects.exists()


def test_confirming_names_only_the_suggestions_a_new_rule_forbids(coordinator):
    programme = matching_programme()
    ann, bea = person(programme, name="Ann"), person(programme, name="Bea")
    person(programme, MENTOR, name="Mia")
    person(programme, MENTOR, name="Max")
    run = services.run_start(programme=programme, by=coordinator)
    kept_apart = run.suggestions.get(first=bea)
    Exclusion.objects.create(programme=programme, first=kept_apart.second, second=bea)

    with pytest.raises(ValidationError) as error:
        services.run_confirm(run=run, by=coordinator)

    assert str(kept_apart) in error.value.messages[0]
    assert str(run.suggestions.get(first=ann)) not in error.value.messages[0]


def test_confirming_checks_every_pair_of_a_peer_trio(coordinator):
    programme = matching_programme(kind=Programme.Kind.PEER)
    for _ in range(3):
        person(programme, "peer")
    run = services.run_start(programme=programme, by=coordinator)
    (trio,) = run.suggestions.all()
    Exclusion.objects.create(programme=programme, first=trio.second, second=trio.third)

    with pytest.raises(ValidationError, match="a rule forbids"):
        services.run_confirm(run=run, by=coordinator)


def test_a_locked_pair_gone_stale_is_dropped_on_rerun(coordinator):
    programme = matching_programme()
    mentee = person(programme)
    mentor, other_mentor = person(programme, MENTOR), person(programme, MENTOR)
    run = services.run_start(programme=programme, by=coordinator)
    services.suggestion_lock(suggestion=run.suggestions.get(), locked=True)
    relationship_services.match_create(  # matched meanwhile, say by a request
        programme=programme, mentor=other_mentor, mentees=[mentee], origin="request", by=None
    )

    run = services.run_start(programme=programme, by=coordinator)

    assert run.suggestions.count() == 0
    assert len(run.summary["dropped_locks"]) == 1
    assert mentor.pk in {m["enrolment"] for m in run.summary["mentors_left"]}


def test_a_discarded_round_stays_discarded_when_the_worker_comes(coordinator, monkeypatch):
    from matching.services import rounds

    monkeypatch.setattr(rounds, "SYNC_PAIR_LIMIT", 0)
    programme = matching_programme()
    person(programme)
    person(programme, MENTOR)
    run = services.run_start(programme=programme, by=coordinator)  # queued for a worker
    assert run.status == MatchingRun.Status.QUEUED
    services.run_discard(run=run)

    services.run_compute(run=run)

    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DISCARDED
    assert run.suggestions.count() == 0
    with pytest.raises(ValidationError, match="already running"):
        services.run_start(programme=programme, by=coordinator)
        services.run_start(programme=programme, by=coordinator)


def test_a_growing_group_introduces_the_newcomer_and_tells_the_others(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    programme = matching_programme(kind=Programme.Kind.GROUP)
    mentor = person(programme, MENTOR, capacity=3)
    first = person(programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_confirm(run=services.run_start(programme=programme, by=coordinator), by=None)
    newcomer = person(programme)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        (group,) = services.run_confirm(
            run=services.run_start(programme=programme, by=coordinator), by=None
        )

    assert group.members.count() == 3
    mail = {m.to[0]: m for m in mailoutbox}
    assert set(mail) == {mentor.user.email, first.user.email, newcomer.user.email}
    assert "You have been matched" in mail[newcomer.user.email].subject
    assert first.user.get_full_name() in mail[newcomer.user.email].body
    for old in (mentor, first):
        assert "Someone new has joined your group" in mail[old.user.email].subject
        assert newcomer.user.get_full_name() in mail[old.user.email].body
    assert mentor.user.get_full_name() not in mail[first.user.email].body  # they know each other
