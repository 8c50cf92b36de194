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
from matching.selectors import candidates_for, search_candidates, wish_candidates
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


@pytest.mark.parametrize(
    "who", ["outsider", "other_programme", "not_enrolled_applicant", "coordinator"]
)
def test_people_outside_the_programme_get_404(client, ada, mentors, outsider, who):
    if who == "outsider":
        user = outsider
    elif who == "coordinator":
        from programs.services import coordinator_grant

        user = UserFactory(display_name="Cora Coordinator")
        coordinator_grant(user=user, programme=ada.programme)
    elif who == "other_programme":
        user = participant(ProgrammeFactory(status="matching"), "mentee", "Elsewhere").user
    else:
        user = UserFactory()
        ApplicationFactory(programme=ada.programme, user=user)
    client.force_login(user)

    assert client.get(wishes_url(ada.programme)).status_code == 404
    assert client.post(wishes_url(ada.programme), add(mentors[0])).status_code == 404
    assert not Preference.objects.exists()


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


def test_anonymous_visitors_are_asked_to_sign_in(client, ada, mentors):
    response = client.get(wishes_url(ada.programme))
    posted = client.post(wishes_url(ada.programme), add(mentors[0]))

    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert reverse("account_login") in posted.url
    assert not Preference.objects.exists()


@pytest.mark.parametrize("status", ["intake_open", "running"])
def test_outside_matching_the_page_explains_when_wishes_are_taken(client, ada, mentors, status):
    Programme.objects.filter(pk=ada.programme_id).update(status=status)
    client.force_login(ada.user)

    response = client.get(wishes_url(ada.programme))
    posted = client.post(wishes_url(ada.programme), add(mentors[0]))

    assert response.status_code == 200
    assert "while matching is under way" in response.text
    assert "Maja Mentor" not in response.text
    assert "to my wishes" not in response.text
    assert posted.status_code == 200
    assert "while matching is under way" in posted.text
    assert not Preference.objects.exists()


def test_someone_already_matched_is_told_there_is_nothing_to_wish(client, ada, mentors):
    pair(mentors[0], ada)
    client.force_login(ada.user)

    page = client.get(wishes_url(ada.programme)).text

    assert "matched already" in page


# --- Saving ---------------------------------------------------------------------------------
def add(person: Enrolment, **extra) -> dict:
    return {"action": "add", "person": person.pk, **extra}


def test_wishes_are_added_in_rank_order_and_shown_again(client, ada, mentors):
    maja, bo = mentors
    client.force_login(ada.user)

    response = client.post(wishes_url(ada.programme), add(bo), follow=True)
    client.post(wishes_url(ada.programme), add(maja))

    assert response.redirect_chain == [(wishes_url(ada.programme), 302)]
    assert "Bo Berg is now your wish number 1." in response.text
    assert list(Preference.objects.values_list("chosen", "rank")) == [(bo.pk, 1), (maja.pk, 2)]
    page = client.get(wishes_url(ada.programme))
    assert [p.pk for p in page.context["wished"]] == [bo.pk, maja.pk]
    panel = page.text.split('id="wishes-heading"')[1]
    assert panel.index("Bo Berg") < panel.index("Maja Mentor")
    assert 'Add <span class="visually-hidden">Maja Mentor</span> to my wishes' not in page.text


def test_moving_and_removing_change_the_ranks(client, ada, mentors):
    maja, bo = mentors
    client.force_login(ada.user)
    preferences_save(chooser=ada, chosen=[bo, maja])
    url = wishes_url(ada.programme)

    moved = client.post(url, {"action": "up", "person": maja.pk}, follow=True)
    assert "Maja Mentor is now your wish number 1." in moved.text
    assert list(Preference.objects.values_list("chosen", "rank")) == [(maja.pk, 1), (bo.pk, 2)]
    client.post(url, {"action": "down", "person": maja.pk})
    assert list(Preference.objects.values_list("chosen", "rank")) == [(bo.pk, 1), (maja.pk, 2)]
    client.post(url, {"action": "down", "person": maja.pk})  # already last: stays
    assert list(Preference.objects.values_list("chosen", "rank")) == [(bo.pk, 1), (maja.pk, 2)]

    removed = client.post(url, {"action": "remove", "person": bo.pk}, follow=True)
    assert "Bo Berg is no longer among your wishes." in removed.text
    assert list(Preference.objects.values_list("chosen", "rank")) == [(maja.pk, 1)]


def test_the_buttons_are_named_with_the_person_and_the_ends_are_disabled(client, ada, mentors):
    maja, bo = mentors
    preferences_save(chooser=ada, chosen=[bo, maja])
    client.force_login(ada.user)

    page = client.get(wishes_url(ada.programme)).text

    assert 'disabled>Move <span class="visually-hidden">Bo Berg</span> up' in page
    assert 'disabled>Move <span class="visually-hidden">Maja Mentor</span> down' in page
    assert '-danger">Remove <span class="visually-hidden">Maja Mentor</span> from' in page
    assert page.count("csrfmiddlewaretoken") >= 6


