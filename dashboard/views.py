import re

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from accounts.models import User
from intake.models import Application
from intake.selectors import applications_for_user
from programs.selectors import programmes_coordinated_by

from .feed import feed_ics
from .selectors import enrolment_overviews_for_user


class MyProgrammesView(LoginRequiredMixin, TemplateView):
    template_name = "dashboard/my_programmes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["enrolments"] = enrolment_overviews_for_user(user)
        context["applications"] = applications_for_user(user).exclude(
            status=Application.Status.ACCEPTED
        )
        context["coordinated"] = programmes_coordinated_by(user).order_by("-starts_on")
        return context


# 43 URL-safe characters (accounts.services); anything else is not looked up at all.
FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@require_safe
def calendar_feed(request, token: str):
    """The person's calendar feed, for their calendar program (which signs in to nothing:
    the secret address is the key). A wrong, revoked or malformed key answers 404 with
    an empty body, whatever is wrong with it."""
    user = None
    if FEED_TOKEN.fullmatch(token):
        user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        return HttpResponseNotFound(b"", content_type="text/plain")
    response = HttpResponse(feed_ics(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private"
    response["X-Robots-Tag"] = "noindex"
    return response
