"""The invitation to write the closing reflection: to every member when a coordinator
completes their relationship or closes the programme, once, in the recipient's language,
with the link to the page; not to someone who has written theirs already."""

from django.urls import reverse

from closure import hooks
from closure.tests.reflection_helpers import write
from notifications.models import Delivery
from relationships.services import match_complete, match_end

SUBJECT = "Look back on your mentoring"


def invitations(mailoutbox):
    return [m for m in mailoutbox if SUBJECT in m.subject]


def test_completing_a_relationship_invites_every_member_once(
    early_on, pair, django_capture_on_commit_callbacks, mailoutbox
):
    match, mentor, mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        match_complete(match=match, by=None)
    sent = invitations(mailoutbox)
    assert sorted(m.to[0] for m in sent) == sorted(
        [mentor.enrolment.user.email, mentee.enrolment.user.email]
    )
    mail = sent[0]
    link = reverse("closure:reflection", kwargs={"pk": match.pk})
    assert link in mail.body
    assert early_on.name in mail.subject
    assert "the others' once you have written yours" in mail.body
    assert link in mail.alternatives[0][0]
    # The programme closing later sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        hooks.programme_closed_fire(early_on, [match.pk])
    assert len(invitations(mailoutbox)) == 2
    assert Delivery.objects.filter(kind="closing-reflection-invitation").count() == 2


def test_closing_the_programme_invites_the_members_of_its_relationships(
    early_on, pair, elsewhere, mailoutbox
):
    match, _mentor, _mentee = pair
    hooks.programme_closed_fire(early_on, [match.pk])
    hooks.programme_closed_fire(early_on, [match.pk])  # twice: still once each
    sent = invitations(mailoutbox)
    assert len(sent) == 2
    assert not any("bo" in m.to[0].lower() or "nils" in m.to[0].lower() for m in sent)


def test_who_has_written_theirs_is_not_invited(last_weeks, pair, mailoutbox):
    match, mentor, mentee = pair
    write(mentee)
    hooks.programme_closed_fire(last_weeks, [match.pk])
    assert [m.to[0] for m in invitations(mailoutbox)] == [mentor.enrolment.user.email]


def test_the_invitation_is_in_the_recipients_language(
    early_on, pair, django_capture_on_commit_callbacks, mailoutbox
):
    match, mentor, _mentee = pair
    user = mentor.enrolment.user
    user.preferred_language = "sv"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        match_complete(match=match, by=None)
    mail = next(m for m in mailoutbox if m.to == [user.email])
    assert mail.body.startswith("Hej ")
    assert reverse("closure:reflection", kwargs={"pk": match.pk}) in mail.body


def test_names_and_programme_are_escaped_in_the_html(
    early_on, pair, django_capture_on_commit_callbacks, mailoutbox
):
    match, _mentor, _mentee = pair
    early_on.name = "<b>Leaders</b>"
    early_on.save()
    with django_capture_on_commit_callbacks(execute=True):
        match_complete(match=match, by=None)
    html = mailoutbox[0].alternatives[0][0]
    assert "<b>Leaders</b>" not in html and "&lt;b&gt;Leaders" in html


def test_ending_early_sends_no_invitation(
    early_on, pair, django_capture_on_commit_callbacks, mailoutbox
):
    match, _mentor, _mentee = pair
    with django_capture_on_commit_callbacks(execute=True):
        match_end(match=match, by=None, reason="Moved")
    assert invitations(mailoutbox) == []


def test_the_task_carries_ids_only(early_on, pair, monkeypatch):
    from closure import reflection_tasks

    calls = []
    monkeypatch.setattr(
        reflection_tasks.send_reflection_invitation, "delay", lambda *a: calls.append(a)
    )
    match, mentor, mentee = pair
    reflection_tasks.invite_to_reflect([match.pk])
    assert sorted(calls) == sorted(
        [(match.pk, mentor.enrolment.user_id), (match.pk, mentee.enrolment.user_id)]
    )
    assert all(isinstance(v, int) for call in calls for v in call)
