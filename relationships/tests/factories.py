"""Relationships for tests: a match with its members, places given as the service would."""

import factory

from programs.models import Enrolment
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory
from relationships.models import Match, MatchMember


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
