from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")
    coordinator_permissions = {
        "matchingsettings": ("view", "add", "change"),
        "exclusion": ("view", "add", "change", "delete"),
        "preference": ("view", "add", "change", "delete"),
        "matchingrun": ("view", "change"),
        "suggestion": ("view",),
        "matchrequest": ("view",),
    }

    def ready(self) -> None:
        from relationships import hooks

        from .reasons import describe

        hooks.explanation_describers[:] = [describe]
