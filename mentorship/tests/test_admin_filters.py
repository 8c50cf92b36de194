"""Filters typed into an admin list's address: an impossible one is answered with a message
and a 400, never a 500 or Django's "database error".

Our lists have no ``date_hierarchy`` (its drill-down reads the distinct dates of the whole
table on every view); they filter dates in the sidebar, whose lookups are typed here."""

import pytest
from django.db import models
from django.urls import reverse

from .test_admin_scoping import our_admins

pytestmark = pytest.mark.django_db


def _date_filters(model, model_admin):
    for entry in model_admin.list_filter:
        name = entry[0] if isinstance(entry, tuple) else entry
        if not isinstance(name, str):
            continue
        field = next((f for f in model._meta.get_fields() if f.name == name), None)
        if isinstance(field, models.DateField):  # DateTimeField included
            yield name


DATED = [
    (model, admin, field) for model, admin in our_admins() for field in _date_filters(model, admin)
]


def test_the_lists_filtered_by_date_are_all_checked():
    assert {model._meta.label for model, _admin, _field in DATED} >= {
        "programs.Programme",
        "intake.Application",
        "events.Event",
        "notifications.Delivery",
    }
    assert not [model for model, admin in our_admins() if admin.date_hierarchy]


@pytest.mark.parametrize(
    "lookup",
    [
        "{field}__year=99999999999",  # beyond what a C integer holds
        "{field}__gte=99999999999-01-01",
        "{field}__lt=10000-01-01",  # past the last date Python knows
        "{field}__year=0",
        "{field}__gte=2026-13-01",
    ],
)
@pytest.mark.parametrize(
    ("model", "model_admin", "field"),
    DATED,
    ids=lambda x: x if isinstance(x, str) else getattr(x, "_meta", None) and x._meta.label,
)
def test_an_impossible_date_in_a_list_address_answers_400_with_a_message(
    client, coordinator, model, model_admin, field, lookup
):
    client.force_login(coordinator)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(f"{url}?{lookup.format(field=field)}")
    assert response.status_code == 400
    assert "cannot be used, for example a date out of range" in response.text
    assert f'href="{url}"' in response.text


def test_a_possible_date_still_filters_the_list(client, coordinator, programme):
    client.force_login(coordinator)
    url = reverse("admin:programs_programme_changelist")
    year = programme.starts_on.year
    assert programme.name in client.get(f"{url}?starts_on__gte={year}-01-01").text
    assert programme.name not in client.get(f"{url}?starts_on__lt={year - 5}-01-01").text
