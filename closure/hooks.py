"""What closure plugs into the stages below it (workspace sections, coordinators' facts,
the programme's admin). Each part registers itself here, once, when the app is ready."""

from collections.abc import Callable

#: ``(programme, match_ids)``: called once a programme has been closed (after the commit),
#: with the ids of the relationships the closing completed.
programme_closed: list[Callable] = []


def programme_closed_fire(programme, match_ids):
    for fn in programme_closed:
        fn(programme, match_ids)


def register_all() -> None:
    from . import closing_hooks

    closing_hooks.register()
