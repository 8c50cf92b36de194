"""Filters typed into an admin list's address: an impossible one is answered with a message
and a 400, never a 500 or Django's "database error"."""

import pytest
from django.urls import reverse

from .test_admin_scoping import our_admins

pytestmark = pytest.mark.django_db

DATED = [(model, admin) for model, admin in our_admins() if admin.date_hierarchy]


def test_the_lists_with_a_date_hierarchy_are_all_checked():
    assert {model._meta.label for model, _admin in DATED} >= {
        "programs.Programme",
        "intake.Application",
        "events.Event",
        "notifications.Delivery",
    }


@pytest.mark.parametrize(
    "lookup",
    [
        "{field}__year=99999999999",  # beyond what a C integer holds
        "{field}__year=9999&{field}__month=12&{field}__day=31",  # the day after is year 10000
        "{field}__year=0",
        "{field}__year=2026&{field}__month=13",
    ],
)
@pytest.mark.parametrize(
    ("model", "model_admin"), DATED, ids=lambda x: getattr(x, "_meta", None) and x._meta.label
)
def test_an_impossible_date_in_a_list_address_answers_400_with_a_message(
    client, coordinator, model, model_admin, lookup
):
    client.force_login(coordinator)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(f"{url}?{lookup.format(field=model_admin.date_hierarchy)}")
    assert response.status_code == 400
    assert "cannot be used, for example a date out of range" in response.text
    assert f'href="{url}"' in response.text


def test_a_possible_date_still_filters_the_list(client, coordinator, programme):
    client.force_login(coordinator)
    url = reverse("admin:programs_programme_changelist")
    year = programme.starts_on.year
    assert programme.name in client.get(f"{url}?starts_on__year={year}").text
    assert programme.name not in client.get(f"{url}?starts_on__year={year - 5}").text
