"""Follow-ups for tests: each about a relationship, due within its programme."""

from datetime import timedelta

import factory

from evaluations.models import FollowUp, MidpointReview, ParticipantReport, ReportRead
from relationships.tests.factories import MatchFactory


class FollowUpFactory(factory.django.DjangoModelFactory):
    """A follow-up asked for by hand, due a month into the relationship's programme."""

    class Meta:
        model = FollowUp

    match = factory.SubFactory(MatchFactory)
    reason = FollowUp.Reason.ASKED
    due_on = factory.LazyAttribute(lambda o: o.match.programme.starts_on + timedelta(days=30))

    class Params:
        done = factory.Trait(
            done_on=factory.LazyAttribute(lambda o: o.due_on),
            channel=FollowUp.Channel.PHONE,
            note="Both are happy with how it goes.",
        )


from .survey_factories import (  # noqa: E402, F401 (the surveys' factories)
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    SurveyReceiptFactory,
    SurveyResponseFactory,
)

# --- The mid-point review and the participants' reports -----------------------------------


def _member(match, role="mentee"):
    return match.members.filter(role=role).first() or match.members.first()


class MidpointReviewFactory(factory.django.DjangoModelFactory):
    """A mentee's mid-point review of their relationship."""

    class Meta:
        model = MidpointReview

    match = factory.SubFactory(MatchFactory)
    member = factory.LazyAttribute(lambda o: _member(o.match))
    good = "We meet as agreed and the agendas help."
    better = "More time on the goals."


class ParticipantReportFactory(factory.django.DjangoModelFactory):
    """A mentee's first report to the coordinator: it goes well."""

    class Meta:
        model = ParticipantReport

    match = factory.SubFactory(MatchFactory)
    member = factory.LazyAttribute(lambda o: _member(o.match))
    period = 1
    how_going = 4
    meetings_since = 2


class ReportReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRead

    report = factory.SubFactory(ParticipantReportFactory)
    reader = factory.SubFactory("accounts.tests.factories.UserFactory", is_staff=True)
