"""Goals for tests: each made in a relationship with its author a mentee of it."""

from datetime import timedelta

import factory

from goals.models import Comment, Goal, GoalTemplate, ProgressUpdate, StatusChange, Step
from programs.tests.factories import ProgrammeFactory
from relationships.tests.factories import MatchFactory


class GoalTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalTemplate

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"A career-path plan {n}")
    specific = "Where I want to be in three years, and the next role on the way."
    measure = "I have applied for the next role."
    relevance = "I want work that uses what I am good at."
    steps = "List what I am good at\nTalk to two people in the role I want"


class GoalFactory(factory.django.DjangoModelFactory):
    """A goal of the match's (first) mentee, due within the programme."""

    class Meta:
        model = Goal

    match = factory.SubFactory(MatchFactory)
    author = factory.LazyAttribute(lambda goal: goal.match.members.filter(role="mentee").first())
    title = factory.Sequence(lambda n: f"Goal {n}")
    specific = "Lead the weekly team meeting on my own."
    measure = "I have led four meetings and asked the team how they went."
    relevance = "I am a new manager and the meeting is where the team sees me."
    target_date = factory.LazyAttribute(
        lambda goal: goal.match.programme.starts_on + timedelta(days=60)
    )


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    goal = factory.SubFactory(GoalFactory)
    text = factory.Sequence(lambda n: f"Step {n}")
    owner = factory.LazyAttribute(lambda step: step.goal.author)
    position = factory.Sequence(lambda n: n + 1)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    goal = factory.SubFactory(GoalFactory)
    number = factory.Sequence(lambda n: n + 1)
    from_status = Goal.Status.ON_TRACK
    status = Goal.Status.OFF_TRACK
    comment = "Busy weeks at work."
    by = factory.LazyAttribute(lambda change: change.goal.author)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    goal = factory.SubFactory(GoalFactory)
    author = factory.LazyAttribute(lambda update: update.goal.author)
    on = factory.LazyAttribute(lambda update: update.goal.match.programme.starts_on)
    text = "I led the first meeting; it went better than I feared."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    update = factory.SubFactory(ProgressUpdateFactory)
    author = factory.LazyAttribute(lambda comment: comment.update.goal.author)
    text = "Well done!"
