"""A person's e-mail choices, and the unsubscribe link every optional e-mail carries."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from accounts.models import User

from . import kinds, preferences
from .forms import PreferencesForm
from .models import Preference


class PreferencesView(LoginRequiredMixin, FormView):
    template_name = "notifications/preferences.html"
    form_class = PreferencesForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        preferences.preferences_save(user=self.request.user, choices=form.choices())
        messages.success(self.request, _("Your e-mail choices are saved."))
        return redirect("notifications:preferences")


def _kind_label(kind: str) -> str:
    if kind == preferences.ALL_DIGESTS:
        return _("Weekly digest")
    found = kinds.get(kind)
    return str(found.label) if found else ""


def _masked(email: str) -> str:
    """ "a…@example.org": enough for its owner to recognise, little for whoever else holds a
    forwarded e-mail."""
    name, _at, domain = email.partition("@")
    return f"{name[:1]}…@{domain}"


@csrf_exempt  # the link is the authority: a mail program's one-click POST has no session
def unsubscribe(request, token: str):
    """GET asks (a link scanner that opens it changes nothing); POST turns the kind off —
    from our page, or a mail program's RFC 8058 one-click request. "on" turns it back on."""
    found = preferences.read_token(token)
    if found is None:
        raise Http404
    user = User.objects.filter(pk=found[0], is_active=True).first()
    label = _kind_label(found[1])
    if user is None or not label:
        raise Http404
    kind = found[1]
    if request.method == "POST":
        mode = Preference.Mode.ON if request.POST.get("mode") == "on" else Preference.Mode.OFF
        preferences.preference_set(user=user, kind=kind, mode=mode)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
        return render(
            request,
            "notifications/unsubscribe.html",
            {
                "label": label,
                "done": mode,
                "token": token,
                "email": _masked(user.email),
                # The digest's link turns off each kind kept for it; which ones, it forgets:
                # they are chosen again on the preferences page.
                "undo": kind != preferences.ALL_DIGESTS,
            },
        )
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return render(
        request,
        "notifications/unsubscribe.html",
        {"label": label, "done": "", "token": token, "email": _masked(user.email)},
    )
