"""A member's page after their relationship or programme has ended: the next-step
resources the coordinator picked, and the alumni (joining, the invitation back as a
mentor, leaving). Only the programme's members whose relationship is over see it; anyone
else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from . import transition_services as services
from .transition_forms import AlumniForm
from .transition_selectors import get_after_for_user


class AfterView(LoginRequiredMixin, TemplateView):
    template_name = "closure/after.html"

    def get_context_data(self, **kwargs):
        after = get_after_for_user(self.request.user, self.kwargs["slug"])
        initial = {"invite_as_mentor": after.alumnus.invite_as_mentor if after.alumnus else True}
        return super().get_context_data(
            after=after, programme=after.programme, form=AlumniForm(initial=initial), **kwargs
        )


def _back(slug: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("closure:after", kwargs={"slug": slug}))


@login_required
@require_POST
def alumni_join(request, slug: str):
    after = get_after_for_user(request.user, slug)  # 404 for anyone but its members
    form = AlumniForm(request.POST)
    form.is_valid()  # a lone checkbox: anything but "on" is "no"
    invite = form.cleaned_data.get("invite_as_mentor", False)
    try:
        services.alumnus_join(user=request.user, programme=after.programme, invite_as_mentor=invite)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _joined_message(after, invite))
    return _back(slug)


def _joined_message(after, invite: bool) -> str:
    text = _("Welcome to the alumni of %(programme)s.") % {"programme": after.programme.name}
    if invite and after.next_open:
        text += " " + _("The invitation to apply as a mentor in %(next)s is on its way.") % {
            "next": after.next_programme.name
        }
    elif invite:
        text += " " + _("We will invite you when the next programme opens for applications.")
    return text


@login_required
@require_POST
def alumni_update(request, slug: str):
    after = get_after_for_user(request.user, slug)
    if after.alumnus is None:
        messages.error(request, _("You are not one of this programme's alumni."))
        return _back(slug)
    form = AlumniForm(request.POST)
    form.is_valid()
    invite = form.cleaned_data.get("invite_as_mentor", False)
    services.alumnus_update(alumnus=after.alumnus, invite_as_mentor=invite)
    if invite:
        messages.success(request, _("We will invite you back as a mentor."))
    else:
        messages.success(request, _("We will not invite you back as a mentor."))
    return _back(slug)


@login_required
@require_POST
def alumni_leave(request, slug: str):
    after = get_after_for_user(request.user, slug)
    if after.alumnus is not None:
        services.alumnus_leave(alumnus=after.alumnus)
        messages.success(
            request,
            _("You have left the alumni of %(programme)s.") % {"programme": after.programme.name},
        )
    return _back(slug)
