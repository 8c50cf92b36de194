"""The "did you meet?" page its e-mail's links open: it asks on GET and records on POST,
without signing in; the link is the authority, for its own member and meeting only; the
first answer counts; anything we did not sign, or that is out of date, answers 404."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.tests.factories import UserFactory
from meetings import services
from meetings.models import Meeting
from meetings.services import check
from notifications import preferences
from programs.services import coordinator_grant
from relationships.models import Match, MatchMember
from relationships.tests.conftest import ROLES, as_

pytestmark = pytest.mark.django_db


def _planned_yesterday(match, mentor, mentee) -> Meeting:
    meeting = services.meeting_propose(
        member=mentee,
        starts_at=timezone.now() - timedelta(days=1),
        minutes=60,
        format="video",
        place="https://meet.example.org/adam",
    )
    return services.meeting_accept(member=mentor, meeting=meeting)


@pytest.fixture
def met(soon, pair, mailoutbox):
    """Adam and Maja's meeting yesterday, still planned: nobody has said how it went."""
    meeting = _planned_yesterday(*pair)
    mailoutbox.clear()
    return meeting


def link(member, meeting) -> str:
    return check.check_path(user_id=member.enrolment.user_id, meeting=meeting)


def status_of(meeting) -> str:
    return Meeting.objects.get(pk=meeting.pk).status


def test_opening_the_link_asks_and_changes_nothing(client, met, pair):
    _match, _mentor, mentee = pair
    before = Meeting.objects.get(pk=met.pk).updated_at

    page = client.get(link(mentee, met) + "?answer=missed")
    head = client.head(link(mentee, met))

    assert page.status_code == 200 and head.status_code == 200
    text = page.text
    assert "Did you meet?" in text and "Maja Mentor" in text
    assert "This link answers for Adam Adept" in text
    assert 'value="held" class="btn btn-outline-primary"' in text  # the one not clicked
    assert 'value="missed" class="btn btn-primary"' in text  # the one clicked, first in line
    assert "no-store" in page["Cache-Control"]
    assert Meeting.objects.get(pk=met.pk).updated_at == before
    assert status_of(met) == Meeting.Status.PLANNED


def test_yes_we_met_marks_it_held_and_the_coordinator_counts_it(client, met, pair, soon):
    _match, _mentor, mentee = pair

    page = client.post(link(mentee, met), {"answer": "held"})

    assert page.status_code == 200
    assert "Thank you" in page.text and "is recorded as held" in page.text
    assert reverse("meetings:detail", args=[met.match_id, met.pk]) in page.text
    meeting = Meeting.objects.get(pk=met.pk)
    assert (meeting.status, meeting.held_minutes) == (Meeting.Status.HELD, 60)
    cora = UserFactory(is_staff=True)
    coordinator_grant(user=cora, programme=soon)
    client.force_login(cora)
    listing = client.get(reverse("admin:relationships_match_changelist"))
    assert "1 / 6" in listing.text


def test_no_it_did_not_happen_marks_it_missed(client, met, pair):
    _match, mentor, _mentee = pair

    page = client.post(link(mentor, met), {"answer": "missed"})

    assert "is recorded as not held" in page.text
    assert status_of(met) == Meeting.Status.MISSED


def test_after_the_first_answer_every_link_says_it_is_recorded(client, met, pair):
    _match, mentor, mentee = pair
    client.post(link(mentee, met), {"answer": "held"})

    again = client.post(link(mentee, met), {"answer": "missed"})
    other = client.get(link(mentor, met))
    other_post = client.post(link(mentor, met), {"answer": "missed"})

    for page in (again, other, other_post):
        assert page.status_code == 200
        assert "Already recorded" in page.text and "is recorded as held" in page.text
        assert 'name="answer"' not in page.text
    assert status_of(met) == Meeting.Status.HELD


