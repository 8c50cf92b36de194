"""The Swedish account pages and messages: right words, and the person's own language
from signing in to after signing out."""

import re
from pathlib import Path

import allauth
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

from accounts.allauth_texts import ALLAUTH_TEXTS
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def alerts(response) -> list[str]:
    return re.findall(r'role="alert">(.*?)</div>', response.text)


def page_language(response) -> str:
    return re.search(r'<html lang="(\w+)"', response.text).group(1)


def test_the_swedish_sign_in_page_asks_newcomers_to_create_an_account(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="sv").text

    assert "Har du inget konto än?" in page
    assert f'<a href="{reverse("account_signup")}">' in page
    assert "Har du redan ett konto" not in page  # allauth's own Swedish said so here
    assert 'placeholder="E-postadress"' in page


def test_the_swedish_sign_up_page_sends_members_to_sign_in(client):
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="sv").text

    assert "Har du redan ett konto?" in page
    assert f'<a href="{reverse("account_login")}' in page


def test_our_swedish_for_allauth_still_matches_allauth_texts():
    """Our catalogue can only replace a text allauth still has, word for word."""
    catalogue = Path(allauth.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    with catalogue.open("rb") as handle:
        theirs = {message.id for message in read_po(handle) if message.id}

    assert [text for text in ALLAUTH_TEXTS if text not in theirs] == []


def test_a_swedish_person_signing_in_from_an_english_page_is_greeted_in_swedish(client):
    UserFactory(email="svea@example.org", display_name="Svea Svensson", preferred_language="sv")

    response = client.post(
        reverse("account_login"),
        {"login": "svea@example.org", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert page_language(response) == "sv"
    assert alerts(response) == ["Du har loggat in som Svea Svensson."]


def test_choosing_swedish_on_the_profile_confirms_the_save_in_swedish(client):
    user = UserFactory(display_name="Ella English", preferred_language="en")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Ella", "preferred_language": "sv", "time_zone": "Europe/Stockholm"},
        follow=True,
    )

    assert page_language(response) == "sv"
    assert alerts(response) == ["Din profil har sparats."]


def test_the_language_stays_swedish_after_signing_out(client):
    UserFactory(email="svea@example.org", preferred_language="sv")
    client.post(
        reverse("account_login"), {"login": "svea@example.org", "password": PASSWORD}, follow=True
    )

    response = client.post(reverse("account_logout"), follow=True)

    assert "_auth_user_id" not in client.session
    assert page_language(response) == "sv"
    assert alerts(response) == ["Du har loggat ut."]
    # And on the next visit, with a browser that asks for English.
    later = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(later) == "sv"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"


def test_a_person_who_was_signed_in_elsewhere_keeps_their_language_at_sign_out(client):
    """Signed in on another device: no language cookie here yet, only the profile."""
    client.force_login(UserFactory(preferred_language="sv"))
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies

    response = client.post(reverse("account_logout"), follow=True)

    assert page_language(response) == "sv"
