from django.conf import settings
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control


def remember_language(request, response, language: str) -> None:
    """Keep a person's language in Django's language cookie, as the language switcher does.

    The profile decides while someone is signed in; the cookie is what is left once they
    sign out, so the page after "Sign out" (and the next visit) still speaks their language.
    """
    name = settings.LANGUAGE_COOKIE_NAME
    if request.COOKIES.get(name) == language or name in response.cookies:
        return
    response.set_cookie(
        name,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class UserPreferencesMiddleware:
    """Serve a signed-in person in their own language and time zone.

    Runs after ``LocaleMiddleware`` and ``AuthenticationMiddleware``: the profile wins over
    the browser's Accept-Language, and the language switcher updates the profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None:
            return self.get_response(request)
        arrived_signed_in = user.is_authenticated
        chosen_by_locale_middleware = translation.get_language()
        if arrived_signed_in:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
            timezone.activate(user.zone)
        try:
            response = self.get_response(request)
        finally:
            # The thread serves someone else next (signing in may have switched it too).
            timezone.deactivate()
            translation.activate(chosen_by_locale_middleware)
        # Whoever is signed in after this request, or was before it (signing out): their
        # language outlives the session.
        person = request.user if request.user.is_authenticated else user
        if person.is_authenticated:
            remember_language(request, response, person.preferred_language)
        # A signed-in person's pages hold personal data: no shared cache, nor the browser's
        # back-button cache on a shared computer, keeps a copy.
        if arrived_signed_in and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
