"""The goals' rules, each refused with its own message, and what a completed goal sets off."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from goals.models import Goal, StatusChange, Step
from goals.services import (
    comment_create,
    goal_create,
    goal_status_change,
    goal_update,
    progress_update_create,
    step_create,
    step_mark,
    step_update,
)
from goals.tests.conftest import goal_values
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match, MatchMember
from relationships.services import match_create

pytestmark = pytest.mark.django_db


def messages_of(refused) -> list[str]:
    return refused.value.messages


def test_a_mentee_sets_a_goal_with_its_first_steps(pair, running):
    _match, _mentor, mentee = pair

    goal = goal_create(
        member=mentee,
        steps=["Write the agenda", "  ", "Ask for feedback"],
        **goal_values(running, title="  Lead\x00 the meeting  "),
    )

    assert goal.title == "Lead the meeting"
    assert goal.author == mentee and goal.status == Goal.Status.ON_TRACK
    assert [(s.text, s.owner, s.position) for s in goal.steps.all()] == [
        ("Write the agenda", mentee, 1),
        ("Ask for feedback", mentee, 2),
    ]


@pytest.mark.parametrize("side", ["before", "after"])
def test_a_target_date_outside_the_programme_is_refused(pair, running, side):
    _match, _mentor, mentee = pair
    if side == "before":
        day = running.starts_on - timedelta(days=1)
    else:
        day = running.ends_on + timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        goal_create(member=mentee, **goal_values(running, target_date=day))

    (message,) = refused.value.message_dict["target_date"]
    assert message.startswith("Choose a target date within the programme, between ")
    assert not Goal.objects.exists()


def test_a_target_date_in_the_past_is_refused_when_it_is_set(pair):
    match, _mentor, mentee = pair
    programme = match.programme
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=timezone.localdate() - timedelta(days=30)
    )
    mentee.match.programme.refresh_from_db()
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        goal_create(member=mentee, **goal_values(programme, target_date=yesterday))

    assert refused.value.message_dict["target_date"] == [
        "That day has passed: choose today or a later day."
    ]


def test_a_goal_whose_date_has_passed_can_still_be_edited_without_moving_it(pair, running):
    _match, _mentor, mentee = pair
    goal = goal_create(member=mentee, **goal_values(running))
    Goal.objects.filter(pk=goal.pk).update(target_date=timezone.localdate() - timedelta(days=2))
    Programme.objects.filter(pk=running.pk).update(starts_on=timezone.localdate() - timedelta(9))
    goal.refresh_from_db()
    mentee.match.programme.refresh_from_db()

    goal_update(member=mentee, goal=goal, title="Lead two meetings")

    goal.refresh_from_db()
    assert goal.title == "Lead two meetings"


def test_an_empty_measure_of_success_is_refused_in_the_readers_language(pair, running):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError) as refused:
        goal_create(member=mentee, **goal_values(running, measure=" \x00 "))
    with translation.override("sv"), pytest.raises(ValidationError) as swedish:
        goal_create(member=mentee, **goal_values(running, measure=""))

    assert refused.value.message_dict["measure"] == [
        "Say how you will measure success: how will you know you are there?"
    ]
    assert swedish.value.message_dict["measure"] != refused.value.message_dict["measure"]
    assert not Goal.objects.exists()


def test_texts_are_kept_within_their_limits(pair, running):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError) as refused:
        goal_create(member=mentee, **goal_values(running, title="x" * 201, specific="y" * 2001))

    assert set(refused.value.message_dict) == {"title", "specific"}
    assert "Keep it under 200 characters" in refused.value.message_dict["title"][0]


def test_a_mentor_holds_no_goals_of_their_own(pair, running):
    _match, mentor, _mentee = pair

    with pytest.raises(ValidationError) as refused:
        goal_create(member=mentor, **goal_values(running))

    assert "Goals are the mentee's own" in messages_of(refused)[0]


def test_every_peer_holds_goals_of_their_own(db):
    programme = ProgrammeFactory(kind=Programme.Kind.PEER, status=Programme.Status.RUNNING)
    peers = [person(programme, Enrolment.Role.PEER) for _ in range(2)]
    match = match_create(programme=programme, peers=peers, origin="manual", by=None)
    first, second = MatchMember.objects.filter(match=match)

    goal_create(member=first, **goal_values(programme))
    goal_create(member=second, **goal_values(programme, title="Mine too"))

    assert Goal.objects.filter(match=match).count() == 2


def test_the_mentor_only_visibility_is_for_groups(pair, running):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError) as refused:
        goal_create(member=mentee, **goal_values(running, visibility="mentor"))

    assert refused.value.message_dict["visibility"] == ["Choose who sees the goal."]


def test_only_the_author_edits_a_goal_or_changes_its_status(goal, pair):
    _match, mentor, _mentee = pair

    with pytest.raises(ValidationError) as editing:
        goal_update(member=mentor, goal=goal, title="Mentor's words")
    with pytest.raises(ValidationError) as status:
        goal_status_change(member=mentor, goal=goal, status="completed")

    assert "Only the goal's author, Adam Adept, changes this." in messages_of(editing)
    assert "Only the goal's author" in messages_of(status)[0]
    goal.refresh_from_db()
    assert goal.title == "Lead my first team meeting" and goal.status == "on_track"


def test_nothing_changes_after_the_relationship_ended(goal, pair, step):
    match, mentor, mentee = pair
    update = goal.updates.get()
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ENDED_EARLY)
    MatchMember.objects.filter(match=match).update(current=False)
    mentee.refresh_from_db()
    mentor.refresh_from_db()
    mentee.match.refresh_from_db()
    mentor.match.refresh_from_db()

    attempts = [
        lambda: goal_create(member=mentee, **goal_values(match.programme)),
        lambda: goal_update(member=mentee, goal=goal, title="Later"),
        lambda: goal_status_change(member=mentee, goal=goal, status="completed"),
        lambda: step_create(member=mentee, goal=goal, text="Another"),
        lambda: step_mark(member=mentee, step=step, done=True),
        lambda: progress_update_create(member=mentee, goal=goal, text="Still going"),
        lambda: comment_create(member=mentor, update=update, text="Well done"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "This relationship has ended" in messages_of(refused)[0]
    assert Goal.objects.count() == 1 and Step.objects.count() == 1


def test_a_step_owner_must_be_a_current_member_who_sees_the_goal(
    goal, private_goal, pair, elsewhere
):
    _match, mentor, mentee = pair
    stranger = elsewhere.members.get(role="mentee")

    with pytest.raises(ValidationError) as foreign:
        step_create(member=mentee, goal=goal, text="Ask Bo", owner=stranger)
    with pytest.raises(ValidationError) as hidden:
        step_create(member=mentee, goal=private_goal, text="Ask Maja", owner=mentor)

    message = "Choose the step's owner among the people in this relationship who see the goal."
    assert foreign.value.message_dict["owner"] == [message]
    assert hidden.value.message_dict["owner"] == [message]
    assert step_create(member=mentee, goal=goal, text="Ask Maja", owner=mentor).owner == mentor


def test_a_step_due_date_outside_the_programme_is_refused(goal, pair, running):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError) as refused:
        step_create(member=mentee, goal=goal, text="Later", due_on=running.ends_on + timedelta(1))

    assert refused.value.message_dict["due_on"][0].startswith(
        "Choose a due date within the programme"
    )


def test_a_steps_owner_ticks_it_done_but_does_not_plan(goal, pair, mentors_step, step):
    _match, mentor, _mentee = pair

    step_mark(member=mentor, step=mentors_step, done=True)
    with pytest.raises(ValidationError):
        step_mark(member=mentor, step=step, done=True)
    with pytest.raises(ValidationError):
        step_update(member=mentor, step=mentors_step, text="Changed by Maja", owner=mentor)

    mentors_step.refresh_from_db()
    assert mentors_step.done and mentors_step.text == "Introduce Adam to a banker"
    step.refresh_from_db()
    assert not step.done


def test_a_narrower_audience_is_refused_while_someone_who_would_lose_it_owns_a_step(
    goal, pair, mentors_step
):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError) as refused:
        goal_update(member=mentee, goal=goal, visibility="private")

    assert (
        "Maja Mentor would no longer see this goal" in refused.value.message_dict["visibility"][0]
    )
    goal.refresh_from_db()
    assert goal.visibility == "relationship"


def test_the_status_history_keeps_every_change_with_its_comment(goal, pair):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError) as silent:
        goal_status_change(member=mentee, goal=goal, status="off_track")
    goal_status_change(member=mentee, goal=goal, status="off_track", comment="Busy at work")
    with pytest.raises(ValidationError) as same:
        goal_status_change(member=mentee, goal=goal, status="off_track", comment="Still")
    goal_status_change(member=mentee, goal=goal, status="on_track", comment="Back on it")

    assert silent.value.message_dict["comment"] == ["Say in a few words what holds the goal back."]
    assert same.value.message_dict["status"] == ["The goal is already “Off track”."]
    history = [
        (c.number, c.from_status, c.status, c.comment, c.by)
        for c in StatusChange.objects.order_by("number")
    ]
    assert history == [
        (1, "on_track", "off_track", "Busy at work", mentee),
        (2, "off_track", "on_track", "Back on it", mentee),
    ]
    goal.refresh_from_db()
    assert goal.status == "on_track" and goal.completed_at is None


def test_the_database_keeps_one_history_row_per_change_and_completion_in_step(goal, pair):
    _match, _mentor, mentee = pair
    goal_status_change(member=mentee, goal=goal, status="off_track", comment="Busy")

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            goal=goal, number=1, from_status="off_track", status="on_track", by=mentee
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            goal=goal, number=2, from_status="on_track", status="on_track", by=mentee
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(status="completed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.filter(pk=goal.pk).update(status="abandoned")


def test_completing_a_goal_tells_the_others_once_in_their_language(
    goal, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, mentor, mentee = pair
    mentor.enrolment.user.preferred_language = "sv"
    mentor.enrolment.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        goal_status_change(member=mentee, goal=goal, status="completed", comment="Done!")
    with django_capture_on_commit_callbacks(execute=True):
        goal_status_change(member=mentee, goal=goal, status="on_track", comment="Oops")
    with django_capture_on_commit_callbacks(execute=True):
        goal_status_change(member=mentee, goal=goal, status="completed")

    (mail,) = mailoutbox
    assert mail.to == ["maja.mentor@example.org"]
    assert "Adam Adept har nått ett mål i Leaders 2027" in mail.subject
    assert "Lead my first team meeting" in mail.body
    assert f"/relationships/{goal.match_id}/goals/{goal.pk}/" in mail.body
    goal.refresh_from_db()
    assert goal.completed_at is not None


def test_a_completed_private_goal_is_told_to_nobody(
    private_goal, pair, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair

    with django_capture_on_commit_callbacks(execute=True):
        goal_status_change(member=mentee, goal=private_goal, status="completed")

    assert mailoutbox == []


def test_in_a_group_a_goal_for_the_mentor_only_is_told_to_the_mentor_only(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(kind=Programme.Kind.GROUP, status=Programme.Status.RUNNING)
    mentor = person(programme, Enrolment.Role.MENTOR, "Greta Guide", capacity=3)
    mentees = [person(programme, name=name) for name in ("Ali Adept", "Bea Adept", "Cai Adept")]
    with django_capture_on_commit_callbacks(execute=True):
        match = match_create(
            programme=programme, mentor=mentor, mentees=mentees, origin="manual", by=None
        )
    mailoutbox.clear()
    ali = MatchMember.objects.get(match=match, enrolment=mentees[0])
    goal = goal_create(member=ali, **goal_values(programme, visibility="mentor"))

    with django_capture_on_commit_callbacks(execute=True):
        goal_status_change(member=ali, goal=goal, status="completed")

    assert [m.to for m in mailoutbox] == [["greta.guide@example.org"]]


def test_a_progress_update_is_dated_up_to_today_and_anyone_who_reads_comments(goal, pair):
    _match, mentor, mentee = pair
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as future:
        progress_update_create(member=mentee, goal=goal, text="Soon", on=tomorrow)
    with pytest.raises(ValidationError):
        progress_update_create(member=mentor, goal=goal, text="Maja writes Adam's progress")
    update = goal.updates.get()
    comment = comment_create(member=mentor, update=update, text="  Well done!\x00 ")

    assert "and today" in future.value.message_dict["on"][0]
    assert comment.text == "Well done!" and comment.author == mentor


def test_every_change_moves_the_goals_last_activity(goal, pair, step):
    _match, mentor, mentee = pair
    seen = [goal.updated_at]
    for change in (
        lambda: step_mark(member=mentee, step=step, done=True),
        lambda: comment_create(member=mentor, update=goal.updates.get(), text="Good"),
        lambda: goal_status_change(member=mentee, goal=goal, status="completed"),
    ):
        change()
        goal.refresh_from_db()
        seen.append(goal.updated_at)

    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_the_completion_email_escapes_what_the_author_wrote(
    pair, running, mailoutbox, django_capture_on_commit_callbacks
):
    _match, _mentor, mentee = pair
    goal = goal_create(member=mentee, **goal_values(running, title="Sell <b>more</b>"))

    with django_capture_on_commit_callbacks(execute=True):
        goal_status_change(member=mentee, goal=goal, status="completed")

    (mail,) = mailoutbox
    html = mail.alternatives[0][0]
    assert "Sell <b>more</b>" in mail.body  # plain text, as written
    assert "Sell &lt;b&gt;more&lt;/b&gt;" in html and "<b>more" not in html
    assert "adam.adept@example.org" not in mail.body + html
