"""A member ends their relationship early (``closure:end``): who may, what they are asked,
who is told what (the kind word, never the reason), once, in their own language."""

import pytest
from django.urls import reverse

from closure import ending_tasks
from notifications.models import Delivery
from relationships import tasks as relationship_tasks
from relationships.models import Match
from relationships.tests import conftest as relationships_fixtures

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_

pytestmark = pytest.mark.django_db

REASON = "Maja keeps cancelling <i>at the last minute</i>."
KIND_WORD = "Thank you for <b>everything</b> & good luck, Maja."


def end_url(match) -> str:
    return reverse("closure:end", kwargs={"pk": match.pk})


def filled(**changes) -> dict:
    return {
        "category": "not_a_fit",
        "reason": REASON,
        "message": KIND_WORD,
        "confirm": "on",
        **changes,
    }


# --- Who may see and use the page ------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_the_end_page_only_as_a_member(client, users, pair, role):
    match, _mentor, _mentee = pair
    response = as_(client, users[role]).get(end_url(match))

    if role in ("member", "other_member"):
        assert response.status_code == 200
        assert 'name="reason"' in response.text and 'name="confirm"' in response.text
        assert "Only the programme&#x27;s coordinators read this" in response.text
        assert reverse("relationships:pause", kwargs={"pk": match.pk}) in response.text
    elif role == "anon":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert "Adam" not in response.text and "Maja" not in response.text
    else:  # another relationship's member, and coordinators: as if it did not exist
        assert response.status_code == 404
        assert "Adam Adept" not in response.text and "Maja Mentor" not in response.text


