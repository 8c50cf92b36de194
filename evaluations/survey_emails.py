"""The surveys' e-mail: a survey is open for your answers (and, before it closes, a
reminder). Templates ``templates/emails/survey-due-*``; kind ``survey-reminder``."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import emails, kinds

from .survey_models import Survey
from .survey_occasions import Occasion

SURVEY_DUE = "survey-due"
CLOSING = ":closing"  # the reminder's delivery occasion: "<key>:closing"

kinds.register(
    kinds.Kind(
        "survey-reminder",
        _("Programme surveys"),
        (SURVEY_DUE,),
        _("When a survey of your programme opens for your answers, and before it closes."),
        order=33,
    )
)


def survey_due(*, to: User, survey: Survey, occasion: Occasion, closing: bool) -> bool:
    """To an invited member who has not answered: the survey is open (or closes soon)."""
    return emails.send(
        SURVEY_DUE,
        to=to,
        about=survey,
        occasion=occasion.key + (CLOSING if closing else ""),
        programme_id=survey.programme_id,
        context={
            "programme": survey.programme,
            "title": survey.title,
            "anonymous": survey.anonymous,
            "closing": closing,
            "closes_on": occasion.closes_on,
            "survey_url": emails.absolute_url(
                reverse("surveys:answer", args=[survey.pk, occasion.key])
            ),
        },
    )
