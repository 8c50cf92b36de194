from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    # Coordinators keep the topic bank; meetings themselves are the members' own, and
    # coordinators see only their dates and numbers (meetings.facts).
    coordinator_permissions = {"topic": ("view", "add", "change", "delete")}

    def ready(self) -> None:
        from relationships import hooks

        from .facts import FACTS
        from .selectors import first_held, held_count
        from .workspace import workspace_section

        hooks.register(hooks.workspace_sections, workspace_section)
        hooks.register(hooks.coordinator_facts, FACTS)
        hooks.register(hooks.meetings_held_counters, held_count)
        hooks.register(hooks.first_meeting_held_expressions, first_held)
