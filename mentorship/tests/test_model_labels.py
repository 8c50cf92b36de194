"""Every label the admin shows comes from a translatable verbose name, never a field name."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise

# Our apps sit at the top of the repository; libraries live elsewhere.
OUR_APPS = [
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).resolve().parent == Path(settings.BASE_DIR).resolve()
]


def our_models():
    return [model for name in OUR_APPS for model in apps.get_app_config(name).get_models()]


def test_our_apps_are_walked():
    assert {"accounts", "programs", "intake", "matching", "relationships"} <= set(OUR_APPS)
    assert len(our_models()) > 10


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_every_model_names_itself_in_the_readers_language(model):
    for attr in ("verbose_name", "verbose_name_plural"):
        assert isinstance(model._meta.original_attrs.get(attr), Promise), (
            f"{model._meta.label}.Meta.{attr} is not a lazy translation"
        )


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_every_field_has_a_translatable_label(model):
    # A field without verbose_name gets one made from its name: a plain English str.
    untranslated = [
        field.name
        for field in model._meta.get_fields(include_parents=True)
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)
    ]
    assert untranslated == [], f"{model._meta.label}: fields without a translated label"