@pytest.mark.parametrize("role", ROLES)
def test_only_a_member_can_end_it(
    client, users, pair, role, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, _mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        response = as_(client, users[role]).post(end_url(match), filled())

    match.refresh_from_db()
    if role in ("member", "other_member"):
        assert response.status_code == 302 and response["Location"] == reverse("dashboard:mine")
        assert match.status == Match.Status.ENDED_EARLY
        assert match.ended_by == users[role]
    else:
        assert response.status_code in (302, 404)
        if role == "anon":
            assert "/accounts/login/" in response["Location"]
        assert match.is_current and not mailoutbox


@pytest.mark.parametrize("odd", ["999999999999999999999999", "²", "1%00", "-1", "abc"])
def test_an_odd_id_answers_404(client, users, odd):
    client.force_login(users["member"])
    assert client.get(f"/relationships/{odd}/end/").status_code == 404
    assert client.post(f"/relationships/{odd}/end/", filled()).status_code == 404


# --- The journey -----------------------------------------------------------------------------


def test_the_other_gets_the_kind_word_in_their_language_and_never_the_reason(
    client, users, pair, running, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, _mentee = pair
    maja = mentor.enrolment.user
    maja.preferred_language = "sv"
    maja.save()
    adam, cora = users["member"], users["coordinator"]
    client.force_login(adam)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(end_url(match), filled(), follow=True)

    assert "Your relationship has ended. We have told Maja Mentor" in response.text
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED_EARLY and match.ended_by == adam
    assert (match.end_category, match.end_reason, match.end_message) == (
        "not_a_fit",
        REASON,
        KIND_WORD,
    )
    assert not match.members.filter(current=True).exists()  # free to be matched again
    to = {m.to[0]: m for m in mailoutbox}
    assert set(to) == {maja.email, adam.email, cora.email}

    notice = to[maja.email]  # in Swedish, with Adam's words, escaped in the HTML
    assert "Adam Adept" in notice.body and KIND_WORD in notice.body
    assert "Your mentoring relationship" not in notice.subject  # Swedish
    html = notice.alternatives[0].content
    assert "Thank you for &lt;b&gt;everything&lt;/b&gt; &amp; good luck, Maja." in html
    assert "<b>everything</b>" not in html

    confirmation = to[adam.email]
    assert "You have ended your relationship in Leaders 2027" in confirmation.subject
    assert "Maja Mentor" in confirmation.body and KIND_WORD in confirmation.body

    rematch = to[cora.email]
    assert rematch.subject.endswith(
        "Maja Mentor and Adam Adept: the relationship ended early — rematch"
    )
    assert "Adam Adept has ended the relationship" in rematch.body
    assert "Not a good fit" in rematch.body
    assert reverse("admin:relationships_match_change", args=[match.pk]) in rematch.body
    assert reverse("admin:matching_programme", args=[running.pk]) in rematch.body

    for message in mailoutbox:  # the reason is for coordinators, opened (logged) in the admin
        assert "at the last minute" not in message.body
        assert "at the last minute" not in message.alternatives[0].content


def test_a_redelivered_task_sends_nothing_twice(
    client, users, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, _mentee = pair
    client.force_login(users["member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(end_url(match), filled())
    sent = len(mailoutbox)

    relationship_tasks.announce_early_end(match.pk)
    ending_tasks.report_early_end(match.pk)

    assert sent == 3 and len(mailoutbox) == 3
    kinds = set(Delivery.objects.filter(status="sent").values_list("kind", flat=True))
    assert {"match-ended-early", "early-end-confirmation", "early-end-rematch"} <= kinds


def test_the_tasks_carry_ids_and_no_words(client, users, pair, monkeypatch):
    """Task arguments go through the broker and its logs: no personal data in them."""
    match, _mentor, _mentee = pair
    queued = []
    for task in (relationship_tasks.announce_early_end, ending_tasks.report_early_end):
        monkeypatch.setattr(
            task, "delay_on_commit", lambda *args, task=task: queued.append((task.name, args))
        )
    client.force_login(users["member"])

    client.post(end_url(match), filled())

    assert sorted(queued) == sorted(
        [
            ("relationships.tasks.announce_early_end", (match.pk,)),
            ("closure.ending_tasks.report_early_end", (match.pk,)),
        ]
    )


def test_the_workspace_links_to_the_end_page_while_it_is_current(client, users, pair):
    match, _mentor, _mentee = pair
    client.force_login(users["member"])
    workspace = reverse("relationships:workspace", kwargs={"pk": match.pk})

    assert end_url(match) in client.get(workspace).text
    client.post(end_url(match), filled())
    assert end_url(match) not in client.get(workspace).text


def test_an_ended_relationship_says_so_and_is_not_ended_again(
    client, users, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, _mentee = pair
    client.force_login(users["other_member"])
    client.post(end_url(match), filled())
    mailoutbox.clear()

    for who, says in (
        ("other_member", "You ended this relationship on"),
        ("member", "ended early, on"),
    ):
        client.force_login(users[who])
        page = client.get(end_url(match))
        assert page.status_code == 200 and says in page.text
        assert 'name="reason"' not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(end_url(match), filled(reason="Second time"), follow=True)

    assert "This relationship has already ended." in again.text
    match.refresh_from_db()
    assert match.end_reason == REASON and not mailoutbox


def test_a_completed_relationship_has_nothing_to_end(client, users, pair):
    from relationships.services import match_complete

    match, _mentor, _mentee = pair
    match_complete(match=match, by=None)
    client.force_login(users["member"])

    assert "there is nothing to end" in client.get(end_url(match)).text


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"category": ""}, "Choose what comes closest, or “Other”."),
        ({"category": "²"}, "Choose what comes closest, or “Other”."),
        ({"category": "\x00"}, "Choose what comes closest, or “Other”."),
        ({"reason": "   "}, "Write a few words on why: only your coordinators read them."),
        ({"reason": "\x00\x00"}, "Write a few words on why: only your coordinators read them."),
        ({"reason": "x" * 2001}, "2000 characters"),
        ({"message": "x" * 2001}, "2000 characters"),
        ({"confirm": ""}, "Tick the box to confirm that you end it."),
    ],
)
def test_what_is_missing_or_odd_is_refused_with_a_message(
    client, users, pair, changes, error, mailoutbox
):
    match, _mentor, _mentee = pair
    client.force_login(users["member"])

    response = client.post(end_url(match), filled(**changes))

    assert response.status_code == 200 and error in response.text
    match.refresh_from_db()
    assert match.is_current and not mailoutbox


def test_nul_characters_are_dropped_from_the_words(client, users, pair):
    match, _mentor, _mentee = pair
    client.force_login(users["member"])

    client.post(end_url(match), filled(reason="We\x00 drifted", message="All\x00 the best"))

    match.refresh_from_db()
    assert (match.end_reason, match.end_message) == ("We drifted", "All the best")


def test_the_names_in_the_help_texts_are_escaped(client, users, pair):
    match, mentor, _mentee = pair
    maja = mentor.enrolment.user
    maja.display_name = "<script>alert(1)</script>"
    maja.save()
    client.force_login(users["member"])

    text = client.get(end_url(match)).text

    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_kind_word_is_optional(
    client, users, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, _mentee = pair
    client.force_login(users["member"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(end_url(match), filled(message=""))

    notice = next(m for m in mailoutbox if m.to == [mentor.enrolment.user.email])
    assert "A message from" not in notice.body
