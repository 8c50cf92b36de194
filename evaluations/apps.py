from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")
    # Follow-ups are the coordinators' own work: they make, log and correct them. None is
    # deleted: the log is the record of what was done.
    coordinator_permissions = {"followup": ("view", "add", "change")}

    def ready(self) -> None:
        from relationships import hooks

        from .facts import FACTS

        hooks.register(hooks.coordinator_facts, FACTS)
