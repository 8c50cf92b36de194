"""Ending a match early: a reason for the coordinators, a considerate e-mail to the members."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake.tests.factories import person
from notifications.models import Delivery
from programs.models import Enrolment
from relationships import tasks
from relationships.models import Match
from relationships.services import match_create, match_end

pytestmark = pytest.mark.django_db
MENTOR = Enrolment.Role.MENTOR
REASON = "The mentee's manager objected."


@pytest.fixture
def pair(programme, django_capture_on_commit_callbacks, mailoutbox):
    mentor = person(programme, MENTOR, "Maja Mentor")
    mentee = person(programme, name="Alva Adept")
    mentee.user.preferred_language = "sv"
    mentee.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        match = match_create(
            programme=programme, mentor=mentor, mentees=[mentee], origin="manual", by=None
        )
    mailoutbox.clear()  # the introductions
    return match, mentor, mentee


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def end_url(match) -> str:
    return reverse("admin:relationships_match_end_early", args=[match.pk])


def test_the_end_early_page_asks_first_and_changes_nothing(client, coordinator, pair):
    match, _mentor, _mentee = pair
    client.force_login(coordinator)

    response = client.get(end_url(match))

    assert response.status_code == 200
    assert "This match will end now:" in response.text
    assert 'name="reason"' in response.text and 'name="message"' in response.text
    match.refresh_from_db()
    assert match.is_current


def test_ending_without_a_reason_is_refused_with_a_message(
    client, coordinator, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, _mentee = pair
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(end_url(match), {"end_early_confirmed": "1", "reason": "   "})

    assert response.status_code == 200
    assert "Write why the match ends early (only coordinators see the reason)." in response.text
    match.refresh_from_db()
    assert match.is_current
    assert not mailoutbox
    with pytest.raises(ValidationError, match="Write why the match ends early"):
        match_end(match=match, by=coordinator, reason="")


def test_the_members_are_told_once_each_in_their_language_with_the_message_escaped(
    client, coordinator, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = pair
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            end_url(match),
            {
                "end_early_confirmed": "1",
                "category": "not_a_fit",
                "reason": REASON,
                "message": "Thank you both <b>so much</b> & good luck.",
            },
        )
    # The broker delivers the task again: nobody hears twice.
    tasks.announce_early_end(match.pk)

    match.refresh_from_db()
    assert match.status == Match.Status.ENDED_EARLY and match.end_reason == REASON
    assert match.end_category == Match.EndCategory.NOT_A_FIT
    assert match.end_message == "Thank you both <b>so much</b> & good luck."
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2 and set(by_recipient) == {mentor.user.email, mentee.user.email}
    to_mentor, to_mentee = by_recipient[mentor.user.email], by_recipient[mentee.user.email]
    assert "Your mentoring relationship in Programme A has ended" in to_mentor.subject
    assert "Alva Adept" in to_mentor.body
    assert to_mentee.subject != to_mentor.subject  # Swedish for the Swedish mentee
    assert "Programme A" in to_mentee.subject
    html = to_mentor.alternatives[0].content
    assert "Thank you both &lt;b&gt;so much&lt;/b&gt; &amp; good luck." in html
    assert "<b>so much</b>" not in html
    assert "Thank you both <b>so much</b> & good luck." in to_mentor.body  # plain text
    for message in mailoutbox:
        assert REASON not in message.body and REASON not in message.alternatives[0].content
    assert Delivery.objects.filter(kind="match-ended-early", status="sent").count() == 2


def test_the_list_action_asks_for_the_reason_before_ending(
    client, coordinator, pair, programme, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, _mentee = pair
    other = match_create(
        programme=programme,
        mentor=person(programme, MENTOR),
        mentees=[person(programme)],
        origin="manual",
        by=None,
    )
    client.force_login(coordinator)
    changelist = reverse("admin:relationships_match_changelist")
    chosen = {"action": "end_early", "_selected_action": [match.pk, other.pk]}

    asked = client.post(changelist, chosen)

    assert asked.status_code == 200
    assert "These 2 matches will end now:" in asked.text
    assert Match.objects.filter(status__in=Match.CURRENT).count() == 2

    refused = client.post(changelist, {**chosen, "end_early_confirmed": "1", "reason": ""})
    assert "Write why the match ends early" in refused.text
    assert "Choose why the relationship ends from the list." in refused.text
    assert Match.objects.filter(status__in=Match.CURRENT).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            changelist,
            {**chosen, "end_early_confirmed": "1", "category": "no_time", "reason": REASON},
            follow=True,
        )

    assert "2 matches have ended" in done.text
    assert set(Match.objects.values_list("end_reason", "end_category")) == {(REASON, "no_time")}
    assert len(mailoutbox) == 4


def test_the_end_early_page_answers_the_programmes_coordinators_only(
    client, pair, mentee, other_coordinator, coordinator, superuser
):
    match, _mentor, _mentee = pair
    url = end_url(match)
    confirmed = {"end_early_confirmed": "1", "category": "other", "reason": REASON}

    anonymous = client.post(url, confirmed)
    assert anonymous.status_code == 302
    assert "Alva Adept" not in client.get(anonymous["Location"]).text

    client.force_login(mentee)
    participant = client.post(url, confirmed)
    landing = client.get(participant["Location"])
    assert landing.status_code == 403 and "Alva Adept" not in landing.text

    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    assert client.post(url, confirmed).status_code == 404
    assert client.get(end_url(Match(pk=10**20))).status_code == 404

    match.refresh_from_db()
    assert match.is_current
    for allowed in (coordinator, superuser):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200 and "Alva Adept" in response.text


def test_the_match_shows_the_category_and_a_logged_link_to_the_reason_not_the_reason(
    client, coordinator, pair
):
    match, _mentor, _mentee = pair
    match_end(match=match, by=coordinator, reason=REASON, category="life_change")
    client.force_login(coordinator)

    text = client.get(reverse("admin:relationships_match_change", args=[match.pk])).text

    assert "The mentee&#x27;s manager objected." not in text
    assert "A change in life or work" in text
    assert "Read the reason (the opening is logged)" in text
    assert reverse("admin:relationships_match_end_reason", args=[match.pk]) in text
    assert "End early…" not in text  # it has ended already
