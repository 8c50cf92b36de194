from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation


def site() -> SimpleNamespace:
    """The site as account e-mails name it: "Hello from Mentorship!", not from whichever
    host and port the request happened to reach."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new person keeps the language they signed up in."""
        user = super().save_user(request, user, form, commit=False)
        user.preferred_language = translation.get_language() or user.preferred_language
        if commit:
            user.save()
        return user

    def post_login(self, request, user, **kwargs):
        """Signing in switches to the person's own language before allauth writes "Signed
        in as …": the message shows on the next page, which is in that language."""
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language
        return super().post_login(request, user, **kwargs)

    def send_mail(self, template_prefix, email, context):
        """Account e-mails go out in the recipient's language, not the sender's."""
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, {"current_site": site(), **context})
