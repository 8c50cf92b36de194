"""``{% open_surveys %}``: a note of the surveys waiting for the signed-in member, for the
pages that list their programmes (three queries, whatever the number of surveys)."""

from django import template

from ..survey_selectors import site_day_now, surveys_for_user

register = template.Library()


@register.inclusion_tag("evaluations/surveys/_open_surveys.html", takes_context=True)
def open_surveys(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    found = surveys_for_user(user, site_day_now()) if user is not None else []
    return {"waiting": [s for s in found if not s.answered]}
