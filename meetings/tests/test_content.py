"""The agenda, the notes and the action items: who may write what, when, and every
refusal in words."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from meetings import services
from meetings.models import ActionItem, AgendaItem, Meeting, Note
from meetings.services import content
from meetings.tests.factories import TopicFactory
from programs.tests.factories import ProgrammeFactory
from relationships import hooks
from relationships.services import match_end

pytestmark = pytest.mark.django_db


def ended(pair):
    """Maja ends the relationship early; Adam's membership is read again."""
    match, mentor, mentee = pair
    match_end(match=match, by=mentor.enrolment.user, reason="We stop here.")
    mentee.refresh_from_db()


# --- The agenda ------------------------------------------------------------------------------
def test_the_mentee_and_the_mentor_both_add_topics_in_order(coming, pair):
    _match, mentor, mentee = pair

    first = content.agenda_item_add(member=mentee, meeting=coming, text="  My first hire  ")
    second = content.agenda_item_add(member=mentor, meeting=coming, text="Your budget")

    assert (first.text, first.author, first.position) == ("My first hire", mentee, 1)
    assert (second.author, second.position) == (mentor, 2)
    assert list(coming.agenda.values_list("text", flat=True)) == ["My first hire", "Your budget"]


def test_a_bank_topic_reads_in_each_readers_language(coming, pair, soon):
    _match, _mentor, mentee = pair
    topic = TopicFactory(programme=soon, title_en="Salary talks", title_sv="Lönesamtal")
    global_topic = TopicFactory(programme=None, title_en="Networking", title_sv="Nätverk")
    own_angle = content.agenda_item_add(
        member=mentee, meeting=coming, topic=topic, text="How much to ask for"
    )

    taken = content.agenda_item_add(member=mentee, meeting=coming, topic=topic)
    content.agenda_item_add(member=mentee, meeting=coming, topic=global_topic)

    assert taken.text == "Salary talks" and taken.topic == topic
    with translation.override("sv"):
        assert taken.label() == "Lönesamtal"
        assert own_angle.label() == "How much to ask for"  # what Adam wrote stays his words
    with translation.override("en"):
        assert taken.label() == "Salary talks"


def test_a_topic_of_another_programme_or_no_longer_offered_is_refused(coming, pair):
    _match, _mentor, mentee = pair
    foreign = TopicFactory(programme=ProgrammeFactory())
    retired = TopicFactory(programme=coming.match.programme, active=False)

    for topic in (foreign, retired):
        with pytest.raises(ValidationError, match="Choose a topic this programme offers"):
            content.agenda_item_add(member=mentee, meeting=coming, topic=topic)
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "\x00", None])
def test_an_empty_topic_is_refused(coming, pair, text):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError, match="Write a topic or choose one from the bank"):
        content.agenda_item_add(member=mentee, meeting=coming, text=text)


def test_a_topic_loses_nul_and_stays_within_its_limit(coming, pair):
    _match, _mentor, mentee = pair

    item = content.agenda_item_add(member=mentee, meeting=coming, text="Bud\x00get")
    with pytest.raises(ValidationError, match="Keep it under 300 characters"):
        content.agenda_item_add(member=mentee, meeting=coming, text="x" * 301)

    assert item.text == "Budget"


def test_an_agenda_holds_at_most_fifty_topics(coming, pair):
    _match, _mentor, mentee = pair
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=coming, author=mentee, text=f"T{n}", position=n) for n in range(50)
    )

    with pytest.raises(ValidationError, match="at most 50 topics"):
        content.agenda_item_add(member=mentee, meeting=coming, text="One more")


def test_a_cancelled_meetings_agenda_no_longer_changes(coming, pair):
    _match, mentor, mentee = pair
    item = content.agenda_item_add(member=mentee, meeting=coming, text="Budget")
    services.meeting_cancel(member=mentor, meeting=coming)
    item.refresh_from_db()

    with pytest.raises(ValidationError, match="cancelled: its agenda no longer changes"):
        content.agenda_item_add(member=mentee, meeting=coming, text="More")
    with pytest.raises(ValidationError, match="cancelled"):
        content.agenda_item_remove(member=mentee, item=item)
    assert coming.agenda.count() == 1


def test_each_member_removes_only_their_own_topic(coming, pair):
    _match, mentor, mentee = pair
    adams = content.agenda_item_add(member=mentee, meeting=coming, text="Adam's")

    with pytest.raises(ValidationError, match="Only Adam Adept, who added this topic"):
        content.agenda_item_remove(member=mentor, item=adams)
    content.agenda_item_remove(member=mentee, item=adams)

    assert not AgendaItem.objects.exists()


