from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")
    # Follow-ups are the coordinators' own work: they make, log and correct them. None is
    # deleted: the log is the record of what was done.
    # Surveys are built, published and copied by coordinators; one that has answers is
    # kept (its responses hold it), so only a draft's questions are theirs to delete.
    coordinator_permissions = {
        "followup": ("view", "add", "change"),
        "survey": ("view", "add", "change"),
        "surveyquestion": ("view", "add", "change", "delete"),
    }

    def ready(self) -> None:
        from relationships import hooks

        from .facts import FACTS

        hooks.register(hooks.coordinator_facts, FACTS)
