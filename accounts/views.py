from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import UpdateView
from django.views.i18n import set_language as django_set_language

from . import services
from .forms import ProfileForm


class ProfileUpdateView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/profile_form.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = _("Your profile was saved.")

    def get_object(self, queryset=None):
        return self.request.user

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = self.request.user.calendar_token
        if token:
            # The address calendar programs fetch (the feed itself lives in dashboard).
            path = reverse("dashboard:calendar_feed", kwargs={"token": token})
            context["feed_url"] = settings.SITE_URL.rstrip("/") + path
            context["feed_webcal"] = "webcal://" + context["feed_url"].split("://", 1)[1]
        return context

    def form_valid(self, form):
        # The next page speaks the language just chosen, and so must "Your profile was
        # saved." (the middleware then keeps it in the language cookie).
        translation.activate(form.cleaned_data["preferred_language"])
        return super().form_valid(form)


@login_required
@require_POST
def calendar_feed_renew(request):
    """Create the person's calendar feed address, or replace it (the old one stops)."""
    had_one = bool(request.user.calendar_token)
    services.calendar_token_renew(user=request.user)
    if had_one:
        messages.success(
            request,
            _(
                "Your calendar feed has a new address. The old one no longer works: "
                "give the new one to your calendar program."
            ),
        )
    else:
        messages.success(
            request, _("Your calendar feed is ready. Add its address to your calendar program.")
        )
    return HttpResponseRedirect(reverse("accounts:profile") + "#calendar-feed")


@login_required
@require_POST
def calendar_feed_revoke(request):
    services.calendar_token_revoke(user=request.user)
    messages.success(request, _("Your calendar feed is switched off. Its address no longer works."))
    return HttpResponseRedirect(reverse("accounts:profile") + "#calendar-feed")


@require_POST
def set_language(request):
    """Django's language switcher, which also remembers the choice on the profile.

    Only the site's own languages: Django would also take any it has translations of
    (``language=de``), and the site would then speak a mix."""
    language = request.POST.get("language")
    if language not in {code for code, _name in settings.LANGUAGES}:
        return HttpResponseBadRequest(_("This site speaks Swedish and English."))
    response = django_set_language(request)
    if request.user.is_authenticated and check_for_language(language):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return response


def admin_login(request):
    """The admin's sign-in is everybody's (allauth's, rate-limited). Someone signed in
    without admin rights is told so: sending them to sign in would bring them straight
    back here, round and round."""
    if request.user.is_authenticated and request.user.is_staff:
        wanted = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()})
        return HttpResponseRedirect(wanted if wanted and safe else reverse("admin:index"))
    if request.user.is_authenticated:
        return TemplateResponse(request, "accounts/no_admin_access.html", status=403)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(reverse("account_login") + (f"?{query}" if query else ""))


def not_offered(request, **kwargs):
    """A route a library would add that we do not offer: as if it did not exist."""
    raise Http404