def test_a_meeting_marked_on_its_page_is_recorded_for_the_links_too(client, met, pair):
    _match, mentor, mentee = pair
    services.meeting_missed(member=mentor, meeting=met)

    page = client.get(link(mentee, met))

    assert "Already recorded" in page.text and "recorded as not held" in page.text


def test_a_link_to_a_meeting_changed_since_is_out_of_date(client, met, pair, soon):
    _match, mentor, mentee = pair
    url = link(mentee, met)
    services.meeting_change(
        member=mentor,
        meeting=met,
        starts_at=timezone.now() + timedelta(days=3),
        minutes=60,
        format="video",
    )

    page = client.get(url)
    post = client.post(url, {"answer": "held"})

    assert page.status_code == 404 and post.status_code == 404
    assert "This link is out of date" in page.text and "has changed" in page.text
    assert status_of(met) == Meeting.Status.PROPOSED


def test_a_link_to_a_cancelled_meeting_is_out_of_date(client, met, pair):
    _match, mentor, mentee = pair
    url = link(mentee, met)
    services.meeting_cancel(member=mentor, meeting=met, reason="Ill")

    page = client.post(url, {"answer": "held"})

    assert page.status_code == 404 and "was cancelled" in page.text
    assert status_of(met) == Meeting.Status.CANCELLED


def test_a_member_who_has_left_can_no_longer_answer(client, met, pair):
    _match, _mentor, mentee = pair
    url = link(mentee, met)
    MatchMember.objects.filter(pk=mentee.pk).update(current=False)

    page = client.post(url, {"answer": "held"})

    assert page.status_code == 404 and "no longer take part" in page.text
    assert reverse("meetings:detail", args=[met.match_id, met.pk]) not in page.text
    assert status_of(met) == Meeting.Status.PLANNED


def test_an_ended_relationship_can_no_longer_answer(client, met, pair):
    _match, _mentor, mentee = pair
    Match.objects.filter(pk=met.match_id).update(status=Match.Status.ENDED_EARLY)

    assert client.post(link(mentee, met), {"answer": "held"}).status_code == 404
    assert status_of(met) == Meeting.Status.PLANNED


def test_a_paused_relationship_may_still_say_how_its_last_meeting_went(client, met, pair):
    """Pausing stops the e-mails, not the answer to one already sent."""
    _match, _mentor, mentee = pair
    Match.objects.filter(pk=met.match_id).update(status=Match.Status.PAUSED)

    client.post(link(mentee, met), {"answer": "held"})

    assert status_of(met) == Meeting.Status.HELD


def _signed(**data) -> str:
    token = signing.dumps(data, salt=check.SALT, compress=True)
    return reverse("meetings:check", kwargs={"token": token})


def forged_paths(met, pair, elsewhere) -> dict[str, str]:
    _match, _mentor, mentee = pair
    theirs = _planned_yesterday(
        elsewhere, elsewhere.members.get(role="mentor"), elsewhere.members.get(role="mentee")
    )
    genuine = link(mentee, met)
    token = genuine.rstrip("/").rsplit("/", 1)[1]
    adam = mentee.enrolment.user_id
    return {
        "nonsense": "/meetings/check/nonsense/",
        "long": "/meetings/check/" + "x" * 5000 + "/",
        "superscript": "/meetings/check/%C2%B2/",
        "nul": "/meetings/check/a%00b/",
        "altered": genuine.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB")),
        "unsubscribe token": reverse(
            "meetings:check",
            kwargs={"token": preferences.unsubscribe_token(mentee.enrolment.user, "x")},
        ),
        "another relationship's meeting": _signed(u=adam, r=met.match_id, m=theirs.pk, s=1),
        "another relationship": _signed(u=adam, r=elsewhere.pk, m=theirs.pk, s=1),
        "not a number": _signed(u=str(adam), r=met.match_id, m=met.pk, s=1),
        "huge id": _signed(u=adam, r=met.match_id, m=2**70, s=1),
        "a list": _signed(u=[adam], r=met.match_id, m=met.pk, s=1),
    }