def test_names_are_escaped_in_buttons_and_messages(client, ada, matching_programme):
    odd = participant(matching_programme, "mentor", "<b>Bold</b> Mentor")
    client.force_login(ada.user)

    page = client.post(wishes_url(ada.programme), add(odd), follow=True).text

    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; Mentor is now your wish number 1." in page
    assert 'Remove <span class="visually-hidden">&lt;b&gt;Bold&lt;/b&gt; Mentor</span>' in page


def test_choosing_someone_twice_is_refused_with_their_name(client, ada, mentors):
    client.force_login(ada.user)
    client.post(wishes_url(ada.programme), add(mentors[0]))

    response = client.post(wishes_url(ada.programme), add(mentors[0]), follow=True)

    assert "Maja Mentor is already among your wishes." in response.text
    assert list(Preference.objects.values_list("chosen", flat=True)) == [mentors[0].pk]


@pytest.mark.parametrize(
    "forged",
    [
        {"action": "add", "person": "abc"},
        {"action": "add", "person": "-1"},
        {"action": "add", "person": "99999999999999999999999"},
        {"action": "add", "person": "1.5"},
        {"action": "add"},
        {"action": "steal", "person": "1"},
        {},
    ],
)
def test_forged_posts_get_a_clear_message_never_a_crash(client, ada, mentors, forged):
    client.force_login(ada.user)

    response = client.post(wishes_url(ada.programme), forged, follow=True)

    assert response.status_code == 200
    assert "Choose a person on the page and use one of the buttons" in response.text
    assert not Preference.objects.exists()


def test_people_who_are_not_candidates_cannot_be_chosen_by_id(client, ada, mentors):
    other_mentee = participant(ada.programme, "mentee", "Other Mentee")
    foreign = participant(ProgrammeFactory(status="matching"), "mentor", "Foreign Mentor")
    client.force_login(ada.user)

    for pk in (ada.pk, other_mentee.pk, foreign.pk, 2**31 - 1):
        response = client.post(
            wishes_url(ada.programme), {"action": "add", "person": pk}, follow=True
        )
        assert "This person cannot be chosen." in response.text
        assert "Foreign Mentor" not in response.text and "Other Mentee" not in response.text
    assert not Preference.objects.exists()


def test_only_wished_people_can_be_moved_or_removed(client, ada, mentors):
    client.force_login(ada.user)

    for action in ("up", "down", "remove"):
        response = client.post(
            wishes_url(ada.programme), {"action": action, "person": mentors[0].pk}, follow=True
        )
        assert "This person is not among your wishes." in response.text
    assert not Preference.objects.exists()


def test_a_wish_for_someone_no_longer_free_is_dropped_at_the_next_change(
    client, ada, mentors, matching_programme
):
    maja, bo = mentors
    preferences_save(chooser=ada, chosen=[bo])
    pair(bo, participant(matching_programme, "mentee", "Quicker Mentee"))  # Bo is now full
    client.force_login(ada.user)

    response = client.post(wishes_url(ada.programme), add(maja), follow=True)

    assert "Maja Mentor is now your wish number 1." in response.text
    assert list(Preference.objects.values_list("chosen", "rank")) == [(maja.pk, 1)]


def test_the_number_of_wishes_follows_the_programmes_settings(client, ada, mentors):
    MatchingSettings.objects.create(programme=ada.programme, max_requests=1)
    client.force_login(ada.user)
    client.post(wishes_url(ada.programme), add(mentors[0]))

    refused = client.post(wishes_url(ada.programme), add(mentors[1]), follow=True)

    assert "You can give at most 1 wish." in refused.text
    assert list(Preference.objects.values_list("chosen", flat=True)) == [mentors[0].pk]
    assert "You can choose 1 person." in refused.text
    assert "Your wishes are full." in refused.text
    assert 'disabled aria-describedby="wishes-full">Add' in refused.text


def test_the_page_and_its_messages_speak_swedish(client, ada, mentors):
    ada.user.preferred_language = "sv"
    ada.user.save()
    client.force_login(ada.user)

    response = client.post(wishes_url(ada.programme), add(mentors[0]), follow=True)

    assert "Maja Mentor är nu ditt önskemål nummer 1." in response.text
    assert 'Ta bort <span class="visually-hidden">Maja Mentor</span> från mina önskemål' in (
        response.text
    )
    assert 'Lägg till <span class="visually-hidden">Bo Berg</span> bland mina önskemål' in (
        response.text
    )
    assert "Sök på namn, organisation, ort eller område" in response.text


# --- Paging and search ----------------------------------------------------------------------
def many_mentors(programme: Programme, count: int, start: int = 0, **application) -> None:
    area = programme.areas.first() or AreaFactory(programme=programme, name="Career")
    for i in range(start, start + count):
        mentor = participant(programme, "mentor", f"Mentor {i:03d}", **application)
        Application.objects.get(user=mentor.user).areas.add(area)


