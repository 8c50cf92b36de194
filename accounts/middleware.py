from django.utils import timezone, translation
from django.utils.cache import patch_cache_control


class UserPreferencesMiddleware:
    """Serve a signed-in person in their own language and time zone.

    Runs after ``LocaleMiddleware`` and ``AuthenticationMiddleware``: the profile wins over
    the browser's Accept-Language, and the language switcher updates the profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language
        timezone.activate(user.zone)
        try:
            response = self.get_response(request)
        finally:
            # The thread serves someone else next.
            timezone.deactivate()
            translation.deactivate()
        # A signed-in person's pages hold personal data: no shared cache, nor the browser's
        # back-button cache on a shared computer, keeps a copy.
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
