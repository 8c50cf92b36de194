"""What closure plugs into the stages below it (workspace sections, coordinators' facts,
the programme's admin). Each part registers itself here, once, when the app is ready."""


def register_all() -> None:
    from relationships import hooks as relationship_hooks

    from .certificate_workspace import workspace_section as certificate_section

    relationship_hooks.register(relationship_hooks.workspace_sections, certificate_section)
