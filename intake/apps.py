from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake")
    coordinator_permissions = {
        "question": ("view", "add", "change", "delete"),
        "application": ("view", "change"),
        "applicationstatuschange": ("view",),
        "interview": ("view", "add", "change", "delete"),
    }

    def ready(self) -> None:
        from programs import hooks

        from . import selectors

        hooks.register(hooks.programme_stakes, selectors.applied_to)
        hooks.register(hooks.programme_page_parts, selectors.programme_page_part)
        hooks.register(hooks.enrolment_profiles, selectors.application_profiles)
