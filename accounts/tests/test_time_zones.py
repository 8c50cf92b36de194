"""The profile offers the common time zones by country and city, the person's own first."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from accounts.time_zones import time_zone_choices

pytestmark = pytest.mark.django_db


def options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="time_zone".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def profile_data(**overrides) -> dict:
    return {"display_name": "Name", "preferred_language": "en", **overrides}


def test_the_list_holds_the_common_zones_and_none_of_the_odd_names():
    zones = dict(time_zone_choices())

    assert {"Europe/Stockholm", "America/New_York", "Asia/Kolkata", "UTC"} <= set(zones)
    assert not {"localtime", "Zulu", "US/Eastern", "Etc/GMT+5", "GMT", "Factory"} & set(zones)
    assert 300 < len(zones) < 450  # one per country region, not ~600 names


def test_zones_are_named_by_country_and_city_in_the_readers_language():
    with translation.override("sv"):
        swedish = dict(time_zone_choices())
    with translation.override("en"):
        english = dict(time_zone_choices())

    assert swedish["Europe/Stockholm"] == "Sverige – Stockholm"
    assert english["Europe/Stockholm"] == "Sweden – Stockholm"
    assert swedish["Europe/Copenhagen"] == "Danmark – Köpenhamn"
    assert english["America/New_York"] == "United States – New York"


def test_the_profile_offers_my_own_zone_first(client):
    client.force_login(UserFactory(time_zone="America/New_York"))

    found = options(client.get(reverse("accounts:profile")).text)

    assert found[0] == ("America/New_York", "United States – New York")
    assert [value for value, _label in found].count("America/New_York") == 1


def test_an_old_zone_name_stays_on_offer_and_can_be_kept(client):
    user = UserFactory(time_zone="US/Pacific")
    client.force_login(user)

    found = options(client.get(reverse("accounts:profile")).text)
    response = client.post(reverse("accounts:profile"), profile_data(time_zone="US/Pacific"))

    assert found[0] == ("US/Pacific", "US/Pacific")
    assert response.status_code == 302
    user.refresh_from_db()
    assert str(user.time_zone) == "US/Pacific"


def test_a_zone_outside_the_list_is_refused_with_a_message(client):
    user = UserFactory(time_zone="Europe/Stockholm")
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), profile_data(time_zone="Zulu"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    user.refresh_from_db()
    assert str(user.time_zone) == "Europe/Stockholm"


def test_choosing_a_common_zone_saves_it(client):
    user = UserFactory(time_zone="Europe/Stockholm")
    client.force_login(user)

    client.post(reverse("accounts:profile"), profile_data(time_zone="Asia/Kolkata"))

    user.refresh_from_db()
    assert str(user.time_zone) == "Asia/Kolkata"


def test_the_people_admin_offers_the_same_short_list(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory(time_zone="Asia/Tokyo")
    client.force_login(admin)

    found = options(client.get(reverse("admin:accounts_user_change", args=[person.pk])).text)

    assert found[0] == ("Asia/Tokyo", "Japan – Tokyo")
    assert "Zulu" not in [value for value, _label in found]
