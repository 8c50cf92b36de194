"""Who may use the e-mail pages: one's own choices when signed in; an unsubscribe link acts
for the person and kind it was made for, whoever opens it, and for nobody else."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications import preferences
from notifications.models import Preference

pytestmark = pytest.mark.django_db
ROLES = ["owner", "someone_else", "coordinator", "anon"]


@pytest.fixture
def people():
    return {
        "owner": UserFactory(email="adam@example.org"),
        "someone_else": UserFactory(email="bo@example.org"),
        "coordinator": UserFactory(email="cora@example.org", is_staff=True),
        "anon": None,
    }


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_preferences_page_shows_and_saves_only_ones_own_choices(client, people, role):
    Preference.objects.create(user=people["owner"], kind="messages", mode="off")
    client = as_(client, people[role])
    url = reverse("notifications:preferences")

    page = client.get(url)
    saved = client.post(url, {"messages": "digest"})

    if role == "anon":
        assert page.status_code == saved.status_code == 302
        assert page["Location"].startswith(reverse("account_login"))
        assert Preference.objects.get(user=people["owner"]).mode == "off"
        return
    assert page.status_code == 200
    initial = page.context["form"]["messages"].value()
    assert initial == ("off" if role == "owner" else "on")  # nobody sees another's choice
    assert saved.status_code in (200, 302)
    owner_mode = Preference.objects.get(user=people["owner"], kind="messages").mode
    assert owner_mode == ("off" if role != "owner" or saved.status_code == 200 else "digest")


@pytest.mark.parametrize("role", ROLES)
def test_an_unsubscribe_link_acts_for_its_owner_whoever_opens_it(client, people, role):
    client = as_(client, people[role])
    url = preferences.unsubscribe_path(people["owner"], "goal-news")

    assert client.get(url).status_code == 200
    assert client.post(url, {"mode": "off"}).status_code == 200

    assert list(Preference.objects.values_list("user__email", "kind", "mode")) == [
        ("adam@example.org", "goal-news", "off")
    ]


def test_the_link_of_a_deactivated_account_answers_404(client, people):
    people["owner"].is_active = False
    people["owner"].save()
    assert client.get(preferences.unsubscribe_path(people["owner"], "messages")).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_link_answers_only_get_and_post(client, people, method):
    url = preferences.unsubscribe_path(people["owner"], "messages")
    assert getattr(client, method)(url).status_code == 405


@pytest.mark.parametrize(
    "data",
    [{"messages": "\x00"}, {"messages": "²"}, {"messages": "x" * 100_000}, {"nothing": "1"}],
)
def test_odd_choices_are_refused_with_a_message(client, people, data):
    client.force_login(people["owner"])
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200
    assert "form" in response.context and response.context["form"].errors
    assert not Preference.objects.exists()


def test_ten_megabytes_of_choices_is_a_400_and_saves_nothing(client, people):
    client.force_login(people["owner"])
    client.raise_request_exception = False
    response = client.post(reverse("notifications:preferences"), {"messages": "x" * 10_000_000})
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_a_huge_made_up_token_is_a_404(client):
    assert client.post(f"/profile/e-mails/stop/{'A' * 100_000}/").status_code == 404
