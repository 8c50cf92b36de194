"""The workspace: who the others are, what they share, what is expected next, messages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import Match, MatchMember, Message
from relationships.services import contact_update, message_send

pytestmark = pytest.mark.django_db


def url(name, match, **query):
    return reverse(f"relationships:{name}", args=[match.pk])


def test_a_member_sees_the_others_and_what_to_do_next(client, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    page = client.get(url("workspace", match)).text

    assert "Your relationship in Leaders 2027" in page
    assert "Maja Mentor" in page and "I ran a team." in page
    assert "Forming" in page
    for step in ("Sign the agreement", "Go through the first-meeting guide"):
        assert step in page
    assert "Answer the fit check" not in page  # not before the first meeting
    assert "0 of at least 6 meetings held" in page
    assert "Kick-off" in page and "Mid-point" in page
    # Nothing is shared until she chooses it.
    assert "maja.mentor@example.org" not in page


def test_contact_details_are_shown_once_shared_and_only_to_the_others(client, pair, elsewhere):
    match, mentor, mentee = pair
    contact_update(
        member=mentor, shares_email=True, phone="+46 70 123 45 67", preferred_channel="phone"
    )
    client.force_login(mentee.enrolment.user)

    page = client.get(url("workspace", match)).text

    assert 'href="mailto:maja.mentor@example.org"' in page
    assert "+46 70 123 45 67" in page and "Phone" in page
    client.force_login(elsewhere.members.get(role="mentee").enrolment.user)
    assert client.get(url("workspace", match)).status_code == 404


def test_a_preferred_channel_needs_the_detail_it_uses(client, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    response = client.post(url("contact", match), {"phone": "", "preferred_channel": "email"})

    assert response.status_code == 200
    assert "To be reached by e-mail, share your e-mail address." in response.text
    mentee.refresh_from_db()
    assert mentee.preferred_channel == "messages"


def test_a_message_is_kept_and_emailed_to_the_others_without_addresses(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("messages", match), {"body": "Can we move <b>Tuesday</b>?"})

    assert response.status_code == 302
    assert Message.objects.get().author == mentee
    (mail,) = mailoutbox
    assert mail.to == ["maja.mentor@example.org"]
    assert "adam.adept@example.org" not in mail.body + mail.subject + str(mail.extra_headers)
    assert "Can we move <b>Tuesday</b>?" in mail.body
    html = mail.alternatives[0][0]
    assert "&lt;b&gt;Tuesday&lt;/b&gt;" in html and "<b>Tuesday" not in html
    assert reverse("relationships:messages", args=[match.pk]) in mail.body
    page = client.get(url("workspace", match)).text
    assert "Can we move &lt;b&gt;Tuesday&lt;/b&gt;?" in page


def test_a_message_over_the_limit_or_empty_is_refused_and_kept_in_the_form(client, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)

    too_long = client.post(url("messages", match), {"body": "x" * 4001})
    empty = client.post(url("messages", match), {"body": "  \x00 "})
    client.raise_request_exception = False
    huge = client.post(url("messages", match), {"body": "x" * 10_000_000})

    assert too_long.status_code == 200
    assert "Ensure this value has at most 4000 characters" in too_long.text
    assert "x" * 4001 in too_long.text  # kept in the form
    assert empty.status_code == 200 and "Write your message first." in empty.text
    assert huge.status_code == 400
    assert not Message.objects.exists()


def test_nothing_changes_after_the_relationship_ended(client, pair):
    match, _mentor, mentee = pair
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ENDED_EARLY)
    MatchMember.objects.filter(match=match).update(current=False)
    client.force_login(mentee.enrolment.user)

    response = client.post(url("messages", match), {"body": "Hello?"}, follow=True)

    assert "This relationship has ended" in response.text
    assert not Message.objects.exists()
    page = client.get(url("workspace", match)).text
    # Nothing of the running relationship is asked any more; only a later stage's step
    # meant for after the end (``NextStep.after_end``, the closing reflection) may be.
    for step in ("Sign the agreement", "Go through the first-meeting guide", "fit check"):
        assert step not in page.split("What to do next")[-1].split("</section>")[0]


def test_a_step_meant_for_after_the_end_is_still_shown(client, pair):
    from relationships import hooks

    match, _mentor, mentee = pair
    Match.objects.filter(pk=match.pk).update(status=Match.Status.COMPLETED)
    MatchMember.objects.filter(match=match).update(current=False)

    def section(member):
        return hooks.WorkspaceSection(
            template="relationships/includes/status.html",
            next_steps=[
                hooks.NextStep("Look back now", "/back/", after_end=True),
                hooks.NextStep("Plan a meeting", "/plan/"),
            ],
        )

    hooks.workspace_sections.append(section)
    try:
        client.force_login(mentee.enrolment.user)
        page = client.get(url("workspace", match)).text
    finally:
        hooks.workspace_sections.remove(section)
    assert "Look back now" in page
    assert "Plan a meeting" not in page


def test_the_fit_check_opens_three_weeks_after_matching(client, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    assert "Answer the fit check" not in client.get(url("workspace", match)).text

    three_weeks_ago = timezone.now() - timedelta(weeks=3)
    Match.objects.filter(pk=match.pk).update(started_at=three_weeks_ago)
    MatchMember.objects.filter(match=match).update(joined_at=three_weeks_ago)

    assert "Answer the fit check" in client.get(url("workspace", match)).text


def test_the_workspace_reads_in_a_fixed_number_of_queries(
    client, pair, django_assert_num_queries, django_capture_on_commit_callbacks
):
    match, mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    client.get(url("workspace", match))  # the session, warmed

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("workspace", match))
    for n in range(12):
        message_send(member=mentor if n % 2 else mentee, body=f"Message {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url("workspace", match))

    assert len(many) == len(few)


def test_the_workspace_of_a_group_reads_in_as_many_queries_with_2_and_12_members(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intake.tests.factories import person
    from programs.models import Programme
    from programs.tests.factories import ProgrammeFactory
    from relationships.services import match_create

    programme = ProgrammeFactory(kind=Programme.Kind.GROUP, status=Programme.Status.RUNNING)
    mentor = person(programme, "mentor", "Greta Group", capacity=11)
    first = person(programme)
    group = match_create(
        programme=programme, mentor=mentor, mentees=[first], origin="manual", by=None
    )
    client.force_login(first.user)
    path = url("workspace", group)
    client.get(path)

    with CaptureQueriesContext(connection) as two:
        small = client.get(path)
    match_create(
        programme=programme,
        mentor=mentor,
        mentees=[person(programme) for _ in range(10)],
        origin="manual",
        by=None,
        into=group,
    )
    with CaptureQueriesContext(connection) as twelve:
        large = client.get(path)

    assert small.status_code == large.status_code == 200
    assert len(large.context["workspace"].members) == 12
    assert len(twelve) == len(two)


def test_a_member_without_a_name_is_never_shown_by_their_address(
    client, pair, mailoutbox, django_capture_on_commit_callbacks
):
    match, mentor, mentee = pair
    user = mentor.enrolment.user
    user.display_name = ""
    user.save()
    mentee.enrolment.user.display_name = "Seán O'Brien & Co"
    mentee.enrolment.user.save()
    client.force_login(mentee.enrolment.user)

    page = client.get(url("workspace", match)).text
    with django_capture_on_commit_callbacks(execute=True):
        message_send(member=mentee, body="Hello")
    client.force_login(user)
    theirs = client.get(url("workspace", match)).text

    assert user.email not in page and "Name not given" in page
    (mail,) = mailoutbox
    assert "A message from Seán O'Brien & Co in" in mail.subject  # not &amp;
    assert user.email in mail.to and "Name not given" not in mail.subject
    assert "Hello" in theirs


def test_a_newcomer_to_an_old_group_is_not_asked_about_the_fit_on_day_one(running):
    from intake.tests.factories import person
    from programs.models import Programme
    from relationships.services import fit_check_open, match_create

    running.kind = Programme.Kind.GROUP
    running.save()
    mentor = person(running, "mentor", capacity=3)
    group = match_create(
        programme=running, mentor=mentor, mentees=[person(running)], origin="manual", by=None
    )
    MatchMember.objects.filter(match=group).update(joined_at=timezone.now() - timedelta(weeks=5))
    newcomer = person(running)
    match_create(
        programme=running, mentor=mentor, mentees=[newcomer], origin="manual", by=None, into=group
    )

    members = {
        m.enrolment_id: m for m in MatchMember.objects.select_related("match").filter(match=group)
    }
    assert fit_check_open(members[mentor.pk], None)
    assert not fit_check_open(members[newcomer.pk], None)