def test_candidates_come_twenty_a_page_in_a_stable_order(client, ada):
    many_mentors(ada.programme, 45, city="Malmö")
    client.force_login(ada.user)

    first = client.get(wishes_url(ada.programme))
    third = client.get(wishes_url(ada.programme), {"page": 3})

    assert [c.name for c in first.context["candidates"]] == [f"Mentor {i:03d}" for i in range(20)]
    assert [c.name for c in third.context["candidates"]] == [
        f"Mentor {i:03d}" for i in range(40, 45)
    ]
    assert "Page 1 of 3" in first.text
    assert 'aria-current="page"' in first.text
    assert "?page=2" in first.text


@pytest.mark.parametrize("page", ["abc", "0", "-3", "999999", "1e9", "99999999999999999999999"])
def test_a_bad_page_number_shows_the_nearest_page(client, ada, page):
    many_mentors(ada.programme, 25)
    client.force_login(ada.user)

    response = client.get(wishes_url(ada.programme), {"page": page})

    assert response.status_code == 200
    assert response.context["candidates"]


def test_search_finds_by_name_organisation_city_and_area(client, ada, mentors):
    client.force_login(ada.user)

    def found(q: str) -> list[str]:
        response = client.get(wishes_url(ada.programme), {"q": q})
        return [c.name for c in response.context["candidates"]]

    assert found("maja") == ["Maja Mentor"]
    assert found("KOMMUN") == ["Bo Berg"]
    assert found("umeå") == ["Maja Mentor"]
    assert found("leader") == ["Maja Mentor"]
    assert found("Ada") == []  # never oneself
    assert found("boss@example") == []  # nothing private is searched
    nobody = client.get(wishes_url(ada.programme), {"q": "<b>zz</b>"}).text
    assert "Nobody you can choose matches “&lt;b&gt;zz&lt;/b&gt;”." in nobody


@pytest.mark.parametrize("q", ["\x00", "Maja\x00", "x" * 5000, "%", "_"])
def test_odd_searches_are_answered_never_a_crash(client, ada, mentors, q):
    client.force_login(ada.user)

    response = client.get(wishes_url(ada.programme), {"q": q})

    assert response.status_code == 200
    assert len(response.context["search"]) <= 100
    assert "\x00" not in response.context["search"]


def test_the_buttons_need_the_csrf_token(ada, mentors):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ada.user)

    assert browser.post(wishes_url(ada.programme), add(mentors[0])).status_code == 403
    assert not Preference.objects.exists()


def test_search_keeps_one_row_per_person_with_several_matching_areas(ada, mentors):
    maja = mentors[0]
    Application.objects.get(user=maja.user).areas.add(
        AreaFactory(programme=ada.programme, name="Leadership for groups")
    )

    assert list(search_candidates(ada, "leader")) == [maja]


def test_search_and_page_survive_a_post(client, ada):
    many_mentors(ada.programme, 30, city="Malmö")
    client.force_login(ada.user)
    page = client.get(wishes_url(ada.programme), {"q": "Mentor", "page": 2})
    person = page.context["candidates"][0].enrolment

    response = client.post(
        wishes_url(ada.programme), add(person, q="Mentor", page="2"), follow=False
    )

    assert response.status_code == 302
    assert response.url == wishes_url(ada.programme) + "?q=Mentor&page=2"
    assert 'name="q" value="Mentor"' in page.text and 'name="page" value="2"' in page.text


def test_only_the_pages_candidates_applications_are_read(client, ada):
    many_mentors(ada.programme, 25)
    client.force_login(ada.user)

    with CaptureQueriesContext(connection) as captured:
        client.get(wishes_url(ada.programme))

    reads = [q["sql"] for q in captured if '"user_id" IN (' in q["sql"]]
    shown = client.get(wishes_url(ada.programme)).context["candidates"]
    assert len(reads) == 1 and len(shown) == 20
    ids = reads[0].split('"user_id" IN (')[1].split(")")[0]
    assert sorted(int(i) for i in ids.split(",")) == sorted(c.enrolment.user_id for c in shown)


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
def _queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302)
    return len(captured)


@pytest.mark.parametrize(
    "method, action",
    [("get", None), ("post", "add"), ("post", "up"), ("post", "down"), ("post", "remove")],
)
def test_wishes_page_queries_do_not_grow_with_candidates(client, ada, method, action):
    many_mentors(ada.programme, 5, city="Malmö")
    client.force_login(ada.user)
    url = wishes_url(ada.programme)

    def measure() -> int:
        people = list(wish_candidates(ada))
        preferences_save(chooser=ada, chosen=people[:2])
        data = None
        if action:
            person = people[2] if action == "add" else people[1]
            data = {"action": action, "person": person.pk, "q": "Mentor", "page": "1"}
        count = _queries(client, method, url, data)
        if action:
            assert "now your wish" in client.get(url).text or action == "remove"
        return count

    few = measure()
    many_mentors(ada.programme, 95, start=5, city="Malmö")
    many = measure()

    assert many == few
    if method == "get":
        assert client.get(url).text.count("<h3 ") == 20
