from django.utils import timezone, translation


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
            return self.get_response(request)
        finally:
            # The thread serves someone else next.
            timezone.deactivate()
            translation.deactivate()
