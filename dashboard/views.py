from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from intake.models import Application
from intake.selectors import applications_for_user
from programs.selectors import programmes_coordinated_by

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
