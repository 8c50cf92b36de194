"""A rich data set around one person, Adam (the pair's mentee), for the export and the
erasure: something of his in every app, and the others' own words beside it."""

from dataclasses import dataclass

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from closure.models import Alumnus, Certificate, ClosingReflection, GoalRating
from evaluations.tests.factories import (
    FollowUpFactory,
    MidpointReviewFactory,
    ParticipantReportFactory,
    SurveyAnswerFactory,
    SurveyQuestionFactory,
    SurveyReceiptFactory,
    SurveyResponseFactory,
)
from events.tests.factories import EventFactory, RSVPFactory
from goals.tests.factories import (
    CommentFactory,
    GoalFactory,
    ProgressUpdateFactory,
    StatusChangeFactory,
    StepFactory,
)
from intake.models import Application
from intake.tests.factories import AnswerFactory, InterviewFactory
from matching.tests.factories import ExclusionFactory, MatchRequestFactory
from meetings.models import Meeting
from meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    MeetingFactory,
    NoteFactory,
)
from notifications.tests.factories import DeliveryFactory, PreferenceFactory
from relationships.models import FitCheck, MatchMember
from relationships.tests import conftest as relationships_fixtures
from relationships.tests.factories import MessageFactory

running = relationships_fixtures.running
pair = relationships_fixtures.pair
elsewhere = relationships_fixtures.elsewhere
users = relationships_fixtures.users
ROLES, as_ = relationships_fixtures.ROLES, relationships_fixtures.as_

NAME, EMAIL = "Adam Adept", "adam.adept@example.org"


@dataclass
class World:
    match: object
    adam: object  # his MatchMember
    maja: object  # the mentor's MatchMember
    # Each of Adam's own words, by where they are: the export has them, the erasure
    # removes them.
    his: dict
    # The others' words: never in Adam's export, untouched by his erasure.
    theirs: dict


def _adams_data(match, adam: MatchMember, maja: MatchMember, n: int = 1, start: int = 0) -> dict:
    """``n`` of each of Adam's own records; returns his words by kind."""
    user = adam.enrolment.user
    his = {}
    for i in range(start, start + n):
        his[f"message{i}"] = f"Adam's message {i}: see you Thursday, {NAME}"
        MessageFactory(match=match, author=adam, body=his[f"message{i}"])
        meeting = MeetingFactory(match=match, status=Meeting.Status.HELD, held_minutes=60)
        his[f"note{i}"] = f"Adam's private reflection {i}"
        NoteFactory(meeting=meeting, author=adam, private=True, text=his[f"note{i}"])
        his[f"agenda{i}"] = f"Adam's agenda item {i}"
        AgendaItemFactory(meeting=meeting, author=adam, text=his[f"agenda{i}"])
        his[f"action{i}"] = f"Adam's action {i}"
        ActionItemFactory(meeting=meeting, author=adam, text=his[f"action{i}"])
        his[f"goal{i}"] = f"Adam's goal {i}: lead a meeting"
        goal = GoalFactory(match=match, author=adam, title=his[f"goal{i}"])
        his[f"step{i}"] = f"Adam's step {i}"
        StepFactory(goal=goal, text=his[f"step{i}"])
        his[f"status{i}"] = f"Adam's status comment {i}"
        StatusChangeFactory(goal=goal, comment=his[f"status{i}"])
        his[f"progress{i}"] = f"Adam's progress {i}"
        update = ProgressUpdateFactory(goal=goal, text=his[f"progress{i}"])
        his[f"comment{i}"] = f"Adam's comment {i}"
        CommentFactory(update=update, author=adam, text=his[f"comment{i}"])
        his[f"report{i}"] = f"Adam's words to the coordinator {i}"
        ParticipantReportFactory(
            match=match, member=adam, period=i + 1, to_coordinator=his[f"report{i}"]
        )
        event = EventFactory(programme=match.programme, title=f"Workshop {i}")
        RSVPFactory(event=event, user=user)
        DeliveryFactory(
            recipient=user,
            summary=f"{NAME}, your meeting {i} is tomorrow",
            link=f"/meetings/{i}/",
            about=f"meetings.meeting:{9000 + i}",
            last_error=f"550 {EMAIL}: mailbox full",
        )
    return his


