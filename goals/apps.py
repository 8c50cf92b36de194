from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals")
    # Coordinators offer goal templates; the goals themselves are the members' own, and
    # coordinators see only their numbers (goals.facts), never their texts.
    coordinator_permissions = {"goaltemplate": ("view", "add", "change", "delete")}

    def ready(self) -> None:
        from relationships import hooks

        from .facts import FACTS
        from .meeting_steps import MAKER
        from .workspace import workspace_section

        hooks.register(hooks.workspace_sections, workspace_section)
        hooks.register(hooks.coordinator_facts, FACTS)
        hooks.register(hooks.goal_step_makers, MAKER)
