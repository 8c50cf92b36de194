"""The coordinator's round review: the round as it stands, pages and search, asking first."""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake.models import Application
from intake.tests.factories import person
from matching.models import Exclusion, MatchingRun, Suggestion
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from relationships.models import Match

from .factories import many_people

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR


@pytest.fixture
def matching(programme):
    programme.status = Programme.Status.MATCHING
    programme.save()
    return programme


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def page(programme, **query) -> str:
    url = reverse("admin:matching_programme", args=[programme.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def act(programme, action: str) -> str:
    return reverse("admin:matching_programme_action", args=[programme.pk, action])


def people_url(programme, side: str) -> str:
    return reverse("admin:matching_programme_people", args=[programme.pk, side])


def summary_of(text: str) -> str:
    found = re.search(r'<p id="round-summary">(.*?)</p>', text, re.S)
    assert found, "the page states the round's summary"
    return " ".join(found.group(1).split())


def flash_of(text: str) -> list[str]:
    return [" ".join(m.split()) for m in re.findall(r'<li class="[a-z]+">(.*?)</li>', text, re.S)]


@pytest.fixture
def four(matching):
    """Two mentees, two mentors with one place each, and a round of two suggestions."""
    people = {
        "ann": person(matching, name="Ann Mentee"),
        "bea": person(matching, name="Bea Mentee"),
        "mia": person(matching, MENTOR, "Mia Mentor"),
        "max": person(matching, MENTOR, "Max Mentor"),
    }
    return people


def _run(client, programme) -> MatchingRun:
    client.post(act(programme, "run"), {"objective": "most_matched"})
    run = MatchingRun.objects.get(programme=programme, status=MatchingRun.Status.READY)
    assert run.suggestions.count() == 2
    return run


# --- The summary follows the round as it stands ------------------------------------------
def test_after_an_exclusion_the_summary_says_who_has_no_suggestion(client, coordinator, four):
    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)
    bea_pick = run.suggestions.get(first=four["bea"])

    client.post(act(run.programme, "exclude"), {"suggestion": bea_pick.pk})
    text = client.get(page(run.programme)).text

    summary = summary_of(text)
    assert summary.startswith("1 suggestion, total score")
    assert "2 people wait for a match; 1 of them has no suggestion." in summary
    assert "Everyone waiting has a suggestion." not in text
    unmatched = text[text.index('id="unmatched"') :]
    assert "Bea Mentee" in unmatched[: unmatched.index("</table>")]


def test_a_hand_pair_names_the_suggestions_it_removed(client, coordinator, four):
    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)
    ann_pick = run.suggestions.get(first=four["ann"])
    bea_pick = run.suggestions.get(first=four["bea"])

    # Bea takes Ann's mentor, who has one place: Ann's suggestion and Bea's own give way.
    response = client.post(
        act(run.programme, "pair"),
        {"first": four["bea"].pk, "second": ann_pick.second_id},
        follow=True,
    )

    flashes = " ".join(flash_of(response.text))
    assert "These suggestions were removed to make way for the pair:" in flashes
    assert str(ann_pick) in flashes and str(bea_pick) in flashes
    assert f"Paired and locked: Bea Mentee · {ann_pick.second.user}" in flashes
    assert "1 of them has no suggestion." in summary_of(response.text)


def test_flash_and_header_agree_after_a_rerun_around_a_locked_pair(client, coordinator, four):
    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)
    client.post(act(run.programme, "lock"), {"suggestion": run.suggestions.first().pk})

    response = client.post(act(run.programme, "run"), {"objective": "most_matched"}, follow=True)

    assert "Suggestions are ready: 2." in flash_of(response.text)
    assert summary_of(response.text).startswith("2 suggestions, total score")


# --- Asking before acting -----------------------------------------------------------------
def test_confirming_asks_first_and_says_what_will_happen(
    client, coordinator, four, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)

    asked = client.get(act(run.programme, "confirm"))

    assert asked.status_code == 200
    assert "2 matches will be created." in asked.text
    assert "4 people will be e-mailed an introduction." in asked.text
    assert not Match.objects.exists() and not mailoutbox
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.READY

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(act(run.programme, "confirm"), follow=True)

    assert "2 matches created. 4 people get an introduction e-mail." in flash_of(done.text)
    assert Match.objects.filter(programme=run.programme).count() == 2
    assert len(mailoutbox) == 4


