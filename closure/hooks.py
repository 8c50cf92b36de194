"""What closure plugs into the stages below it (workspace sections, coordinators' facts,
the programme's admin). Each part registers itself here, once, when the app is ready."""


def register_all() -> None:
    from relationships import hooks as relationship_hooks

    from .ending_workspace import workspace_section as ending_section

    relationship_hooks.register(relationship_hooks.workspace_sections, ending_section)