@pytest.fixture
def world(pair, elsewhere, users) -> World:
    match, maja, adam = pair
    user = adam.enrolment.user
    assert (user.display_name, user.email) == (NAME, EMAIL)
    programme = match.programme
    his = _adams_data(match, adam, maja)

    application = Application.objects.get(user=user, programme=programme)
    his["about_me"] = f"I am {NAME}, a new manager in Umeå."
    Application.objects.filter(pk=application.pk).update(
        about_me=his["about_me"], manager_email="boss.of.adam@example.org", organisation="Adam AB"
    )
    his["answer"] = f"Call me {NAME}"
    AnswerFactory(application=application, value=his["answer"])
    FitCheck.objects.create(match=match, member=adam, answer="yes", comment="Adam: it fits")
    his["fit"] = "Adam: it fits"
    MidpointReviewFactory(match=match, member=adam, good="Adam's good", better="Adam's better")
    his["review"] = "Adam's good"
    response = SurveyResponseFactory(survey__programme=programme, respondent=user)
    his["survey"] = "Adam's survey answer"
    SurveyAnswerFactory(
        response=response,
        question=SurveyQuestionFactory(survey=response.survey, kind="text"),
        kind="text",
        number=None,
        text=his["survey"],
    )
    SurveyReceiptFactory(survey=response.survey, user=user)
    his["request"] = f"Please mentor me, {NAME}"
    MatchRequestFactory(
        mentee=adam.enrolment, mentor=maja.enrolment, programme=programme, message=his["request"]
    )
    PreferenceFactory(user=user)
    his["reflection"] = "Adam's way of working"
    reflection = ClosingReflection.objects.create(
        match=match,
        member=adam,
        achieved="Adam achieved",
        expectations_met=4,
        way_of_working=his["reflection"],
        going_on="Adam goes on",
        stay_in_touch="yes",
        stay_in_touch_how=f"mail {EMAIL}",
    )
    GoalRating.objects.create(
        reflection=reflection,
        goal=match.goals.filter(author=adam).first(),
        reached="yes",
        level_at_start=2,
        level_now=4,
    )
    Certificate.objects.create(member=adam)
    Alumnus.objects.create(user=user, programme=programme)
    MatchMember.objects.filter(pk=adam.pk).update(phone="+46 70 123 45 67")

    # What coordinators and the software wrote about him.
    InterviewFactory(application=application, notes=f"{NAME} seemed nervous")
    ExclusionFactory(
        programme=programme, first=adam.enrolment, second=maja.enrolment, note=f"{NAME}'s boss"
    )
    FollowUpFactory(match=match, note=f"Called {NAME}")
    DeliveryFactory(
        recipient=maja.enrolment.user,
        about="relationships.message:9999",
        summary=f"{NAME} sent you a message",
    )
    LogEntry.objects.create(
        user=users["coordinator"],
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        object_repr=f"{NAME} · {programme.name}",
        action_flag=CHANGE,
        change_message=f"Changed the status of {EMAIL}",
    )

    # The others' own words, some private.
    theirs = {
        "maja_message": "Maja's message: bring the plan",
        "maja_private_note": "Maja's private note about the mentee",
        "maja_fit": "Maja's fit-check comment",
        "maja_goal": "Maja's own goal",
        "bo_message": "Bo's message elsewhere",
    }
    MessageFactory(match=match, author=maja, body=theirs["maja_message"])
    meeting = MeetingFactory(
        match=match, status=Meeting.Status.HELD, held_minutes=60, proposed_by=maja
    )
    NoteFactory(meeting=meeting, author=maja, private=True, text=theirs["maja_private_note"])
    FitCheck.objects.create(match=match, member=maja, answer="unsure", comment=theirs["maja_fit"])
    GoalFactory(match=match, author=maja, title=theirs["maja_goal"])
    bo = elsewhere.members.get(role="mentee")
    MessageFactory(match=elsewhere, author=bo, body=theirs["bo_message"])
    return World(match=match, adam=adam, maja=maja, his=his, theirs=theirs)


@pytest.fixture
def more_of_adam(world):
    """Ten times as much of everything Adam writes, for the query counts."""

    def grow():
        world.his.update(_adams_data(world.match, world.adam, world.maja, n=10, start=1))

    return grow