def test_excluding_asks_first(client, coordinator, four):
    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)
    pick = run.suggestions.get(first=four["ann"])

    asked = client.get(act(run.programme, "exclude"), {"suggestion": pick.pk})

    assert asked.status_code == 200
    assert f"{pick} will never be suggested together" in asked.text.replace("&nbsp;", " ")
    assert Suggestion.objects.filter(pk=pick.pk).exists()
    assert not Exclusion.objects.exists()

    client.post(act(run.programme, "exclude"), {"suggestion": pick.pk})

    assert not Suggestion.objects.filter(pk=pick.pk).exists()
    assert Exclusion.objects.filter(first=four["ann"], second=pick.second).exists()


def test_actions_without_the_csrf_token_change_nothing(coordinator, four):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    programme = four["ann"].programme
    logged_in = Client()
    logged_in.force_login(coordinator)
    run = _run(logged_in, programme)

    assert client.post(act(programme, "confirm")).status_code == 403
    pick = run.suggestions.first()
    assert client.post(act(programme, "exclude"), {"suggestion": pick.pk}).status_code == 403

    assert not Match.objects.exists()
    assert Suggestion.objects.filter(pk=pick.pk).exists()


def test_other_actions_still_need_a_post(client, coordinator, four):
    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)

    response = client.get(act(run.programme, "lock"), {"suggestion": run.suggestions.first().pk})

    assert response.status_code == 405
    assert not Suggestion.objects.filter(locked=True).exists()


# --- Pages and search ---------------------------------------------------------------------
@pytest.fixture
def big_round(client, coordinator, matching, django_capture_on_commit_callbacks):
    many_people(matching, 60, 40, capacity=1)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act(matching, "run"))
    run = MatchingRun.objects.get(programme=matching)
    assert run.suggestions.count() > 30
    return run


def _rows(text: str) -> int:
    return text.count('<tr class="suggestion')


def test_suggestions_come_a_page_at_a_time(client, big_round):
    total = big_round.suggestions.count()

    first = client.get(page(big_round.programme)).text
    last = client.get(page(big_round.programme, p=2)).text

    assert _rows(first) == 25
    assert _rows(last) == total - 25
    assert 'aria-current="page">2<' in last


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "99999999999999999999999", "²", "1.5"])
def test_a_bad_page_number_shows_a_page_never_an_error(client, big_round, bad):
    response = client.get(page(big_round.programme), {"p": bad})

    assert response.status_code == 200
    assert _rows(response.text) > 0


def test_the_search_finds_suggestions_by_name_or_email(client, big_round):
    pick = big_round.suggestions.select_related("first__user", "second__user").first()

    by_email = client.get(page(big_round.programme), {"q": pick.first.user.email}).text
    by_name = client.get(page(big_round.programme), {"q": pick.second.user.display_name}).text
    nobody = client.get(page(big_round.programme), {"q": "no such person"}).text

    assert _rows(by_email) == 1 and pick.first.user.email in by_email
    assert _rows(by_name) >= 1
    assert all(
        pick.second.user.display_name in row for row in by_name.split('<tr class="suggestion')[1:]
    )
    assert _rows(nobody) == 0
    assert "No suggestion names anyone by that name" in nobody


