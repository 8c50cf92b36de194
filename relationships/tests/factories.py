"""Relationships for tests: a match with its members, places given as the service would."""

import factory

from programs.models import Enrolment
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory
from relationships.models import (
    Agreement,
    AgreementVersion,
    ConfidentialRead,
    FirstMeetingGuide,
    FitCheck,
    Match,
    MatchMember,
    Message,
    Signature,
)


class MatchFactory(factory.django.DjangoModelFactory):
    """A one-to-one match: a mentor and one mentee of the same programme (``mentor`` and
    ``mentees`` take enrolments; ``peers`` makes a peer match instead)."""

    class Meta:
        model = Match
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    origin = Match.Origin.MANUAL

    @factory.post_generation
    def members(match, create, extracted, **kwargs):
        if not create or extracted is False:  # False: the members come separately
            return
        peers = kwargs.get("peers")
        if peers is not None:
            for peer in peers:
                MatchMemberFactory(match=match, enrolment=peer, role=Enrolment.Role.PEER)
            return
        mentor = kwargs.get("mentor") or EnrolmentFactory(
            programme=match.programme, role=Enrolment.Role.MENTOR, capacity=3
        )
        mentees = kwargs.get("mentees") or [EnrolmentFactory(programme=match.programme)]
        MatchMemberFactory(match=match, enrolment=mentor, role=Enrolment.Role.MENTOR)
        taken = MatchMember.objects.filter(mentor=mentor, current=True).count()
        for place, mentee in enumerate(mentees, start=taken + 1):
            MatchMemberFactory(
                match=match,
                enrolment=mentee,
                role=Enrolment.Role.MENTEE,
                mentor=mentor,
                place=place,
            )


class MatchMemberFactory(factory.django.DjangoModelFactory):
    """A member; on its own, a mentor (a mentee needs ``mentor`` and ``place`` too)."""

    class Meta:
        model = MatchMember

    match = factory.SubFactory(MatchFactory, members=False)
    enrolment = factory.SubFactory(
        EnrolmentFactory,
        programme=factory.SelfAttribute("..match.programme"),
        role=Enrolment.Role.MENTOR,
    )
    role = factory.LazyAttribute(lambda member: member.enrolment.role)


def _member_of(match: Match, role: str = Enrolment.Role.MENTEE) -> MatchMember:
    return match.members.get(role=role)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    match = factory.SubFactory(MatchFactory)
    cadence = "monthly"
    meeting_format = "video"
    meeting_minutes = 60


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    programme_text = factory.LazyFunction(lambda: {"en": "We keep what we say to ourselves."})
    terms = factory.LazyFunction(dict)


class SignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signature

    version = factory.SubFactory(AgreementVersionFactory)
    member = factory.LazyAttribute(lambda s: _member_of(s.version.agreement.match))


class FirstMeetingGuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirstMeetingGuide

    match = factory.SubFactory(MatchFactory)
    introductions = True


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    match = factory.SubFactory(MatchFactory)
    author = factory.LazyAttribute(lambda m: _member_of(m.match))
    body = "Shall we meet on Thursday?"


class FitCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FitCheck

    match = factory.SubFactory(MatchFactory)
    member = factory.LazyAttribute(lambda f: _member_of(f.match))
    answer = FitCheck.Answer.YES


class ConfidentialReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfidentialRead

    match = factory.SubFactory(MatchFactory)
    reader = factory.SubFactory("accounts.tests.factories.UserFactory")
    item = ConfidentialRead.Item.FIT_CHECK_COMMENTS
