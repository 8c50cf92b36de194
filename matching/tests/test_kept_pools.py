"""Find a mentor keeps the mentors' half of the pool between pages: the same scores as a
pool read afresh, and read again as soon as anything it came from changes."""

import numpy as np
import pytest
from django.utils import translation

from intake.models import Application
from intake.tests.factories import person
from matching.explanations import explain_pairs
from matching.models import Exclusion, Preference, settings_for
from matching.pools import build_pool, mentee_pool
from matching.scoring import score_matrix
from matching.selectors import mentor_choices
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory
from relationships.services import match_create

from .factories import matching_programme
from .test_explanations import _random_people, _rules_and_wishes

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR


def _requests_programme():
    return matching_programme(matching_mode=Programme.MatchingMode.MENTEE_REQUESTS)


def _same_scores(programme, mentee):
    weights = settings_for(programme).weights()
    kept, _applications = mentee_pool(programme, mentee)
    fresh = build_pool(programme, mentees=[mentee])
    assert [m.pk for m in kept.mentors.enrolments] == [m.pk for m in fresh.mentors.enrolments]
    np.testing.assert_array_equal(score_matrix(kept, weights), score_matrix(fresh, weights))
    pairs = [(0, j) for j in range(len(fresh.mentors))]
    assert [w.as_json() for w in explain_pairs(kept, weights, pairs)] == [
        w.as_json() for w in explain_pairs(fresh, weights, pairs)
    ]
    return kept


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_a_kept_half_scores_like_a_pool_read_afresh(seed):
    rng = np.random.default_rng(seed)
    programme = _requests_programme()
    people = _random_people(programme, rng, ["mentee"] * 3 + [MENTOR] * 6)
    _rules_and_wishes(programme, people, rng)
    # Something only a mentee names: an area, a language and words no mentor has.
    own = AreaFactory(programme=programme, name="Only mine")
    mentee = person(programme, areas=[own], languages=["sv", "is"], goals="glaciology")
    Exclusion.objects.create(programme=programme, first=mentee, second=people[-1])
    Preference.objects.create(chooser=mentee, chosen=people[-2], rank=1)

    for someone in [*people[:3], mentee]:
        _same_scores(programme, someone)
        _same_scores(programme, someone)  # the second time from the kept half


def _ranked(mentee):
    with translation.override("en"):
        return {c.profile.name: c for c in mentor_choices(mentee)}


@pytest.fixture
def pair():
    programme = _requests_programme()
    area = AreaFactory(programme=programme, name_en="Career", name_sv="Karriär")
    mentee = person(programme, "mentee", "Adam Adept", areas=[area])
    mentor = person(programme, MENTOR, "Maja Mentor", areas=[area], capacity=1)
    assert set(_ranked(mentee)) == {"Maja Mentor"}  # the half is kept from here on
    return programme, mentee, mentor, area


def test_an_edited_application_is_read_again(pair):
    _programme, mentee, mentor, _area = pair
    application = Application.objects.get(user=mentor.user)
    application.areas.clear()
    application.save()

    assert "Shared areas" not in " ".join(_ranked(mentee)["Maja Mentor"].reasons)


def test_a_renamed_or_withdrawn_mentor_is_read_again(pair):
    _programme, mentee, mentor, _area = pair
    mentor.user.display_name = "Maja Renamed"
    mentor.user.save()
    assert set(_ranked(mentee)) == {"Maja Renamed"}

    Enrolment.objects.filter(pk=mentor.pk).update(status=Enrolment.Status.WITHDRAWN)
    assert _ranked(mentee) == {}


def test_a_new_mentor_and_a_full_one_are_read_again(pair):
    programme, mentee, mentor, area = pair
    person(programme, MENTOR, "Nils New", areas=[area])
    assert set(_ranked(mentee)) == {"Maja Mentor", "Nils New"}

    other = person(programme, "mentee", "Bo Busy")
    match_create(programme=programme, mentor=mentor, mentees=[other], origin="manual", by=None)
    assert set(_ranked(mentee)) == {"Nils New"}


def test_area_names_read_in_the_readers_language_from_a_kept_half(pair):
    _programme, mentee, _mentor, _area = pair
    with translation.override("sv"):
        (swedish,) = mentor_choices(mentee)
    assert swedish.profile.areas == ["Karriär"]
    assert _ranked(mentee)["Maja Mentor"].profile.areas == ["Career"]
