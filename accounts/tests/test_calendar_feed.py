"""The calendar feed's secret address on the profile: created, replaced and switched off by
POST, each person only ever their own; every role gets the same (their own) rights."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RENEW, REVOKE = reverse("accounts:calendar_feed_renew"), reverse("accounts:calendar_feed_revoke")
PROFILE = reverse("accounts:profile")


@pytest.fixture
def people():
    """A participant, a coordinator (staff), each with or without a feed."""
    return {
        "participant": UserFactory(display_name="Adam Adept"),
        "coordinator": UserFactory(display_name="Cora Coordinator", is_staff=True),
        "bystander": UserFactory(calendar_token="b" * 43),
    }


def tokens() -> dict[int, str | None]:
    return dict(User.objects.values_list("pk", "calendar_token"))


def test_a_person_has_no_feed_until_they_ask_for_one(client, people):
    client.force_login(people["participant"])

    page = client.get(PROFILE).text

    assert people["participant"].calendar_token is None
    assert "Create my calendar feed" in page and "/calendar/" not in page


@pytest.mark.parametrize("role", ["participant", "coordinator"])
def test_create_replace_and_switch_off_change_only_ones_own_feed(client, people, role):
    user = people[role]
    client.force_login(user)
    before = tokens()

    created = client.post(RENEW)
    user.refresh_from_db()
    first = user.calendar_token
    page = client.get(PROFILE).text
    client.post(RENEW)
    user.refresh_from_db()
    second = user.calendar_token
    revoked = client.post(REVOKE)
    user.refresh_from_db()

    assert created.status_code == 302 and created["Location"] == PROFILE + "#calendar-feed"
    assert len(first) == 43 and second != first and len(second) == 43
    assert f"http://127.0.0.1:8000/calendar/{first}.ics" in page
    assert f"webcal://127.0.0.1:8000/calendar/{first}.ics" in page
    assert "Make a new address" in page and "Switch the feed off" in page
    assert revoked.status_code == 302 and user.calendar_token is None
    others = {pk: t for pk, t in tokens().items() if pk != user.pk}
    assert others == {pk: t for pk, t in before.items() if pk != user.pk}


@pytest.mark.parametrize("url", [RENEW, REVOKE])
def test_an_anonymous_visitor_is_sent_to_sign_in_and_changes_nothing(client, people, url):
    before = tokens()

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert tokens() == before


@pytest.mark.parametrize("url", [RENEW, REVOKE])
def test_the_feed_actions_are_posts_only(client, people, url):
    client.force_login(people["bystander"])

    assert client.get(url).status_code == 405
    assert tokens()[people["bystander"].pk] == "b" * 43


def test_the_address_is_never_in_the_admin(admin_client, people):
    page = admin_client.get(reverse("admin:accounts_user_change", args=[people["bystander"].pk]))

    assert page.status_code == 200 and "b" * 43 not in page.text
