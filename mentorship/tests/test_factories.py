"""Every model of ours has a factory in its app's ``tests/factories.py``, and each factory
makes an object that passes the model's own validation and the database's constraints."""

import inspect
from importlib import import_module

import factory
import pytest
from django.apps import apps

OUR_APPS = [
    "accounts",
    "notifications",
    "programs",
    "intake",
    "events",
    "resources",
    "relationships",
    "matching",
    "goals",
    "meetings",
    "evaluations",
]


def factories() -> dict:
    found = {}
    for label in OUR_APPS:
        module = import_module(f"{label}.tests.factories")
        for _name, member in inspect.getmembers(module, inspect.isclass):
            if issubclass(member, factory.django.DjangoModelFactory) and member._meta.model:
                found.setdefault(member._meta.model, member)
    return found


def our_models() -> list:
    return [
        model
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.abstract
    ]


def test_every_model_has_a_factory():
    missing = [model._meta.label for model in our_models() if model not in factories()]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_each_factory_makes_a_valid_object(model):
    made = factories()[model]()
    made.full_clean()
    assert model.objects.filter(pk=made.pk).exists()
