"""Meetings for tests: each in a relationship, proposed by a member of it, within its
programme; the agenda, notes and action items written by its members."""

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from meetings.models import (
    ActionItem,
    AgendaItem,
    Format,
    Meeting,
    Note,
    Response,
    Series,
    Topic,
)
from programs.tests.factories import ProgrammeFactory
from relationships.tests.factories import MatchFactory


def _in_programme(programme, days: int = 10):
    day = programme.starts_on + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(17)))


def _mentee(match):
    return match.members.filter(role="mentee").first() or match.members.first()


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    match = factory.SubFactory(MatchFactory)
    created_by = factory.LazyAttribute(lambda series: _mentee(series.match))
    rule = "FREQ=WEEKLY;INTERVAL=2"
    starts_at = factory.LazyAttribute(lambda series: _in_programme(series.match.programme))
    until = factory.LazyAttribute(lambda series: series.match.programme.ends_on)
    minutes = 60
    format = Format.VIDEO


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned one-off meeting ten days into the programme, proposed by the mentee."""

    class Meta:
        model = Meeting

    match = factory.SubFactory(MatchFactory)
    proposed_by = factory.LazyAttribute(lambda meeting: _mentee(meeting.match))
    status = Meeting.Status.PLANNED
    starts_at = factory.LazyAttribute(lambda meeting: _in_programme(meeting.match.programme))
    minutes = 60
    format = Format.IN_PERSON
    place = "Café Blom"


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.PROPOSED)
    member = factory.LazyAttribute(
        lambda response: response.meeting.match.members.exclude(
            pk=response.meeting.proposed_by_id
        ).first()
    )
    answer = Response.Answer.ACCEPTED


class TopicFactory(factory.django.DjangoModelFactory):
    """A discussion topic of one programme, in both languages."""

    class Meta:
        model = Topic

    programme = factory.SubFactory(ProgrammeFactory)
    kind = Topic.Kind.TOPIC
    title_en = factory.Sequence(lambda n: f"Topic {n}")
    title_sv = factory.Sequence(lambda n: f"Ämne {n}")
    description_en = "What to talk about, in a sentence."
    description_sv = "Vad ni kan prata om, i en mening."
    title = factory.LazyAttribute(lambda topic: topic.title_en)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    author = factory.LazyAttribute(lambda item: item.meeting.proposed_by)
    text = factory.Sequence(lambda n: f"Agenda item {n}")
    position = factory.Sequence(lambda n: n + 1)


class NoteFactory(factory.django.DjangoModelFactory):
    """A shared note of the meeting's proposer (``private=True``: their reflection)."""

    class Meta:
        model = Note

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.HELD, held_minutes=60)
    author = factory.LazyAttribute(lambda note: note.meeting.proposed_by)
    private = False
    text = "We talked about the first hire."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory, status=Meeting.Status.HELD, held_minutes=60)
    author = factory.LazyAttribute(lambda item: item.meeting.proposed_by)
    owner = factory.LazyAttribute(lambda item: item.author)
    text = factory.Sequence(lambda n: f"Action item {n}")
