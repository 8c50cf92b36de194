"""Where closing the programme and the transition plug into the stages below: the
programme's admin (closing settings, "Close programme"), the alumni admin and the
workspace's "After the programme" card."""

from relationships import hooks as relationship_hooks


def register() -> None:
    from . import closing_admin  # noqa: F401  (registers itself with the programme's admin)
    from .transition_workspace import workspace_section

    relationship_hooks.register(relationship_hooks.workspace_sections, workspace_section)
