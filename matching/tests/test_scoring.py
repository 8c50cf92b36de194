"""Scores and their explanations: the same numbers, in words a coordinator understands."""

import numpy as np
import pytest
from django.utils import translation

from intake.models import Application
from intake.tests.factories import person
from matching.explanations import explain
from matching.models import Exclusion, Preference, settings_for
from matching.pools import build_pool
from matching.reasons import describe
from matching.scoring import keywords, score_matrix
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory
from relationships.models import Match, MatchMember

from .factories import matching_programme

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR


def _reasons(pool, i, j, programme) -> list[str]:
    why = explain(pool, settings_for(programme).weights(), i, j)
    with translation.override("en"):
        return [describe(item) for item in why.as_json()]


def test_shared_areas_are_named_with_their_points():
    programme = matching_programme()
    leadership = AreaFactory(programme=programme, name="Leadership")
    career = AreaFactory(programme=programme, name="Career")
    mentee = person(programme, areas=[leadership, career])
    person(programme, MENTOR, areas=[leadership, career])

    pool = build_pool(programme, mentees=[mentee])

    assert "Shared areas: Career, Leadership (+30)" in _reasons(pool, 0, 0, programme)


def test_mentors_expertise_is_compared_with_the_mentees_wishes():
    programme = matching_programme()
    mentee = person(programme, expertise="Budgeting and negotiation", goals="")
    person(programme, MENTOR, expertise="Negotiation, contracts and budgeting")
    person(programme, MENTOR, expertise="Painting")

    pool = build_pool(programme, mentees=[mentee])
    scores = score_matrix(pool, settings_for(programme).weights())

    assert scores[0, 0] > scores[0, 1]
    assert "Competences match wishes: budgeting, negotiation (+20)" in _reasons(
        pool, 0, 0, programme
    )


def test_no_shared_language_forbids_the_pair():
    programme = matching_programme()
    mentee = person(programme, languages=["sv"])
    person(programme, MENTOR, languages=["en"])

    pool = build_pool(programme, mentees=[mentee])

    assert np.isnan(score_matrix(pool, settings_for(programme).weights())[0, 0])
    assert "Excluded: no language in common" in _reasons(pool, 0, 0, programme)


def test_own_manager_is_never_a_mentor():
    programme = matching_programme()
    boss = person(programme, MENTOR)
    mentee = person(programme, manager_email=boss.user.email.upper())

    pool = build_pool(programme, mentees=[mentee])

    assert np.isnan(score_matrix(pool, settings_for(programme).weights())[0, 0])
    assert "Excluded: one is the other's manager" in _reasons(pool, 0, 0, programme)


def test_do_not_match_pairs_and_former_partners_are_forbidden():
    programme = matching_programme()
    mentee = person(programme)
    kept_apart = person(programme, MENTOR)
    former = person(programme, MENTOR)
    Exclusion.objects.create(programme=programme, first=kept_apart, second=mentee)
    match = Match.objects.create(programme=programme, origin="manual", status="ended_early")
    MatchMember.objects.create(match=match, enrolment=former, role=MENTOR, current=False)
    MatchMember.objects.create(
        match=match, enrolment=mentee, role="mentee", mentor=former, place=1, current=False
    )

    pool = build_pool(programme, mentees=[mentee])
    scores = score_matrix(pool, settings_for(programme).weights())

    assert np.isnan(scores).all()
    assert "Excluded: a coordinator keeps these two apart" in _reasons(pool, 0, 0, programme)
    assert "Excluded: they were matched before" in _reasons(pool, 0, 1, programme)


def test_a_more_experienced_mentor_scores_higher():
    programme = matching_programme()
    mentee = person(programme, career_level=Application.CareerLevel.EARLY)
    person(programme, MENTOR, career_level=Application.CareerLevel.SENIOR)
    person(programme, MENTOR, career_level=Application.CareerLevel.STUDENT)

    pool = build_pool(programme, mentees=[mentee])
    scores = score_matrix(pool, settings_for(programme).weights())

    assert scores[0, 0] - scores[0, 1] == pytest.approx(10)
    assert "Mentor more experienced (+10)" in _reasons(pool, 0, 0, programme)
    assert "Mentor less experienced (+0)" in _reasons(pool, 0, 1, programme)