def test_an_ended_relationship_refuses_every_change(held, coming, pair):
    _match, _mentor, mentee = pair
    item = content.agenda_item_add(member=mentee, meeting=coming, text="Budget")
    action = content.action_item_add(member=mentee, meeting=held, text="Call the bank")
    ended(pair)

    attempts = [
        lambda: content.agenda_item_add(member=mentee, meeting=coming, text="More"),
        lambda: content.agenda_item_remove(member=mentee, item=item),
        lambda: content.note_save(member=mentee, meeting=held, private=False, text="x"),
        lambda: content.note_save(member=mentee, meeting=held, private=True, text="x"),
        lambda: content.action_item_add(member=mentee, meeting=held, text="x"),
        lambda: content.action_item_mark(member=mentee, item=action, done=True),
        lambda: content.action_item_remove(member=mentee, item=action),
        lambda: content.action_item_to_step(member=mentee, item=action, goal_id="1"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="has ended"):
            attempt()
    assert (AgendaItem.objects.count(), Note.objects.count(), ActionItem.objects.count()) == (
        1,
        0,
        1,
    )


def test_another_relationships_meeting_is_refused(coming, pair, elsewhere):
    bo = elsewhere.members.get(role="mentee")

    with pytest.raises(ValidationError, match="not of your relationship"):
        content.agenda_item_add(member=bo, meeting=coming, text="Sneaking in")
    with pytest.raises(ValidationError, match="not of your relationship"):
        content.note_save(member=bo, meeting=coming, private=False, text="x")


# --- Notes -----------------------------------------------------------------------------------
def test_each_member_keeps_one_note_and_one_reflection_rewritten_in_place(held, pair):
    _match, mentor, mentee = pair

    content.note_save(member=mentee, meeting=held, private=False, text="We talked budgets.")
    content.note_save(member=mentee, meeting=held, private=True, text="I was nervous.")
    content.note_save(member=mentee, meeting=held, private=False, text="We talked\x00 hiring.")
    content.note_save(member=mentor, meeting=held, private=False, text="Adam did well.")

    rows = set(Note.objects.values_list("author", "private", "text"))
    assert rows == {
        (mentee.pk, False, "We talked hiring."),
        (mentee.pk, True, "I was nervous."),
        (mentor.pk, False, "Adam did well."),
    }


def test_an_empty_note_removes_it(held, pair):
    _match, _mentor, mentee = pair
    content.note_save(member=mentee, meeting=held, private=True, text="Private thoughts")

    assert content.note_save(member=mentee, meeting=held, private=True, text="  ") is None
    assert not Note.objects.exists()


def test_the_database_holds_one_reflection_per_member_and_meeting(held, pair):
    _match, _mentor, mentee = pair
    Note.objects.create(meeting=held, author=mentee, private=True, text="One")

    with pytest.raises(IntegrityError):
        Note.objects.create(meeting=held, author=mentee, private=True, text="Two")


def test_notes_wait_until_the_meeting_has_begun_and_never_follow_a_cancelled_one(coming, pair):
    _match, mentor, mentee = pair

    with pytest.raises(ValidationError, match="once it has begun"):
        content.note_save(member=mentee, meeting=coming, private=False, text="Too soon")
    with pytest.raises(ValidationError, match="once it has begun"):
        content.action_item_add(member=mentee, meeting=coming, text="Too soon")
    services.meeting_cancel(member=mentor, meeting=coming)
    coming.refresh_from_db()
    with pytest.raises(ValidationError, match="was cancelled"):
        content.note_save(member=mentee, meeting=coming, private=True, text="x")


def test_a_planned_meeting_whose_time_has_come_takes_notes_before_it_is_marked(soon, pair):
    _match, mentor, mentee = pair
    meeting = services.meeting_propose(
        member=mentee,
        starts_at=timezone.now() - timedelta(hours=1),
        minutes=60,
        format="phone",
    )
    meeting = services.meeting_accept(member=mentor, meeting=meeting)

    note = content.note_save(member=mentor, meeting=meeting, private=False, text="Good call.")

    assert meeting.status == Meeting.Status.PLANNED and note.text == "Good call."


def test_a_note_over_the_limit_is_refused(held, pair):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError, match="Keep it under 4000 characters"):
        content.note_save(member=mentee, meeting=held, private=False, text="x" * 4001)