def test_a_link_we_did_not_make_answers_404_and_changes_nothing(client, met, pair, elsewhere):
    for name, path in forged_paths(met, pair, elsewhere).items():
        assert client.get(path).status_code == 404, name
        assert client.post(path, {"answer": "held"}).status_code == 404, name
    assert set(Meeting.objects.values_list("status", flat=True)) == {Meeting.Status.PLANNED}


def test_a_link_older_than_its_lifetime_answers_404(client, met, pair, settings):
    _match, _mentor, mentee = pair
    url = link(mentee, met)
    settings.MEETING_CHECK_LINK_DAYS = 30

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "held"}).status_code == 404
    assert status_of(met) == Meeting.Status.PLANNED


@pytest.mark.parametrize("answer", ["", "yes", "²", "held\x00", "x" * 100_000])
def test_an_answer_that_is_neither_answers_400_with_a_message(client, met, pair, answer):
    _match, _mentor, mentee = pair

    page = client.post(link(mentee, met), {"answer": answer})

    assert page.status_code == 400 and "Choose one of the two answers" in page.text
    assert status_of(met) == Meeting.Status.PLANNED


def test_ten_megabytes_of_post_answer_400(client, met, pair):
    _match, _mentor, mentee = pair

    page = client.post(link(mentee, met), {"answer": "held", "text": "x" * 10_000_000})

    assert page.status_code == 400
    assert status_of(met) == Meeting.Status.PLANNED


def test_a_meeting_that_has_not_begun_is_not_recorded(client, soon, pair):
    """Not one a check e-mail asks about, but a link to it could be made: refused."""
    _match, mentor, mentee = pair
    coming = services.meeting_accept(
        member=mentor,
        meeting=services.meeting_propose(
            member=mentee,
            starts_at=timezone.now() + timedelta(days=2),
            minutes=60,
            format="video",
        ),
    )

    page = client.post(link(mentee, coming), {"answer": "held"})

    assert page.status_code == 400 and "has not started yet" in page.text
    assert status_of(coming) == Meeting.Status.PLANNED


def test_the_page_gives_the_time_by_the_clock_of_the_member_it_was_sent_to(client, met, pair):
    _match, _mentor, mentee = pair
    user = mentee.enrolment.user
    user.time_zone = "Asia/Tokyo"
    user.save()

    page = client.get(link(mentee, met))

    with timezone.override("Asia/Tokyo"):
        tokyo = date_format(timezone.localtime(met.starts_at), "DATETIME_FORMAT")
    assert tokyo in page.text


# --- Every role -------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_adams_link_answers_for_adam_whoever_is_signed_in(
    client, met, pair, users, role, elsewhere
):
    """The link is the authority, as an unsubscribe link is: opened by anyone, signed in
    or not, it answers for Adam, about his meeting and nothing else."""
    _match, _mentor, mentee = pair
    client = as_(client, users[role])
    url = link(mentee, met)
    theirs = _planned_yesterday(
        elsewhere, elsewhere.members.get(role="mentor"), elsewhere.members.get(role="mentee")
    )

    page = client.get(url)
    answered = client.post(url, {"answer": "held"})

    assert page.status_code == 200 and "This link answers for Adam Adept" in page.text
    assert answered.status_code == 200 and "is recorded as held" in answered.text
    assert status_of(met) == Meeting.Status.HELD
    assert status_of(theirs) == Meeting.Status.PLANNED


@pytest.mark.parametrize("role", ROLES)
def test_without_a_link_of_ours_nobody_gets_anything(client, met, pair, users, role, elsewhere):
    client = as_(client, users[role])
    paths = ["/meetings/check/", *forged_paths(met, pair, elsewhere).values()]

    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"answer": "held"}).status_code == 404, path
    assert status_of(met) == Meeting.Status.PLANNED
