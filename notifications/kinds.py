"""What a person may turn off: the kinds of e-mail, each a group of e-mail templates.

Every app declares its kinds where it declares its e-mails (its ``emails.py`` or
``reminders.py``), with ``register``. An e-mail whose template is in no kind is one a person
cannot turn off — decisions about their application, invitations to their account, the
introduction to their match: what they must know to take part. allauth's account and
security e-mails do not come through here at all, and so cannot be turned off either.

A person's choice per kind is a ``Preference`` row: on (the default, no row), off, or in the
weekly digest where the kind allows it (not for what matters at a given hour, such as the
reminder the day before a meeting).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    name: str  # the preference's key and the unsubscribe link's, e.g. "meeting-reminder"
    label: str | Promise  # "Reminder the day before a meeting"
    emails: tuple[str, ...]  # the e-mail templates of this kind
    description: str | Promise = ""
    digest: bool = True  # may wait for the weekly digest instead of going out at once
    # Who receives it, for the preferences page: "participants" or "coordinators".
    audience: str = "participants"
    order: int = 100


_KINDS: dict[str, Kind] = {}
_BY_EMAIL: dict[str, Kind] = {}
_discovered = False


def register(kind: Kind) -> Kind:
    """Declare a kind (at import time of the declaring module). Registering the same name
    again replaces it, so a module imported twice in tests changes nothing."""
    _KINDS[kind.name] = kind
    for email in kind.emails:
        _BY_EMAIL[email] = kind
    return kind


def discover() -> None:
    """Import every project app's ``emails`` and ``reminders`` modules, where kinds and jobs
    are declared. Done on first use rather than at start-up, so no app's import order
    matters."""
    global _discovered
    if _discovered:
        return
    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if not config.path.startswith(base):
            continue
        for module in ("emails", "reminders"):
            try:
                import_module(f"{config.name}.{module}")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.{module}":
                    raise
    _discovered = True


def all_kinds() -> list[Kind]:
    discover()
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name))


def get(name: str) -> Kind | None:
    discover()
    return _KINDS.get(name)


def of_email(email: str) -> Kind | None:
    """The kind an e-mail template belongs to; None when it cannot be turned off."""
    discover()
    return _BY_EMAIL.get(email)
