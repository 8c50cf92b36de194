"""Every model is declared: what personal data it holds and what erasure does to it, or
why it holds none. A new model fails here until its app says."""

import pytest
from django.apps import apps
from django.db import models

from accounts.models import User
from accounts.personal_data import OnErase
from privacy.declarations import declarations, field_at, model_of, not_personal


def test_every_model_is_declared_or_said_to_hold_nothing_personal():
    declared = {d.model for d in declarations()} | set(not_personal())
    missing = [m._meta.label for m in apps.get_models() if m._meta.label not in declared]
    assert missing == [], (
        "Declare these models' personal data in their app's personal_data.py "
        f"(see accounts/personal_data.py): {missing}"
    )


def test_a_model_pointing_at_a_person_is_never_called_not_personal():
    for label in not_personal():
        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            assert not (field.is_relation and field.related_model is User), (label, field.name)


@pytest.mark.parametrize("declaration", declarations(), ids=lambda d: f"{d.model}:{d.subject}")
def test_each_declaration_reaches_the_person_and_names_real_fields(declaration):
    model = model_of(declaration)
    if declaration.subject:
        assert field_at(model, declaration.subject).related_model is User
    for path in declaration.fields:
        field_at(model, path)
    for name in declaration.erased_fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.CharField | models.TextField | models.JSONField), name
        assert not field.unique, name
    if declaration.exported:
        assert set(declaration.private_text) <= set(declaration.fields)
    if declaration.on_erase == OnErase.BLANK:
        assert declaration.erased_fields, "blank what?"
    if not declaration.exported or declaration.on_erase == OnErase.KEEP:
        # Why it is kept or left out is part of the declaration.
        assert (
            declaration.why
            or declaration.model
            in (
                "programs.Enrolment",
                "events.RSVP",
            )
            or not declaration.private_text
        )
