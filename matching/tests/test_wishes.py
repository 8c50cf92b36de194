"""Participants rank whom they would like to be matched with, while matching is under way."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake.models import Application
from intake.tests.factories import ApplicationFactory
from matching.models import MatchingSettings, Preference
from matching.selectors import candidates_for, wish_candidates
from matching.services.wishes import preferences_save
from programs.models import Enrolment, Programme
from programs.tests.factories import AreaFactory, EnrolmentFactory, ProgrammeFactory
from relationships.models import Match, MatchMember

pytestmark = pytest.mark.django_db


def participant(programme: Programme, role: str, name: str, capacity: int = 1, **application):
    """An active participant with an accepted application."""
    user = UserFactory(display_name=name, email=f"{name.lower().replace(' ', '.')}@example.org")
    enrolment = EnrolmentFactory(programme=programme, user=user, role=role, capacity=capacity)
    ApplicationFactory(
        programme=programme,
        user=user,
        role=role,
        status=Application.Status.ACCEPTED,
        capacity=capacity,
        **application,
    )
    return enrolment


def pair(mentor: Enrolment, mentee: Enrolment, place: int = 1) -> Match:
    match = Match.objects.create(programme=mentor.programme, origin=Match.Origin.MANUAL)
    if not MatchMember.objects.filter(enrolment=mentor, match__programme=mentor.programme).exists():
        MatchMember.objects.create(match=match, enrolment=mentor, role="mentor")
    MatchMember.objects.create(
        match=match, enrolment=mentee, role="mentee", mentor=mentor, place=place
    )
    return match


@pytest.fixture
def matching_programme(db):
    return ProgrammeFactory(
        name="Managers 2027", slug="managers-2027", status=Programme.Status.MATCHING
    )


@pytest.fixture
def ada(matching_programme):
    return participant(
        matching_programme,
        "mentee",
        "Ada Adept",
        manager_email="boss@example.org",
        goals="Become a calmer leader.",
    )


@pytest.fixture
def mentors(matching_programme):
    leadership = AreaFactory(programme=matching_programme, name="Leadership")
    maja = participant(
        matching_programme,
        "mentor",
        "Maja Mentor",
        capacity=2,
        organisation="Fraktbolaget",
        city="Umeå",
        expertise="Leading through change",
        manager_email="secret.manager@example.org",
        about_me="Private background text.",
        goals="Private mentor goals.",
    )
    Application.objects.get(user=maja.user).areas.add(leadership)
    bo = participant(matching_programme, "mentor", "Bo Berg", organisation="Kommunen")
    return [maja, bo]


def wishes_url(programme: Programme) -> str:
    return reverse("matching:wishes", kwargs={"slug": programme.slug})


# --- Who may come -------------------------------------------------------------------------
def test_mentee_sees_the_mentors_with_only_what_helps_to_choose(client, ada, mentors):
    client.force_login(ada.user)

    page = client.get(wishes_url(ada.programme)).text

    for shown in ("Maja Mentor", "Fraktbolaget", "Umeå", "Leadership", "Leading through change"):
        assert shown in page
    assert "Bo Berg" in page
    for private in (
        "maja.mentor@example.org",
        "secret.manager@example.org",
        "Private background text.",
        "Private mentor goals.",
    ):
        assert private not in page
    assert "Ada Adept" not in page.split("Who you can choose from")[1]  # not oneself


def test_a_mentor_chooses_among_mentees_and_a_peer_among_other_peers(client, ada, mentors):
    client.force_login(mentors[0].user)
    page = client.get(wishes_url(ada.programme)).text
    assert "Ada Adept" in page and "Bo Berg" not in page.split("Who you can choose from")[1]

    peers = ProgrammeFactory(
        kind=Programme.Kind.PEER,
        matching_mode=Programme.MatchingMode.PEER_POOL,
        status=Programme.Status.MATCHING,
    )
    me, other = participant(peers, "peer", "Pia Peer"), participant(peers, "peer", "Per Peer")
    assert list(wish_candidates(me)) == [other]


def test_candidates_are_active_free_and_of_the_programme(matching_programme, ada, mentors):
    maja, bo = mentors
    full = participant(matching_programme, "mentor", "Full Mentor")
    pair(full, participant(matching_programme, "mentee", "Taken Mentee"))
    paused = participant(matching_programme, "mentor", "Paused Mentor")
    paused.status = Enrolment.Status.PAUSED
    paused.save()
    participant(ProgrammeFactory(status=Programme.Status.MATCHING), "mentor", "Foreign Mentor")
    # Maja has two places: with one mentee she may still be wished for.
    pair(maja, participant(matching_programme, "mentee", "Maja's First"))

    assert set(wish_candidates(ada)) == {maja, bo}
    mentee_side = {c.name for c in candidates_for(bo)}
    assert mentee_side == {"Ada Adept"}  # matched mentees are not offered


@pytest.mark.parametrize("who", ["outsider", "other_programme", "not_enrolled_applicant"])
def test_people_outside_the_programme_get_404(client, ada, outsider, who):
    if who == "outsider":
        user = outsider
    elif who == "other_programme":
        user = participant(ProgrammeFactory(status="matching"), "mentee", "Elsewhere").user
    else:
        user = UserFactory()
        ApplicationFactory(programme=ada.programme, user=user)
    client.force_login(user)

    assert client.get(wishes_url(ada.programme)).status_code == 404


def test_a_withdrawn_participant_gets_404(client, ada):
    ada.status = Enrolment.Status.WITHDRAWN
    ada.save()
    client.force_login(ada.user)

    assert client.get(wishes_url(ada.programme)).status_code == 404


def test_programmes_where_mentees_request_a_mentor_have_no_wishes_page(client, ada):
    Programme.objects.filter(pk=ada.programme_id).update(
        matching_mode=Programme.MatchingMode.MENTEE_REQUESTS
    )
    client.force_login(ada.user)

    assert client.get(wishes_url(ada.programme)).status_code == 404


def test_a_missing_programme_is_404(client, ada):
    client.force_login(ada.user)

    assert client.get(reverse("matching:wishes", kwargs={"slug": "no-such"})).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client, ada):
    response = client.get(wishes_url(ada.programme))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


@pytest.mark.parametrize("status", ["intake_open", "running"])
def test_outside_matching_the_page_explains_when_wishes_are_taken(client, ada, mentors, status):
    Programme.objects.filter(pk=ada.programme_id).update(status=status)
    client.force_login(ada.user)

    response = client.get(wishes_url(ada.programme))
    posted = client.post(wishes_url(ada.programme), {"wish_1": mentors[0].pk})

    assert response.status_code == 200
    assert "while matching is under way" in response.text
    assert response.context["form"] is None
    assert "Maja Mentor" not in response.text
    assert posted.status_code == 200
    assert not Preference.objects.exists()


def test_someone_already_matched_is_told_there_is_nothing_to_wish(client, ada, mentors):
    pair(mentors[0], ada)
    client.force_login(ada.user)

    page = client.get(wishes_url(ada.programme)).text

    assert "matched already" in page


# --- Saving ---------------------------------------------------------------------------------
def test_wishes_are_saved_in_rank_order_and_shown_again(client, ada, mentors):
    maja, bo = mentors
    client.force_login(ada.user)

    response = client.post(
        wishes_url(ada.programme), {"wish_1": bo.pk, "wish_2": maja.pk}, follow=True
    )

    assert response.redirect_chain == [(wishes_url(ada.programme), 302)]
    assert "Your wishes have been saved" in response.text
    assert list(Preference.objects.values_list("chosen", "rank")) == [(bo.pk, 1), (maja.pk, 2)]
    form = response.context["form"]
    assert form["wish_1"].value() == bo.pk
    assert form["wish_2"].value() == maja.pk


def test_saving_again_replaces_the_wishes_and_gaps_close_up(client, ada, mentors):
    maja, bo = mentors
    client.force_login(ada.user)
    client.post(wishes_url(ada.programme), {"wish_1": bo.pk, "wish_2": maja.pk})

    client.post(wishes_url(ada.programme), {"wish_1": "", "wish_3": maja.pk})

    assert list(Preference.objects.values_list("chosen", "rank")) == [(maja.pk, 1)]
    client.post(wishes_url(ada.programme), {})
    assert not Preference.objects.exists()


def test_choosing_someone_twice_is_a_clear_form_error(client, ada, mentors):
    client.force_login(ada.user)

    response = client.post(
        wishes_url(ada.programme), {"wish_1": mentors[0].pk, "wish_2": mentors[0].pk}
    )

    assert response.status_code == 200
    assert "You have already chosen Maja Mentor" in response.text
    assert not Preference.objects.exists()


@pytest.mark.parametrize("forged", ["abc", "-1", "99999999999999999999999", "1.5"])
def test_forged_ids_are_form_errors_never_crashes(client, ada, mentors, forged):
    client.force_login(ada.user)

    response = client.post(wishes_url(ada.programme), {"wish_1": forged})

    assert response.status_code == 200
    assert "wish_1" in response.context["form"].errors


def test_people_who_are_not_candidates_cannot_be_chosen_by_id(client, ada, mentors):
    other_mentee = participant(ada.programme, "mentee", "Other Mentee")
    foreign = participant(ProgrammeFactory(status="matching"), "mentor", "Foreign Mentor")
    client.force_login(ada.user)

    for pk in (ada.pk, other_mentee.pk, foreign.pk):
        response = client.post(wishes_url(ada.programme), {"wish_1": pk})
        assert "wish_1" in response.context["form"].errors
    assert not Preference.objects.exists()


def test_the_number_of_wishes_follows_the_programmes_settings(client, ada, mentors):
    MatchingSettings.objects.create(programme=ada.programme, max_requests=1)
    client.force_login(ada.user)

    form = client.get(wishes_url(ada.programme)).context["form"]
    client.post(wishes_url(ada.programme), {"wish_1": mentors[0].pk, "wish_2": mentors[1].pk})

    assert list(form.fields) == ["wish_1"]
    assert list(Preference.objects.values_list("chosen", flat=True)) == [mentors[0].pk]


# --- The service ----------------------------------------------------------------------------
def test_service_refuses_too_many_wishes(ada, mentors, matching_programme):
    MatchingSettings.objects.create(programme=matching_programme, max_requests=1)

    with pytest.raises(ValidationError, match="at most 1 wish"):
        preferences_save(chooser=ada, chosen=mentors)


def test_service_refuses_oneself_duplicates_and_strangers(ada, mentors):
    peer_in_other = participant(ProgrammeFactory(status="matching"), "mentor", "Elsewhere")
    other_mentee = participant(ada.programme, "mentee", "Other Mentee")

    with pytest.raises(ValidationError, match="yourself"):
        preferences_save(chooser=ada, chosen=[ada])
    with pytest.raises(ValidationError, match="only once"):
        preferences_save(chooser=ada, chosen=[mentors[0], mentors[0]])
    for stranger in (peer_in_other, other_mentee):
        with pytest.raises(ValidationError, match="cannot be chosen") as refused:
            preferences_save(chooser=ada, chosen=[stranger])
        assert str(stranger.user) not in str(refused.value)  # nobody named by a forged id


def test_a_refused_save_keeps_the_earlier_wishes(ada, mentors):
    preferences_save(chooser=ada, chosen=[mentors[0]])

    with pytest.raises(ValidationError):
        preferences_save(chooser=ada, chosen=[mentors[1], ada])

    assert list(Preference.objects.values_list("chosen", flat=True)) == [mentors[0].pk]


def test_service_refuses_outside_matching(ada, mentors):
    Programme.objects.filter(pk=ada.programme_id).update(status=Programme.Status.RUNNING)

    with pytest.raises(ValidationError, match="while matching is under way"):
        preferences_save(chooser=ada, chosen=[mentors[0]])


# --- Cost -----------------------------------------------------------------------------------
def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_wishes_page_queries_do_not_grow_with_candidates(client, ada):
    area = AreaFactory(programme=ada.programme, name="Career")

    def add_mentors(count: int, start: int) -> None:
        for i in range(start, start + count):
            mentor = participant(ada.programme, "mentor", f"Mentor {i}", city="Malmö")
            Application.objects.get(user=mentor.user).areas.add(area)

    add_mentors(10, 0)
    preferences_save(chooser=ada, chosen=list(wish_candidates(ada)[:2]))
    client.force_login(ada.user)
    few = _queries(client, wishes_url(ada.programme))
    add_mentors(90, 10)

    response = client.get(wishes_url(ada.programme))
    assert response.text.count("<h3 ") == 100
    assert _queries(client, wishes_url(ada.programme)) == few
