"""Every app's declaration of the personal data it holds, read by name.

Each installed app of ours may have a ``personal_data`` module (``accounts.personal_data``
explains its two lists). They are found through the app registry, so a new app declares
its data by adding the module, and ``privacy/tests/test_declarations.py`` fails until it
does.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import models

from accounts.personal_data import PersonalData


def _modules():
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.personal_data")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.personal_data":
                raise


@cache
def declarations() -> tuple[PersonalData, ...]:
    """Every declaration, in the apps' order (lowest layer first)."""
    return tuple(d for module in _modules() for d in getattr(module, "DECLARATIONS", ()))


@cache
def not_personal() -> dict[str, str]:
    found: dict[str, str] = {}
    for module in _modules():
        found.update(getattr(module, "NOT_PERSONAL", {}))
    return found


@cache
def display() -> dict:
    """``"app.Model.field"`` -> a function naming a stored key for people (``DISPLAY``)."""
    found: dict = {}
    for module in _modules():
        found.update(getattr(module, "DISPLAY", {}))
    return found


def model_of(declaration: PersonalData) -> type[models.Model]:
    return apps.get_model(declaration.model)


def field_at(model: type[models.Model], path: str) -> models.Field:
    """The field at the end of an ORM path (``programme__name``)."""
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)
