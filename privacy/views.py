"""The person's own privacy page: what the product holds about them, the file to take it
away, and erasing the account. No URL takes a person's id: each page is the signed-in
person's own."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from . import erasure, export
from .forms import EraseForm


class PrivacyHomeView(LoginRequiredMixin, TemplateView):
    template_name = "privacy/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = export.readable(self.request.user)
        return context


@login_required
@require_GET
def export_download(request):
    """The JSON file of everything, to keep or to take elsewhere."""
    body = json.dumps(
        export.as_json(request.user), cls=export.Encoder, ensure_ascii=False, indent=2
    )
    day = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentorship-my-data-{day}.json"'
    response["Cache-Control"] = "no-store"
    return response


class EraseView(LoginRequiredMixin, FormView):
    template_name = "privacy/erase.html"
    form_class = EraseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_superuser"] = self.request.user.is_superuser
        return context

    def form_valid(self, form):
        if self.request.user.is_superuser:
            # The last site administrator erasing themselves would leave nobody who can.
            form.add_error(
                None, _("A site administrator's account is erased by another administrator.")
            )
            return self.form_invalid(form)
        erasure.account_erase(user=self.request.user, by=self.request.user)
        logout(self.request)
        messages.success(
            self.request,
            _("Your account was erased. Thank you for taking part in the programme."),
        )
        return HttpResponseRedirect(reverse("programs:home"))
