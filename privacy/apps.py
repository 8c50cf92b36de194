from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from relationships import hooks

        from .retention_workspace import workspace_section

        hooks.register(hooks.workspace_sections, workspace_section)
