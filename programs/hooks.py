"""Where later stages plug into programmes.

Imports run one way: ``intake``, ``events`` and the rest import ``programs``, never the other
way round. When ``programs`` must let them react or contribute, it offers a hook here and
they subscribe from their ``AppConfig.ready``.
"""

from collections.abc import Callable

from django.db.models import Q
from django.dispatch import Signal

#: Sent when a person gives up their place in a programme, inside the transaction that does
#: it; keyword arguments ``user`` and ``programme_id``. Events hand on the person's seats.
enrolment_withdrawn = Signal()

#: ``(user) -> Q`` over programmes: "this person has a stake in it" beyond being enrolled or
#: coordinating (intake adds "has applied"). Each should be an ``Exists``, never a join.
programme_stakes: list[Callable] = []

#: ``(programme, user) -> dict``: what a stage adds to the programme page's context for a
#: signed-in visitor (intake adds the visitor's application).
programme_page_parts: list[Callable] = []


#: ``(enrolments) -> {enrolment id: {field: text}}``: what people shared about themselves
#: for the others in their programme (intake adds organisation, city and "about me" from
#: the application). Relationships introduce members with it, without importing intake.
enrolment_profiles: list[Callable] = []


def register(hooks: list[Callable], function: Callable) -> Callable:
    """Add ``function`` to ``hooks`` once (``ready()`` may run twice in tests)."""
    if function not in hooks:
        hooks.append(function)
    return function


def stakes(user) -> Q:
    found = Q(pk__in=[])
    for stake in programme_stakes:
        found |= stake(user)
    return found


def profiles(enrolments) -> dict[int, dict]:
    """Every registered part of each enrolment's profile, merged; ``{}`` for nothing."""
    enrolments = list(enrolments)
    found: dict[int, dict] = {e.pk: {} for e in enrolments}
    for part in enrolment_profiles:
        for pk, fields in part(enrolments).items():
            found[pk].update(fields)
    return found
