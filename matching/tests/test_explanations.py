"""Explanations: a whole round or page explained at once, read in the reader's language."""

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from intake.models import Application
from intake.tests.factories import person
from matching import reasons
from matching.explanations import explain, explain_pairs
from matching.models import Exclusion, Preference, settings_for
from matching.pools import build_pool
from matching.reasons import describe, describe_all
from matching.scoring import score_matrix
from matching.selectors import mentor_choices
from matching.services import rounds
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import AreaFactory

from .factories import matching_programme

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR


def _random_people(programme, rng, roles: list[str]) -> list[Enrolment]:
    areas = [AreaFactory(programme=programme, name=n) for n in ("A", "B", "C", "D")]
    formats = [c for c, _l in Application.MeetingFormat.choices]
    times = [c for c, _l in Application.Availability.choices]
    levels = [c for c, _l in Application.CareerLevel.choices]
    words = ["budget", "leadership", "coaching", "sales", "health", "writing", "negotiation"]
    people = []
    for role in roles:
        people.append(
            person(
                programme,
                role,
                capacity=2,
                areas=list(rng.choice(areas, size=rng.integers(0, 4), replace=False)),
                # Some share no language (a hard rule), some state none.
                languages=list(rng.choice(["sv", "en", "fi"], size=rng.integers(0, 3))),
                meeting_formats=list(rng.choice(formats, size=rng.integers(0, 3), replace=False)),
                availability=list(rng.choice(times, size=rng.integers(0, 4), replace=False)),
                career_level=str(rng.choice(levels)),
                city=str(rng.choice(["Umeå", "Luleå", ""])),
                organisation=str(rng.choice(["Region", "Kommun", ""])),
                department=str(rng.choice(["HR", "IT", ""])),
                expertise=" ".join(rng.choice(words, size=3)),
                goals=" ".join(rng.choice(words, size=2)),
                working_style={
                    "structure": int(rng.integers(1, 6)),
                    "pace": int(rng.integers(1, 6)),
                },
            )
        )
    return people


def _rules_and_wishes(programme, people, rng) -> None:
    """Do-not-match pairs, a manager and wishes of every rank among ``people``."""
    for k in range(0, len(people) - 1, 3):
        Exclusion.objects.create(programme=programme, first=people[k], second=people[k + 1])
    manager = Application.objects.get(programme=programme, user=people[-1].user)
    manager.manager_email = people[0].user.email
    manager.save()
    for chooser in people:
        others = [p for p in people if p.pk != chooser.pk]
        for rank, chosen in enumerate(rng.choice(others, size=2, replace=False), start=1):
            Preference.objects.get_or_create(
                chooser=chooser, chosen=chosen, defaults={"rank": rank}
            )


def _assert_same(vectorised, one_by_one, score) -> None:
    assert vectorised.items == one_by_one.items
    assert vectorised.excluded == one_by_one.excluded
    assert vectorised.score == one_by_one.score
    if np.isnan(score):
        assert vectorised.score is None and vectorised.excluded
    else:
        assert not vectorised.excluded
        assert vectorised.score == pytest.approx(float(score), abs=0.1)
        points = sum(item["points"] for item in vectorised.items)
        assert points == pytest.approx(vectorised.score, abs=0.05 * len(vectorised.items))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_round_explained_at_once_equals_each_pair_explained_alone(seed):
    rng = np.random.default_rng(seed)
    programme = matching_programme()
    people = _random_people(programme, rng, ["mentee"] * 7 + [MENTOR] * 5)
    _rules_and_wishes(programme, people, rng)
    pool = build_pool(programme)
    weights = settings_for(programme).weights()
    scores = score_matrix(pool, weights)
    pairs = [(i, j) for i in range(len(pool.mentees)) for j in range(len(pool.mentors))]

    explained = explain_pairs(pool, weights, pairs)

    assert any(why.excluded for why in explained) and any(not why.excluded for why in explained)
    assert any(
        item["details"] for why in explained for item in why.items if item["criterion"] == "areas"
    )
    for (i, j), why in zip(pairs, explained, strict=True):
        _assert_same(why, explain(pool, weights, i, j), scores[i, j])


@pytest.mark.parametrize("seed", [4, 5])
def test_peers_explained_at_once_equal_each_pair_explained_alone(seed):
    rng = np.random.default_rng(seed)
    programme = matching_programme(kind=Programme.Kind.PEER)
    people = _random_people(programme, rng, ["peer"] * 8)
    _rules_and_wishes(programme, people, rng)
    pool = build_pool(programme)
    weights = settings_for(programme).weights()
    scores = score_matrix(pool, weights)
    pairs = [(i, j) for i in range(len(people)) for j in range(len(people)) if i != j]

    explained = explain_pairs(pool, weights, pairs)

    assert any(why.excluded for why in explained)
    for (i, j), why in zip(pairs, explained, strict=True):
        _assert_same(why, explain(pool, weights, i, j), scores[i, j])


def test_a_peer_rounds_trio_keeps_its_pairs_explanation_and_adds_the_third(coordinator):
    programme = matching_programme(kind=Programme.Kind.PEER)
    coordinator_grant(user=coordinator, programme=programme)
    area = AreaFactory(programme=programme)
    for level in ("early", "manager", "manager"):
        person(programme, "peer", career_level=level, areas=[area], expertise="coaching")

    run = rounds.run_start(programme=programme, by=coordinator)

    (trio,) = run.suggestions.all()
    assert trio.third is not None
    pool = build_pool(programme, mentees=[trio.first, trio.second])
    alone = explain(pool, settings_for(programme).weights(), 0, 1)
    assert trio.explanation[:-1] == alone.as_json()
    assert trio.explanation[-1]["criterion"] == "trio"