def test_wishes_give_a_bonus_by_rank():
    programme = matching_programme()
    mentee = person(programme)
    first = person(programme, MENTOR)
    second = person(programme, MENTOR)
    Preference.objects.create(chooser=mentee, chosen=first, rank=1)
    Preference.objects.create(chooser=mentee, chosen=second, rank=2)
    Preference.objects.create(chooser=first, chosen=mentee, rank=1)

    pool = build_pool(programme, mentees=[mentee])
    scores = score_matrix(pool, settings_for(programme).weights())

    assert scores[0, 0] - scores[0, 1] == pytest.approx(20 - 5)
    assert "Asked for: wish no. 1 of the mentee, wish no. 1 of the mentor (+20)" in _reasons(
        pool, 0, 0, programme
    )


def test_similar_working_styles_score_higher():
    programme = matching_programme()
    style = {"structure": 5, "feedback": 5, "reflection": 1, "balance": 3, "change": 2}
    opposite = {"structure": 1, "feedback": 1, "reflection": 5, "balance": 3, "change": 2}
    mentee = person(programme, working_style=style)
    person(programme, MENTOR, working_style=style)
    person(programme, MENTOR, working_style=opposite)

    pool = build_pool(programme, mentees=[mentee])
    scores = score_matrix(pool, settings_for(programme).weights())

    assert scores[0, 0] > scores[0, 1]
    assert "Working style and values 100% alike (+15)" in _reasons(pool, 0, 0, programme)
    assert "Working style and values 40% alike (+6)" in _reasons(pool, 0, 1, programme)
    why = explain(pool, settings_for(programme).weights(), 0, 1).as_json()
    with translation.override("sv"):
        assert "Arbetssätt och värderingar 40\xa0% lika (+6)" in [describe(i) for i in why]


def test_explanations_add_up_to_the_matrix_score():
    """The optimiser and the coordinator read the same number."""
    programme = matching_programme()
    areas = [AreaFactory(programme=programme, name=n) for n in ("A", "B", "C")]
    rng = np.random.default_rng(3)
    formats = [c for c, _l in Application.MeetingFormat.choices]
    times = [c for c, _l in Application.Availability.choices]
    levels = [c for c, _l in Application.CareerLevel.choices]
    words = ["budget", "leadership", "coaching", "sales", "health", "writing"]

    def random_person(role):
        return person(
            programme,
            role,
            capacity=2,
            areas=list(rng.choice(areas, size=rng.integers(0, 3), replace=False)),
            languages=list(rng.choice(["sv", "en"], size=rng.integers(1, 3), replace=False)),
            meeting_formats=list(rng.choice(formats, size=rng.integers(0, 3), replace=False)),
            availability=list(rng.choice(times, size=rng.integers(0, 4), replace=False)),
            career_level=str(rng.choice(levels)),
            city=str(rng.choice(["Umeå", "Luleå", ""])),
            department=str(rng.choice(["HR", "IT", ""])),
            expertise=" ".join(rng.choice(words, size=3)),
            working_style={"structure": int(rng.integers(1, 6))},
        )

    for _ in range(6):
        random_person("mentee")
    for _ in range(4):
        random_person(MENTOR)
    pool = build_pool(programme)
    weights = settings_for(programme).weights()
    scores = score_matrix(pool, weights)

    for i in range(len(pool.mentees)):
        for j in range(len(pool.mentors)):
            why = explain(pool, weights, i, j)
            if np.isnan(scores[i, j]):
                assert why.score is None and why.excluded
            else:
                assert why.score == pytest.approx(float(scores[i, j]), abs=0.1)
                assert sum(item["points"] for item in why.items) == pytest.approx(
                    why.score, abs=0.2
                )


def test_peer_scores_are_symmetric_and_never_self():
    programme = matching_programme(kind=Programme.Kind.PEER)
    area = AreaFactory(programme=programme)
    for level in ("early", "manager", "manager"):
        person(programme, "peer", career_level=level, areas=[area], expertise="coaching")

    pool = build_pool(programme)
    scores = score_matrix(pool, settings_for(programme).weights())

    assert np.isnan(np.diag(scores)).all()
    np.testing.assert_allclose(scores, scores.T)
    assert scores[1, 2] > scores[0, 1]
    assert "Same career level (+10)" in _reasons(pool, 1, 2, programme)


def test_people_imported_without_an_application_can_still_be_scored():
    programme = matching_programme()
    from programs.tests.factories import EnrolmentFactory

    mentee = EnrolmentFactory(programme=programme, role="mentee")
    EnrolmentFactory(programme=programme, role=MENTOR, capacity=1)

    pool = build_pool(programme, mentees=[mentee])
    scores = score_matrix(pool, settings_for(programme).weights())

    assert scores.shape == (1, 1) and not np.isnan(scores[0, 0])


def test_keywords_skip_short_and_filler_words():
    assert keywords("I want to work better at Budgeting, and the budget!") == {
        "budgeting",
        "budget",
    }