# --- Action items ----------------------------------------------------------------------------
def test_an_action_item_with_its_owner_and_due_date(held, pair, soon):
    _match, mentor, mentee = pair
    due = timezone.localdate() + timedelta(days=14)

    item = content.action_item_add(
        member=mentee, meeting=held, text=" Send Maja the plan ", owner=mentor, due_on=due
    )

    assert (item.text, item.owner, item.author, item.due_on) == (
        "Send Maja the plan",
        mentor,
        mentee,
        due,
    )


def test_an_owner_from_elsewhere_or_who_has_left_is_refused(held, pair, elsewhere):
    _match, mentor, mentee = pair
    bo = elsewhere.members.get(role="mentee")

    with pytest.raises(ValidationError) as refused:
        content.action_item_add(member=mentee, meeting=held, text="x", owner=bo)
    assert refused.value.message_dict == {
        "owner": ["Choose who does it among the people in this relationship."]
    }
    mentor.current = False
    with pytest.raises(ValidationError, match="among the people in this relationship"):
        content.action_item_add(member=mentee, meeting=held, text="x", owner=mentor)


def test_a_due_date_outside_the_programme_or_past_is_refused_with_every_problem(held, pair, soon):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError) as refused:
        content.action_item_add(
            member=mentee, meeting=held, text="", due_on=soon.ends_on + timedelta(days=1)
        )
    assert set(refused.value.message_dict) == {"text", "due_on"}
    assert "within the programme" in refused.value.message_dict["due_on"][0]
    with pytest.raises(ValidationError, match="That day has passed"):
        content.action_item_add(
            member=mentee, meeting=held, text="x", due_on=timezone.localdate() - timedelta(days=1)
        )


def test_the_owner_or_the_author_ticks_an_action_item(held, pair, elsewhere):
    _match, mentor, mentee = pair
    mine = content.action_item_add(member=mentee, meeting=held, text="Mine", owner=mentee)
    for_maja = content.action_item_add(member=mentee, meeting=held, text="Maja's", owner=mentor)
    nobodys = content.action_item_add(member=mentee, meeting=held, text="Anyone's")

    with pytest.raises(ValidationError, match="Adam Adept does this: they or Adam Adept tick it"):
        content.action_item_mark(member=mentor, item=mine, done=True)
    assert content.action_item_mark(member=mentor, item=for_maja, done=True).done
    assert content.action_item_mark(member=mentee, item=for_maja, done=False).done is False
    assert content.action_item_mark(member=mentor, item=nobodys, done=True).done


def test_only_the_author_removes_an_action_item(held, pair):
    _match, mentor, mentee = pair
    item = content.action_item_add(member=mentee, meeting=held, text="Mine", owner=mentor)

    with pytest.raises(ValidationError, match="Only Adam Adept, who wrote this action item"):
        content.action_item_remove(member=mentor, item=item)
    content.action_item_remove(member=mentee, item=item)
    assert not ActionItem.objects.exists()


@pytest.fixture
def fake_goals(monkeypatch):
    """A goals stage that records what it was asked (the real one: test_stage_hooks)."""
    made = []

    def choices(member, drafts):
        return [[(7, "A goal")] for _draft in drafts]

    def make(member, goal_id, draft):
        if goal_id != "7":
            raise ValidationError("Not one of yours.")
        made.append((member, draft))
        return "/goal/7/"

    monkeypatch.setattr(hooks, "goal_step_makers", [hooks.GoalStepMaker(choices, make)])
    return made


def test_an_action_item_becomes_a_step_once(held, pair, fake_goals):
    _match, mentor, mentee = pair
    due = timezone.localdate() + timedelta(days=3)
    item = content.action_item_add(
        member=mentee, meeting=held, text="Call the bank", owner=mentor, due_on=due
    )

    with pytest.raises(ValidationError, match="Not one of yours"):
        content.action_item_to_step(member=mentee, item=item, goal_id="8")
    item.refresh_from_db()
    assert item.became_step_at is None
    url = content.action_item_to_step(member=mentee, item=item, goal_id="7")

    assert url == "/goal/7/"
    assert fake_goals == [(mentee, hooks.StepDraft("Call the bank", mentor, due))]
    item.refresh_from_db()
    assert item.became_step_at is not None
    with pytest.raises(ValidationError, match="already a step of a goal"):
        content.action_item_to_step(member=mentee, item=item, goal_id="7")
    assert len(fake_goals) == 1


def test_without_a_goals_stage_nothing_becomes_a_step(held, pair, monkeypatch):
    _match, _mentor, mentee = pair
    monkeypatch.setattr(hooks, "goal_step_makers", [])
    item = content.action_item_add(member=mentee, meeting=held, text="x")

    with pytest.raises(ValidationError, match="no goals here"):
        content.action_item_to_step(member=mentee, item=item, goal_id="1")
