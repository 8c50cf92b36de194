from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView, TemplateView

from .selectors import (
    enrolments_for_user,
    programmes_coordinated_by,
    programmes_for_user,
    programmes_open_for_intake,
)


class HomeView(ListView):
    """The front page: programmes that take applications now."""

    template_name = "programs/home.html"
    context_object_name = "programmes"
    paginate_by = 12

    def get_queryset(self):
        return programmes_open_for_intake()


class ProgrammeDetailView(DetailView):
    template_name = "programs/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        # A draft or someone else's programme answers 404, as if it did not exist.
        return programmes_for_user(self.request.user)


class MyProgrammesView(LoginRequiredMixin, TemplateView):
    template_name = "programs/my_programmes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["enrolments"] = enrolments_for_user(user)
        context["coordinated"] = (
            programmes_coordinated_by(user).order_by("-starts_on") if user.is_staff else []
        )
        return context
