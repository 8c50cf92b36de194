"""The coordinators' follow-ups in the admin: their own programmes' only, logged on the
follow-up's page, the next one made from the log, the note never shown to a participant."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import FollowUp
from evaluations.tests.factories import FollowUpFactory
from relationships.tests.factories import MatchFactory

from .conftest import ROLES, as_, started

pytestmark = pytest.mark.django_db

LIST = "admin:evaluations_followup_changelist"
SECRET = "Maja sounded worn out <b>confidential</b>"


def change_url(follow_up) -> str:
    return reverse("admin:evaluations_followup_change", args=[follow_up.pk])


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def follow_up(pair, today):
    """Adam and Maja began two months ago; a follow-up of theirs is due today."""
    match, _mentor, _mentee = pair
    started(match, timezone.now() - timedelta(days=60))
    return services.follow_up_ask(match=match, due_on=today, by=None)


@pytest.fixture
def foreign(otto, today):
    """A follow-up of another programme (Otto's)."""
    programme = otto.coordinated_programmes.get()
    return FollowUpFactory(match=MatchFactory(programme=programme), due_on=today)


# --- Who reaches what -----------------------------------------------------------------

PARTICIPANT = {"member", "other_member", "member_elsewhere"}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programmes_coordinators_reach_its_follow_ups(client, users, follow_up, role):
    as_(client, users[role])
    pages = {
        "list": client.get(reverse(LIST)),
        "add": client.get(reverse("admin:evaluations_followup_add")),
        "change": client.get(change_url(follow_up)),
    }

    if role == "coordinator":
        assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
        assert "Adam Adept · Maja Mentor" in pages["list"].text
    elif role == "other_coordinator":
        assert pages["list"].status_code == 200 and pages["add"].status_code == 200
        assert "Adam Adept" not in pages["list"].text
        # Another programme's follow-up is not there: the admin's answer for a missing id.
        assert pages["change"].status_code == 302
        missing = client.get(pages["change"]["Location"]).text
        assert "doesn’t exist" in missing and "Adam Adept" not in missing
    else:  # participants and nobody signed in: the admin's sign-in page
        for response in pages.values():
            assert response.status_code == 302
            assert reverse("admin:login") in response["Location"]


def test_a_coordinator_elsewhere_finds_nothing_by_the_address_either(client, otto, follow_up):
    client.force_login(otto)

    filtered = client.get(reverse(LIST), {"match__id__exact": follow_up.match_id})
    logged = client.post(
        change_url(follow_up), {"done_on": str(follow_up.due_on), "channel": "phone"}
    )

    assert list(filtered.context["cl"].result_list) == []
    assert logged.status_code == 302 and "/evaluations/" not in logged["Location"]
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


@pytest.mark.parametrize("odd", ["²", "99999999999999999999999", "0", "-1", "x%00"])
def test_odd_ids_are_answered_as_missing_never_500(client, cora, odd):
    client.force_login(cora)

    response = client.get(f"/admin/evaluations/followup/{odd}/change/", follow=True)

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "doesn’t exist" in response.text


def test_the_list_offers_and_filters_the_coordinators_own_programmes(
    client, cora, follow_up, foreign, running
):
    from programs.services import coordinator_grant
    from programs.tests.factories import ProgrammeFactory

    second = ProgrammeFactory(name="Cora's second")
    coordinator_grant(user=cora, programme=second)
    client.force_login(cora)

    listing = client.get(reverse(LIST))
    filters = listing.text[listing.text.index('id="changelist-filter"') :]

    assert [f.pk for f in listing.context["cl"].result_list] == [follow_up.pk]
    assert f"match__programme__id__exact={running.pk}" in filters
    assert f"match__programme__id__exact={second.pk}" in filters
    assert f"match__programme__id__exact={foreign.match.programme_id}" not in filters


def test_the_state_filters_tell_due_overdue_upcoming_and_done(client, cora, pair, today, follow_up):
    match = follow_up.match
    overdue = services.follow_up_ask(match=match, due_on=today - timedelta(days=3), by=None)
    upcoming = services.follow_up_ask(match=match, due_on=today + timedelta(days=3), by=None)
    done = services.follow_up_ask(match=match, due_on=today - timedelta(days=10), by=None)
    services.follow_up_log(follow_up=done, by=cora, done_on=today, channel="visit")
    client.force_login(cora)

    def shown(state):
        response = client.get(reverse(LIST), {"state": state})
        return {f.pk for f in response.context["cl"].result_list}

    assert shown("due") == {follow_up.pk}
    assert shown("overdue") == {overdue.pk}
    assert shown("open") == {follow_up.pk, overdue.pk}
    assert shown("upcoming") == {upcoming.pk}
    assert shown("done") == {done.pk}


# --- Logging ------------------------------------------------------------------------------


def test_logging_with_a_next_date_makes_the_next_follow_up(client, cora, follow_up, today):
    client.force_login(cora)
    next_day = today + timedelta(days=30)

    response = client.post(
        change_url(follow_up),
        {
            "done_on": str(today),
            "channel": "phone",
            "note": SECRET,
            "next_due_on": str(next_day),
            "_save": "Save",
        },
    )

    assert response.status_code == 302, response.text
    follow_up.refresh_from_db()
    assert (follow_up.done_on, follow_up.channel, follow_up.done_by) == (today, "phone", cora)
    assert follow_up.note == SECRET
    following = follow_up.next_follow_up
    assert (following.due_on, following.reason, following.done_on) == (next_day, "asked", None)
    # Logging again with another date moves it; it is not made twice.
    client.post(
        change_url(follow_up),
        {
            "done_on": str(today),
            "channel": "phone",
            "note": SECRET,
            "next_due_on": str(next_day + timedelta(days=7)),
        },
    )
    assert FollowUp.objects.filter(previous=follow_up).get().due_on == next_day + timedelta(days=7)
    page = client.get(change_url(follow_up)).text
    assert "Maja sounded worn out &lt;b&gt;confidential&lt;/b&gt;" in page  # escaped


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"done_on": "", "channel": "phone"}, "Give the day you followed up."),
        ({"done_on": "TODAY", "channel": ""}, "Choose how you followed up."),
        ({"done_on": "TOMORROW", "channel": "phone"}, "choose today or a day before"),
        ({"done_on": "TODAY", "channel": "fax"}, "Select a valid choice."),
        (
            {"done_on": "TODAY", "channel": "phone", "next_due_on": "TODAY"},
            "The next follow-up comes after this one.",
        ),
        (
            {"done_on": "TODAY", "channel": "phone", "next_due_on": "FAR"},
            "Choose a day within a year",
        ),
        ({"done_on": "99999-01-01", "channel": "phone"}, "Enter a valid date."),
        ({"done_on": "TODAY", "channel": "phone", "note": "a\x00b"}, "Null characters"),
        ({"done_on": "TODAY", "channel": "phone", "note": "x" * 6000}, "at most 5000"),
        ({"done_on": "²", "channel": "phone"}, "Enter a valid date."),
    ],
    ids=[
        "no-day",
        "no-channel",
        "future",
        "forged-channel",
        "next-same-day",
        "next-far",
        "huge-year",
        "nul",
        "long-note",
        "superscript",
    ],
)
def test_a_log_that_cannot_be_is_refused_with_a_message(
    client, cora, follow_up, today, data, message
):
    days = {
        "TODAY": today,
        "TOMORROW": today + timedelta(days=1),
        "FAR": today + timedelta(days=900),
    }
    client.force_login(cora)

    response = client.post(
        change_url(follow_up), {key: str(days.get(value, value)) for key, value in data.items()}
    )

    assert response.status_code == 200
    assert message in response.text
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_ten_megabytes_of_note_answer_400_not_500(client, cora, follow_up, today):
    client.force_login(cora)

    response = client.post(
        change_url(follow_up),
        {"done_on": str(today), "channel": "phone", "note": "x" * (10 * 1024 * 1024)},
    )

    assert response.status_code in (200, 400)
    follow_up.refresh_from_db()
    assert follow_up.done_on is None


