"""In Chromium: stopping one kind of e-mail from its link, undoing it, choosing the digest;
and axe on every page of it."""

import re

import pytest
from django.urls import reverse

from accounts.tests.browser import serious, sign_in
from accounts.tests.factories import UserFactory
from notifications import emails
from notifications.models import Preference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_stops_an_email_from_its_link_then_chooses_the_digest(
    live_server, page, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    adam = UserFactory(email="adam@example.org", display_name="Adam Adept")
    emails.send(
        "workspace-message",
        to=adam,
        about=adam,
        context={"programme": {"name": "Leaders"}, "author": "Maja", "body": "Hello!"},
    )
    link = re.search(r"(http\S+/e-mails/stop/\S+/)", mailoutbox[0].body).group(1)
    problems = {}

    page.goto(link)  # not signed in
    page.get_by_role("heading", name="Stop this kind of e-mail?").wait_for()
    assert "a…@example.org" in page.content()
    problems["unsubscribe"] = serious(page)
    page.get_by_role("button", name="Stop these e-mails").click()
    page.get_by_role("heading", name="You will not get these e-mails any more").wait_for()
    problems["unsubscribed"] = serious(page)
    assert Preference.objects.get(user=adam, kind="messages").mode == "off"
    page.get_by_role("button", name="Undo: send them again").click()
    page.get_by_role("heading", name="These e-mails are on again").wait_for()
    assert not Preference.objects.filter(user=adam).exists()

    sign_in(page, live_server.url, adam.email)
    page.goto(live_server.url + reverse("notifications:preferences"))
    problems["preferences"] = serious(page)
    page.get_by_role("group", name="Messages in your workspace").get_by_label(
        "In a weekly digest"
    ).check()
    page.get_by_role("group", name="A goal completed").get_by_label("Do not send it").check()
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Your e-mail choices are saved.").wait_for()
    problems["saved"] = serious(page)

    assert dict(Preference.objects.filter(user=adam).values_list("kind", "mode")) == {
        "messages": "digest",
        "goal-news": "off",
    }
    # What was saved is what the page shows when it is opened again.
    assert (
        page.get_by_role("group", name="Messages in your workspace")
        .get_by_label("In a weekly digest")
        .is_checked()
    )
    assert {k: v for k, v in problems.items() if v} == {}
