from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from .hooks import programme_page_parts
from .models import Enrolment, Programme
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

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return intake_closed(request, kwargs["slug"])

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


def intake_closed(request, slug: str):
    """A programme whose intake has closed, reached by an old link: say so and point to the
    programmes open now, instead of a bare "not found". A draft stays unknown (404)."""
    programme = Programme.objects.exclude(status=Programme.Status.DRAFT).filter(slug=slug).first()
    if programme is None:
        raise Http404
    context = {
        "closed": programme,
        "programmes": programmes_open_for_intake().exclude(pk=programme.pk)[:6],
    }
    return render(request, "programs/intake_closed.html", context, status=404)
