"""What closure plugs into the stages below it (workspace sections, coordinators' facts,
the programme's admin). Each part registers itself here, once, when the app is ready.

It also offers hooks of its own, for its parts and the apps above it:

- ``programme_closed``: ``fn(programme, match_ids)``, each called on commit after a
  coordinator closed the programme (``programme_closed_fire``), with the ids of the
  relationships the closing completed.
"""

from collections.abc import Callable, Iterable

#: ``(programme, match_ids) -> None``, called on commit once a programme is closed.
programme_closed: list[Callable] = []


def programme_closed_fire(programme, match_ids: Iterable[int]) -> None:
    ids = list(match_ids)
    for fn in programme_closed:
        fn(programme, ids)


def register_all() -> None:
    from relationships import hooks as relationship_hooks

    from . import closing_hooks, reflection_hooks
    from .certificate_workspace import workspace_section as certificate_section
    from .ending_workspace import workspace_section as ending_section

    reflection_hooks.register()
    closing_hooks.register()
    relationship_hooks.register(relationship_hooks.workspace_sections, certificate_section)
    relationship_hooks.register(relationship_hooks.workspace_sections, ending_section)
