from django.views.generic import DetailView, ListView

from .hooks import programme_page_parts
from .models import Enrolment
from .selectors import enrolments_for_user, programmes_for_user, programmes_open_for_intake


class HomeView(ListView):
    """The front page: programmes that take applications now."""

    template_name = "programs/home.html"
    context_object_name = "programmes"
    paginate_by = 12

    def get_queryset(self):
        return programmes_open_for_intake()


class ProgrammeDetailView(DetailView):
    """The programme page: purpose, how it works, role guides and the way to apply."""

    template_name = "programs/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        # A draft or someone else's programme answers 404, as if it did not exist.
        return programmes_for_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object
        user = self.request.user
        context["roles"] = [(role, Enrolment.Role(role).label) for role in programme.roles()]
        context["applications_open"] = programme.applications_open()
        if user.is_authenticated:
            context["my_enrolment"] = enrolments_for_user(user).filter(programme=programme).first()
            for part in programme_page_parts:
                context.update(part(programme, user))
        return context
