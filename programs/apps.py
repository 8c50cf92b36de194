from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes")
    coordinator_permissions = {
        "programme": ("view", "add", "change"),
        "enrolment": ("view", "add", "change", "delete"),
        "programmestatuschange": ("view",),
        "area": ("view", "add", "change", "delete"),
    }

    def ready(self) -> None:
        from .services import coordinator_group_sync

        # After every app's permissions exist, keep the Coordinators group's rights current.
        post_migrate.connect(lambda **kwargs: coordinator_group_sync(), weak=False)