def test_a_follow_up_is_asked_for_by_hand_for_the_coordinators_own_relationships_only(
    client, cora, follow_up, foreign, today
):
    client.force_login(cora)
    add = reverse("admin:evaluations_followup_add")

    form = client.get(add).text
    made = client.post(add, {"match": follow_up.match_id, "due_on": str(today)})
    refused = client.post(add, {"match": foreign.match_id, "due_on": str(today)})

    assert "Adam Adept · Maja Mentor" in form and foreign.match.programme.name not in form
    assert made.status_code == 302
    newest = FollowUp.objects.order_by("-pk").first()
    assert (newest.match_id, newest.reason, newest.created_by) == (
        follow_up.match_id,
        "asked",
        cora,
    )
    assert refused.status_code == 200 and "Select a valid choice" in refused.text
    assert FollowUp.objects.filter(match=foreign.match).count() == 1


def test_the_follow_up_page_leads_to_a_rematch_through_ending_early(client, cora, follow_up):
    client.force_login(cora)

    page = client.get(change_url(follow_up)).text

    assert reverse("admin:relationships_match_end_early", args=[follow_up.match_id]) in page
    assert reverse("admin:matching_programme", args=[follow_up.match.programme_id]) in page
    assert reverse("admin:relationships_match_change", args=[follow_up.match_id]) in page


def test_the_relationships_admin_page_links_to_its_follow_up_log(client, cora, follow_up):
    client.force_login(cora)

    page = client.get(reverse("admin:relationships_match_change", args=[follow_up.match_id])).text
    listing = client.get(reverse("admin:relationships_match_changelist"), {"follow_up": "due"})

    assert f"/admin/evaluations/followup/?match__id__exact={follow_up.match_id}" in page
    assert "1 open, next" in page
    assert [m.pk for m in listing.context["cl"].result_list] == [follow_up.match_id]


def test_coordinators_may_not_delete_the_log(client, cora, follow_up):
    client.force_login(cora)

    response = client.post(
        reverse("admin:evaluations_followup_delete", args=[follow_up.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert FollowUp.objects.filter(pk=follow_up.pk).exists()


# --- What participants never see ------------------------------------------------------------


def test_the_note_never_reaches_a_participant_page(client, pair, cora, follow_up, today):
    match, mentor, mentee = pair
    services.follow_up_log(
        follow_up=follow_up, by=cora, done_on=today, channel="phone", note=SECRET
    )
    pages = [
        reverse("relationships:workspace", kwargs={"pk": match.pk}),
        reverse("meetings:list", kwargs={"pk": match.pk}),
        reverse("dashboard:mine"),
    ]
    for member in (mentor, mentee):
        client.force_login(member.enrolment.user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "worn out" not in response.text, url
        assert client.get(change_url(follow_up)).status_code == 302  # never the admin


# --- Cost ------------------------------------------------------------------------------------


def test_the_list_reads_in_the_same_number_of_queries_for_5_and_50_follow_ups(
    client, cora, running, today
):
    def more(n):
        for _ in range(n):
            match = MatchFactory(programme=running)
            done = FollowUpFactory(match=match, due_on=today)
            services.follow_up_log(follow_up=done, by=cora, done_on=today, channel="email")

    client.force_login(cora)
    more(5)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(reverse(LIST)).context["cl"].result_list) == 5
    more(45)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse(LIST)).context["cl"].result_list) == 50

    assert len(many) == len(few)
