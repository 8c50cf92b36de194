"""Role × URL: /privacy/, its download and its erasure are each the signed-in person's own;
nobody else's data on them, and nothing without signing in."""

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User

from .conftest import EMAIL, NAME, ROLES, as_

URLS = ["privacy:home", "privacy:export", "privacy:erase"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", URLS)
def test_each_role_sees_only_their_own(client, world, users, role, name):
    user = users[role]
    response = as_(client, user).get(reverse(name))
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        return
    assert response.status_code == 200
    body = response.content.decode()
    if name == "privacy:export":
        body = json.dumps(json.loads(body), ensure_ascii=False)
        assert user.email in body
    elif name == "privacy:home":
        assert escape(user.email) in body
    if role != "member":
        for words in world.his.values():
            assert words not in body and escape(words) not in body
        assert EMAIL not in body.replace(user.email, "")


def test_no_url_takes_another_persons_id(client, world, users):
    """The pages have no id in their address; one added is not a page."""
    as_(client, users["coordinator"])
    adam = world.adam.enrolment.user
    for path in (f"/privacy/{adam.pk}/", f"/privacy/my-data.json?user={adam.pk}"):
        response = client.get(path)
        assert NAME not in response.content.decode()


@pytest.mark.parametrize(
    "typed", ["", "someone@example.org", "adam.adept@example.org\x00", "²", "x" * 5000]
)
def test_a_wrong_or_odd_confirmation_erases_nothing(client, world, typed):
    user = world.adam.enrolment.user
    response = as_(client, user).post(reverse("privacy:erase"), {"email": typed})
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in response.content.decode() or "is-invalid" in (
        response.content.decode()
    )
    user.refresh_from_db()
    assert (user.display_name, user.email, user.is_active) == (NAME, EMAIL, True)


def test_the_person_erases_their_own_account_by_typing_their_address(client, world):
    user = world.adam.enrolment.user
    response = as_(client, user).post(
        reverse("privacy:erase"), {"email": " Adam.Adept@Example.org "}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("programs:home")
    assert "Your account was erased." in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Former participant" and not user.is_active
    assert client.get(reverse("privacy:home")).status_code == 302  # signed out


def test_a_site_administrator_does_not_erase_themselves_on_the_page(client, world):
    admin = User.objects.create_superuser("root@example.org", "pw", display_name="Root")
    response = as_(client, admin).post(reverse("privacy:erase"), {"email": "root@example.org"})
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active and admin.display_name == "Root"


def test_erasing_needs_a_post(client, world):
    user = world.adam.enrolment.user
    as_(client, user).get(reverse("privacy:erase"), {"email": EMAIL})
    user.refresh_from_db()
    assert user.is_active
    assert client.post(reverse("privacy:export")).status_code == 405
