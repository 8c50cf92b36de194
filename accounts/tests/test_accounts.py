"""Sign-up with e-mail only, verification, rate limits, logout by POST and the profile."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, email="new.person@example.org", **extra):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": "New Person",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_sign_up_form_asks_for_email_and_no_username(client):
    response = client.get(reverse("account_signup"))

    assert 'name="email"' in response.content.decode()
    assert 'name="username"' not in response.content.decode()


def test_sign_up_sends_a_verification_email_and_login_waits_for_it(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.org")
    assert user.display_name == "New Person"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]

    client.logout()
    login = client.post(
        reverse("account_login"), {"login": "new.person@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_confirming_the_email_lets_the_person_in(client):
    sign_up(client)
    link = confirmation_link(mail.outbox[0])

    client.post(link)

    user = User.objects.get(email="new.person@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("dashboard:mine")).status_code == 200


def test_sign_up_with_a_taken_address_creates_nobody_and_tells_only_the_owner(client):
    UserFactory(email="taken@example.org")

    response = sign_up(client, email="Taken@Example.org")

    # No account enumeration: the visitor sees the usual "check your e-mail" page...
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    # ...and only the owner of the address learns that an account already exists.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.org"]
    assert "already" in mail.outbox[0].body


def test_sign_up_remembers_the_language_it_was_made_in(client):
    client.cookies["django_language"] = "sv"

    sign_up(client)

    assert User.objects.get(email="new.person@example.org").preferred_language == "sv"
    assert "Bekräfta" in mail.outbox[0].subject or "bekräfta" in mail.outbox[0].body.lower()


def test_failed_logins_are_rate_limited_per_account(client):
    UserFactory(email="target@example.org")
    url = reverse("account_login")

    for _ in range(5):
        response = client.post(url, {"login": "target@example.org", "password": "wrong"})
        assert response.status_code == 200
    blocked = client.post(url, {"login": "target@example.org", "password": PASSWORD})

    assert blocked.status_code == 200
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)

    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_to_a_known_address(client):
    UserFactory(email="forgetful@example.org")

    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})

    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_owner_edits_their_profile(client):
    user = UserFactory(display_name="Old Name")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "New Name",
            "preferred_language": "sv",
            "time_zone": "Europe/London",
            "phone": "+46 70 123 45 67",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language, str(user.time_zone)) == (
        "New Name",
        "sv",
        "Europe/London",
    )
    assert user.phone == "+46 70 123 45 67"


def test_profile_rejects_a_bad_phone_number_with_a_clear_message(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Name",
            "preferred_language": "en",
            "time_zone": "Europe/Stockholm",
            "phone": "call me maybe",
        },
    )

    assert response.status_code == 200
    assert "Enter a phone number with digits only" in response.content.decode()


def test_profile_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_language_switch_is_saved_on_the_profile(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "sv", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "sv"
    assert "Mina program" in client.get(reverse("dashboard:mine")).content.decode()


def test_pages_show_times_in_the_persons_time_zone(client):
    from django.utils import timezone

    user = UserFactory(time_zone="America/New_York")
    client.force_login(user)

    client.get(reverse("dashboard:mine"))

    # The middleware activated the person's zone for that request, then it was reset.
    assert timezone.get_current_timezone_name() == "Europe/Stockholm"
    response = client.get(reverse("dashboard:mine"))
    assert response.context["TIME_ZONE"] == "America/New_York"


def test_account_emails_go_out_in_the_recipients_language(client):
    UserFactory(email="svensk@example.org", preferred_language="sv")

    # Asked for from an English page, the reset e-mail still reaches her in Swedish.
    client.post(
        reverse("account_reset_password"),
        {"email": "svensk@example.org"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert len(mail.outbox) == 1
    assert "lösenord" in (mail.outbox[0].subject + mail.outbox[0].body).lower()


@pytest.mark.parametrize(
    "language, greeting", [("en", "Hello from Mentorship!"), ("sv", "Mentorship")]
)
def test_account_emails_name_the_site_not_the_host_and_port(client, settings, language, greeting):
    settings.SITE_URL = "http://127.0.0.1:8101"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    sign_up(client)  # the request reaches "testserver"

    body = mail.outbox[0].body
    first_line = body.strip().splitlines()[0]
    assert greeting in first_line
    assert "testserver" not in first_line
    assert "Thank you for using Mentorship!" in body or language == "sv"


def test_the_profile_tells_the_browser_the_fields_are_the_persons_own_name_and_phone(client):
    user = UserFactory(display_name="Ada")
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).text
    name = re.search(r'<input[^>]*name="display_name"[^>]*>', page).group(0)
    phone = re.search(r'<input[^>]*name="phone"[^>]*>', page).group(0)
    assert 'autocomplete="name"' in name
    assert 'autocomplete="tel"' in phone and 'type="tel"' in phone
