"""Follow-ups for tests: each about a relationship, due within its programme."""

from datetime import timedelta

import factory

from evaluations.models import FollowUp
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
