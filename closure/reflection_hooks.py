"""How the closing reflection plugs in: its workspace card and next step, the coordinators'
facts, and the invitations when a relationship completes or its programme closes."""

from relationships import hooks as relationship_hooks

from . import hooks


def invite_on_completion(match) -> None:
    from .reflection_tasks import invite_to_reflect

    invite_to_reflect.delay([match.pk])


def invite_on_closing(programme, match_ids) -> None:
    from .reflection_tasks import invite_to_reflect

    if match_ids:
        invite_to_reflect.delay(list(match_ids))


def register() -> None:
    from . import reflection_tasks  # noqa: F401 — the worker knows the tasks
    from .reflection_facts import FACTS
    from .reflection_workspace import workspace_section

    relationship_hooks.register(relationship_hooks.workspace_sections, workspace_section)
    relationship_hooks.register(relationship_hooks.coordinator_facts, FACTS)
    relationship_hooks.register(relationship_hooks.match_completed, invite_on_completion)
    relationship_hooks.register(hooks.programme_closed, invite_on_closing)