def test_nothing_to_explain_gives_nothing():
    programme = matching_programme()
    person(programme)
    person(programme, MENTOR)
    pool = build_pool(programme)

    assert explain_pairs(pool, settings_for(programme).weights(), []) == []


def test_find_a_mentor_shows_each_mentors_own_reasons_and_score():
    programme = matching_programme(matching_mode=Programme.MatchingMode.MENTEE_REQUESTS)
    leadership = AreaFactory(programme=programme, name="Leadership")
    health = AreaFactory(programme=programme, name="Health")
    mentee = person(programme, areas=[leadership, health], city="Umeå")
    person(programme, MENTOR, "Lena Lead", areas=[leadership])
    person(programme, MENTOR, "Hugo Health", areas=[health, leadership])
    person(programme, MENTOR, "Sven Only", languages=["fi"])  # no shared language

    with translation.override("en"):
        choices = mentor_choices(mentee)

    assert [c.profile.name for c in choices] == ["Hugo Health", "Lena Lead"]
    assert "Shared areas: Health, Leadership (+30)" in choices[0].reasons
    assert "Shared areas: Leadership (+15)" in choices[1].reasons
    pool = build_pool(programme, mentees=[mentee], mentors=[c.enrolment for c in choices])
    weights = settings_for(programme).weights()
    assert [c.score for c in choices] == [explain(pool, weights, 0, j).score for j in (0, 1)]


# -- words in the reader's language ---------------------------------------------------------


def _bilingual_area(programme):
    return AreaFactory(programme=programme, name_en="Career", name_sv="Karriär")


def test_reasons_read_in_the_readers_language_whoever_ran_the_round():
    programme = matching_programme()
    career = _bilingual_area(programme)
    person(programme, areas=[career], meeting_formats=["video"])
    person(programme, MENTOR, areas=[career], meeting_formats=["video"])
    swede = UserFactory(preferred_language="sv")
    coordinator_grant(user=swede, programme=programme)
    with translation.override("sv"):
        run = rounds.run_start(programme=programme, by=swede)

    (suggestion,) = run.suggestions.all()
    with translation.override("en"):
        (english,) = describe_all([suggestion.explanation])
    with translation.override("sv"):
        (swedish,) = describe_all([suggestion.explanation])

    assert "Shared areas: Career (+30)" in english
    assert "Can meet by: Video (+10)" in english
    assert "Gemensamma områden: Karriär (+30)" in swedish
    assert not any("Karriär" in reason for reason in english)


def test_the_review_page_reads_in_the_coordinators_language(client, coordinator):
    programme = matching_programme()
    coordinator_grant(user=coordinator, programme=programme)
    career = _bilingual_area(programme)
    person(programme, areas=[career])
    person(programme, MENTOR, areas=[career])
    with translation.override("en"):
        rounds.run_start(programme=programme, by=coordinator)
    coordinator.preferred_language = "sv"
    coordinator.save()
    client.force_login(coordinator)

    text = client.get(reverse("admin:matching_programme", args=[programme.pk])).text

    assert "Karriär (+30)" in text
    assert "Career" not in text


def test_explanations_stored_with_area_names_still_read():
    """Rounds run before areas were stored by id hold the names as they were written."""
    old = [{"criterion": "areas", "points": 30.0, "details": ["Karriär", "Ekonomi"]}]

    with translation.override("en"):
        assert describe_all([old]) == [["Shared areas: Ekonomi, Karriär (+30)"]]
        assert describe(old[0]) == "Shared areas: Ekonomi, Karriär (+30)"


def test_an_area_deleted_since_the_round_is_left_out():
    programme = matching_programme()
    kept, gone = AreaFactory(programme=programme, name="Kept"), AreaFactory(programme=programme)
    item = {"criterion": "areas", "points": 30.0, "details": [kept.pk, gone.pk]}
    gone.delete()

    with translation.override("en"):
        assert describe(item) == "Shared areas: Kept (+30)"


@pytest.mark.parametrize("explanations", [2, 40])
def test_a_page_of_explanations_looks_its_areas_up_in_one_query(
    explanations, django_assert_num_queries
):
    programme = matching_programme()
    areas = [AreaFactory(programme=programme) for _ in range(explanations)]
    stored = [
        [
            {"criterion": "areas", "points": 30.0, "details": [area.pk]},
            {"criterion": "trio", "points": 1},
        ]
        for area in areas
    ]

    with django_assert_num_queries(1), translation.override("en"):
        worded = describe_all(stored)

    assert [words[0] for words in worded] == [f"Shared areas: {a.name} (+30)" for a in areas]


def test_labels_are_translated_once_per_language(monkeypatch):
    calls = []
    real = reasons._

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(reasons, "_", counting)
    monkeypatch.setattr(reasons, "_LABELS", {})
    item = {"criterion": "language", "points": 0, "details": ["sv", "fi"]}

    with translation.override("sv"):
        swedish = describe(item)
        building = len(calls)  # the language names, and the sentence
        later = [describe(item) for _ in range(19)]
        reading = len(calls) - building
    with translation.override("en"):
        english = describe(item)
        english_calls = len(calls) - building - reading
    with translation.override("sv"):
        describe(item)
        back = len(calls) - building - reading - english_calls

    assert swedish == "Gemensamt språk: Svenska, Finska"
    assert later == [swedish] * 19
    assert english == "Common language: Swedish, Finnish"
    assert building > 90  # Django's language names, translated once …
    assert reading == 19  # … then only the sentence, per call
    assert english_calls == building  # once more for English
    assert back == 1  # and Swedish is still known