def test_actions_come_back_to_the_same_page_and_search(client, big_round):
    pick = big_round.suggestions.first()

    response = client.post(
        act(big_round.programme, "lock"), {"suggestion": pick.pk, "q": "Person", "p": "2"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?q=Person&p=2")
    assert Suggestion.objects.get(pk=pick.pk).locked


def test_the_left_over_lists_are_capped_with_a_count(client, coordinator, matching):
    many_people(matching, 50, 0)
    person(matching, MENTOR, capacity=1)
    client.force_login(coordinator)
    client.post(act(matching, "run"))

    text = client.get(page(matching)).text

    assert "Not matched (49)" in text
    assert "The first 30 of 49 are shown." in text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_page_and_search_read_as_many_queries_for_a_large_round_as_for_a_small_one(
    client, coordinator, matching, other_programme, django_capture_on_commit_callbacks
):
    coordinator_grant(user=coordinator, programme=other_programme)
    other_programme.status = Programme.Status.MATCHING
    other_programme.save()
    many_people(matching, 10, 4)
    many_people(other_programme, 300, 150)
    client.force_login(coordinator)
    before = [_queries(client, page(p)) for p in (matching, other_programme)]
    with django_capture_on_commit_callbacks(execute=True):
        for programme in (matching, other_programme):
            client.post(act(programme, "run"))

    searched = [_queries(client, page(p, q="Person", p=2)) for p in (matching, other_programme)]
    people = [
        _queries(client, people_url(p, "second") + "?term=Person")
        for p in (matching, other_programme)
    ]
    print(f"before a run {before}, searched {searched}, people {people} (10 × 4, 300 × 150)")

    assert before[0] == before[1]
    assert searched[0] == searched[1]
    assert people[0] == people[1]


# --- What each suggestion shows, and what the page says before and after ------------------
def test_suggestions_link_to_applications_and_show_places_left(client, coordinator, matching):
    ann = person(matching, name="Ann Mentee")
    mia = person(matching, MENTOR, "Mia Mentor", capacity=3)
    client.force_login(coordinator)
    client.post(act(matching, "run"))

    text = client.get(page(matching)).text

    for who in (ann, mia):
        application = Application.objects.get(user=who.user, programme=matching)
        assert reverse("admin:intake_application_change", args=[application.pk]) in text
    assert "2 places left after this round" in text


def test_without_the_right_to_see_applications_no_links(client, coordinator, matching):
    from django.contrib.auth.models import Permission

    ann = person(matching, name="Ann Mentee")
    person(matching, MENTOR, "Mia Mentor")
    client.force_login(coordinator)
    client.post(act(matching, "run"))
    for group in coordinator.groups.all():
        group.permissions.remove(Permission.objects.get(codename="view_application"))
    coordinator.user_permissions.clear()

    text = Client()
    text.force_login(coordinator)
    body = text.get(page(matching)).text

    application = Application.objects.get(user=ann.user, programme=matching)
    assert "Ann Mentee" in body
    assert reverse("admin:intake_application_change", args=[application.pk]) not in body


def test_before_a_run_the_page_says_who_waits(client, coordinator, matching):
    person(matching)
    person(matching)
    person(matching, MENTOR, capacity=2)
    full = person(matching, MENTOR)
    from relationships.services import match_create

    match_create(
        programme=matching, mentor=full, mentees=[person(matching)], origin="manual", by=None
    )
    client.force_login(coordinator)

    text = client.get(page(matching)).text

    assert "2 mentees wait for a match; 1 mentor has a place left." in text


def test_after_confirming_the_page_offers_to_start_the_programme(
    client, coordinator, four, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act(run.programme, "confirm"))

    text = client.get(page(run.programme)).text
    assert "Next step" in text
    assert "Move the programme to “Running”" in text

    response = client.post(act(run.programme, "start"), follow=True)

    assert "Programme A is now running." in flash_of(response.text)
    run.programme.refresh_from_db()
    assert run.programme.status == Programme.Status.RUNNING
    assert "Next step" not in response.text


# --- Pair by hand searches people, for this programme's coordinators only -----------------
def _names(response) -> list[str]:
    return [item["text"] for item in json.loads(response.content)["results"]]


def test_the_people_search_offers_only_those_who_may_be_paired(
    client, coordinator, four, other_programme
):
    from relationships.services import match_create

    programme = four["ann"].programme
    taken = person(programme, name="Tom Taken")
    full = person(programme, MENTOR, "Fia Full")
    match_create(programme=programme, mentor=full, mentees=[taken], origin="manual", by=None)
    person(other_programme, name="Ann Elsewhere")
    person(other_programme, MENTOR, "Mia Elsewhere")
    client.force_login(coordinator)

    mentees = _names(client.get(people_url(programme, "first"), {"term": "ment"}))
    mentors = _names(client.get(people_url(programme, "second"), {"term": ""}))
    searched = _names(client.get(people_url(programme, "first"), {"term": "bea"}))

    assert mentees == [
        "Ann Mentee (ann.mentee@example.org)",
        "Bea Mentee (bea.mentee@example.org)",
    ]
    assert [n.split(" (")[0] for n in mentors] == ["Max Mentor", "Mia Mentor"]
    assert searched == ["Bea Mentee (bea.mentee@example.org)"]


def test_the_people_search_comes_a_page_at_a_time(client, coordinator, matching):
    many_people(matching, 45, 0)
    client.force_login(coordinator)

    first = json.loads(client.get(people_url(matching, "first")).content)
    third = json.loads(client.get(people_url(matching, "first"), {"page": "3"}).content)
    bad = client.get(people_url(matching, "first"), {"page": "x"})

    assert len(first["results"]) == 20 and first["pagination"]["more"] is True
    assert len(third["results"]) == 5 and third["pagination"]["more"] is False
    assert bad.status_code == 200 and len(json.loads(bad.content)["results"]) == 20


def test_the_people_search_answers_nobody_else(
    client, four, mentee, other_coordinator, coordinator, superuser
):
    programme = four["ann"].programme
    url = people_url(programme, "first")

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "Ann Mentee" not in client.get(anonymous["Location"]).text

    client.force_login(mentee)
    participant = client.get(url)
    assert participant.status_code == 403 and "Ann Mentee" not in participant.text

    client.force_login(other_coordinator)
    elsewhere = client.get(url)
    assert elsewhere.status_code == 404 and "Ann Mentee" not in elsewhere.text

    for allowed in (coordinator, superuser):
        client.force_login(allowed)
        assert "Ann Mentee (ann.mentee@example.org)" in _names(client.get(url))
    assert client.get(people_url(programme, "third")).status_code == 404


@pytest.mark.parametrize("action", ["confirm", "exclude"])
def test_the_confirmation_pages_answer_their_coordinators_only(
    client, four, mentee, other_coordinator, coordinator, superuser, action
):
    programme = four["ann"].programme
    client.force_login(coordinator)
    run = _run(client, programme)
    pick = run.suggestions.get(first=four["ann"])
    client.logout()
    url = act(programme, action) + f"?suggestion={pick.pk}"

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "Ann Mentee" not in client.get(anonymous["Location"]).text

    client.force_login(mentee)
    participant = client.get(url)
    landing = client.get(participant["Location"])  # the admin's sign-in: coordinators only
    assert landing.status_code == 403 and "Ann Mentee" not in landing.text

    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    assert client.post(url, {"suggestion": pick.pk}).status_code == 404

    for allowed in (coordinator, superuser):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert "Nothing has happened yet." in response.text
    assert not Match.objects.exists() and Suggestion.objects.filter(pk=pick.pk).exists()


def test_a_peer_round_reads_as_peers_and_searches_peers_on_both_sides(client, coordinator):
    from .factories import matching_programme

    peers = matching_programme(kind=Programme.Kind.PEER, name="Peer circle")
    coordinator_grant(user=coordinator, programme=peers)
    for name in ("Ann Peer", "Bea Peer", "Cai Peer"):
        person(peers, Enrolment.Role.PEER, name)
    client.force_login(coordinator)
    client.post(act(peers, "run"))

    text = client.get(page(peers)).text
    second = _names(client.get(people_url(peers, "second"), {"term": "peer"}))

    assert "3 people wait for a match, and everyone waiting has a suggestion." in summary_of(text)
    assert "Mentors with places left" not in text
    assert [n.split(" (")[0] for n in second] == ["Ann Peer", "Bea Peer", "Cai Peer"]


def test_confirming_a_group_round_counts_groups_and_the_members_told(client, coordinator):
    from relationships.services import match_create

    from .factories import matching_programme

    groups = matching_programme(kind=Programme.Kind.GROUP, name="Group mentoring")
    coordinator_grant(user=coordinator, programme=groups)
    mia = person(groups, MENTOR, "Mia Mentor", capacity=4)
    match_create(programme=groups, mentor=mia, mentees=[person(groups)], origin="manual", by=None)
    person(groups, name="Ann Mentee")
    person(groups, name="Bea Mentee")
    client.force_login(coordinator)
    client.post(act(groups, "run"))

    asked = client.get(act(groups, "confirm")).text

    # One group grows by two: the newcomers, the mentor and the member already there.
    assert "1 group will be formed or joined." in asked
    assert "4 people will be e-mailed an introduction." in asked


def test_asking_to_confirm_a_round_without_suggestions_says_why_not(client, coordinator, matching):
    person(matching)  # a mentee, and no mentor at all
    client.force_login(coordinator)
    client.post(act(matching, "run"))

    response = client.get(act(matching, "confirm"), follow=True)

    assert "There is nothing to confirm: the round has no suggestions." in flash_of(response.text)
    assert "will be created" not in response.text


def test_only_those_who_may_change_the_programme_start_it(
    client, coordinator, four, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    client.force_login(coordinator)
    run = _run(client, four["ann"].programme)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act(run.programme, "confirm"))
    change = Permission.objects.get(codename="change_programme")
    for group in coordinator.groups.all():
        group.permissions.remove(change)
    reader = Client()
    reader.force_login(coordinator)

    assert "Next step" not in reader.get(page(run.programme)).text
    assert reader.post(act(run.programme, "start")).status_code == 403
    run.programme.refresh_from_db()
    assert run.programme.status == Programme.Status.MATCHING
