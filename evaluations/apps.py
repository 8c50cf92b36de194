from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluations")
    # Follow-ups are the coordinators' own work: they make, log and correct them. None is
    # deleted: the log is the record of what was done.
    # Participants' reports are read, never changed (each opening of one is logged).
    # Surveys are built, published and copied by coordinators; one that has answers is
    # kept (its responses hold it), so only a draft's questions are theirs to delete.
    coordinator_permissions = {
        "followup": ("view", "add", "change"),
        "participantreport": ("view",),
        "survey": ("view", "add", "change"),
        "surveyquestion": ("view", "add", "change", "delete"),
    }

    def ready(self) -> None:
        from relationships import hooks

        from .facts import FACTS
        from .health_facts import FACTS as HEALTH_FACTS

        hooks.register(hooks.coordinator_facts, HEALTH_FACTS)
        hooks.register(hooks.coordinator_facts, FACTS)

        from .review_facts import FACTS as REVIEW_FACTS
        from .review_workspace import workspace_section

        hooks.register(hooks.coordinator_facts, REVIEW_FACTS)
        hooks.register(hooks.workspace_sections, workspace_section)

        from . import review_health

        review_health.register()
