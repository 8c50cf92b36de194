"""A person's choices per kind of e-mail, the one-click unsubscribe and the weekly digest."""

from datetime import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications import emails, kinds, preferences
from notifications.models import Delivery, Preference
from notifications.tests.helpers import run_job

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
OPTIONAL = "goal-completed"  # of the kind "goal-news", which a person may turn off
ESSENTIAL = "participant-added"  # in no kind: always sent


@pytest.fixture
def adam():
    return UserFactory(email="adam@example.org", display_name="Adam Adept")


def context():
    return {"goal": {"title": "Speak up"}, "goal_url": "https://example.org/goals/1/"}


def send_optional(to, occasion="1"):
    return emails.send(OPTIONAL, to=to, about=to, occasion=occasion, context=context())


def unsubscribe_url(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>")


def test_an_optional_email_carries_a_one_click_unsubscribe_for_its_kind(adam, mailoutbox):
    send_optional(adam)

    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = unsubscribe_url(message)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert preferences.read_token(token) == (adam.pk, "goal-news")
    assert url in message.body  # and the footer offers it to the reader too
    assert url in message.alternatives[0][0]
    assert reverse("notifications:preferences") in message.body


def test_an_email_needed_to_take_part_has_no_unsubscribe(adam, mailoutbox):
    emails.send(
        ESSENTIAL, to=adam, about=adam, context={"programme": {"name": "P"}, "role": "mentee"}
    )

    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers
    assert reverse("notifications:preferences") in mailoutbox[0].body


def test_one_click_post_turns_off_that_kind_for_that_person_only(client, adam, mailoutbox):
    eve = UserFactory(email="eve@example.org")
    send_optional(adam)
    url = unsubscribe_url(mailoutbox[0])

    # A mail program's RFC 8058 request: no session, no CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Preference.objects.get(user=adam).kind == "goal-news"
    assert Preference.objects.get(user=adam).mode == Preference.Mode.OFF
    mailoutbox.clear()
    assert send_optional(adam, occasion="2") is False
    assert send_optional(eve, occasion="2") is True
    assert emails.send(
        "workspace-message",
        to=adam,
        about=adam,
        context={"programme": {"name": "P"}, "author": "Maja", "body": "Hi"},
    )
    assert [m.to for m in mailoutbox] == [[eve.email], [adam.email]]
    assert Delivery.objects.get(recipient=adam, occasion="2").status == "off"


def test_opening_the_link_asks_first_and_changes_nothing(client, adam, mailoutbox):
    send_optional(adam)
    url = unsubscribe_url(mailoutbox[0])

    response = client.get(url)

    assert response.status_code == 200
    assert "A goal completed" in response.content.decode()
    assert not Preference.objects.exists()
    page = client.post(url, {"mode": "off"})
    assert "You will not get these e-mails any more" in page.content.decode()
    client.post(url, {"mode": "on"})  # undo
    assert not Preference.objects.exists()


@pytest.mark.parametrize(
    "token",
    ["nonsense", "x" * 5000, "%C2%B2", "e30:1abc:xyz"],
)
def test_a_made_up_or_altered_link_answers_404(client, adam, token):
    assert client.get(f"/profile/e-mails/stop/{token}/").status_code == 404
    assert client.post(f"/profile/e-mails/stop/{token}/").status_code == 404
    assert not Preference.objects.exists()


def test_a_link_signed_for_another_site_or_kind_answers_404(client, adam, settings):
    assert client.get(preferences.unsubscribe_path(adam, "no-such-kind")).status_code == 404
    path = preferences.unsubscribe_path(adam, "goal-news")
    settings.SECRET_KEY = "another-site-" + "k" * 50
    assert client.get(path).status_code == 404


def test_the_preferences_page_saves_each_choice(client, adam):
    client.force_login(adam)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    form = page.context["form"]
    assert "new-applications" not in form.fields  # coordinators' alone
    # A reminder that matters at its hour is never kept for the digest.
    assert "digest" not in dict(form.fields["meeting-reminder"].choices)

    response = client.post(
        reverse("notifications:preferences"),
        {
            **{name: "on" for name in form.fields},
            "messages": "digest",
            "goal-news": "off",
        },
    )

    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=adam).values_list("kind", "mode")) == {
        "messages": "digest",
        "goal-news": "off",
    }


def test_a_choice_not_offered_is_refused_with_a_message_and_nothing_saved(client, adam):
    client.force_login(adam)
    fields = client.get(reverse("notifications:preferences")).context["form"].fields
    response = client.post(
        reverse("notifications:preferences"),
        {**{name: "on" for name in fields}, "goal-news": "off", "meeting-reminder": "digest"},
    )

    assert response.status_code == 200
    assert "Choose one of the options offered." in response.content.decode()
    assert not Preference.objects.exists()


def test_the_preferences_page_needs_a_sign_in(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_coordinators_also_choose_their_own_kinds(client):
    cora = UserFactory(is_staff=True)
    client.force_login(cora)
    assert (
        "new-applications"
        in client.get(reverse("notifications:preferences")).context["form"].fields
    )


def test_every_kind_has_its_emails_templates():
    from django.template.loader import get_template

    for kind in kinds.all_kinds():
        for email in kind.emails:
            for part in ("subject.txt", "body.txt", "body.html"):
                get_template(f"emails/{email}-{part}")


def test_a_kind_kept_for_the_digest_goes_out_once_in_the_weekly_digest(
    adam, mailoutbox, django_capture_on_commit_callbacks
):
    adam.preferred_language = "sv"
    adam.save()
    preferences.preference_set(user=adam, kind="goal-news", mode="digest")
    send_optional(adam, "1")
    send_optional(adam, "2")
    assert mailoutbox == []
    waiting = Delivery.objects.filter(status=Delivery.Status.IN_DIGEST)
    assert waiting.count() == 2
    assert waiting.first().link == "https://example.org/goals/1/"

    # Sunday evening and Monday at 8: not yet. Monday at 9 in Stockholm: the digest.
    sunday = datetime(2027, 3, 7, 20, tzinfo=STOCKHOLM)
    assert run_job("weekly-digest", sunday, django_capture_on_commit_callbacks).claimed == []
    early = datetime(2027, 3, 8, 8, 55, tzinfo=STOCKHOLM)
    assert run_job("weekly-digest", early, django_capture_on_commit_callbacks).claimed == []
    monday = datetime(2027, 3, 8, 9, 5, tzinfo=STOCKHOLM)
    assert len(run_job("weekly-digest", monday, django_capture_on_commit_callbacks).claimed) == 1
    later = datetime(2027, 3, 8, 9, 35, tzinfo=STOCKHOLM)
    assert run_job("weekly-digest", later, django_capture_on_commit_callbacks).claimed == []

    assert len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert parseaddr(digest.to[0])[1] == adam.email
    assert "2 uppdateringar" in digest.subject  # in Adam's language
    assert digest.body.count("https://example.org/goals/1/") == 2
    assert "List-Unsubscribe" in digest.extra_headers
    assert set(Delivery.objects.filter(kind=OPTIONAL).values_list("status", flat=True)) == {
        Delivery.Status.DIGESTED
    }


def test_stopping_the_digest_from_its_link_also_stops_what_waited_for_it(
    client, adam, mailoutbox, django_capture_on_commit_callbacks
):
    preferences.preference_set(user=adam, kind="goal-news", mode="digest")
    send_optional(adam, "1")

    page = client.post(preferences.unsubscribe_path(adam, preferences.ALL_DIGESTS), {"mode": "off"})
    monday = datetime(2027, 3, 8, 9, 5, tzinfo=STOCKHOLM)
    result = run_job("weekly-digest", monday, django_capture_on_commit_callbacks)

    assert "Undo" not in page.content.decode()  # which kinds were in it is not kept
    assert Preference.objects.get(user=adam, kind="goal-news").mode == "off"
    assert result.due == [] and mailoutbox == []
    assert Delivery.objects.get(kind=OPTIONAL).status == Delivery.Status.TURNED_OFF


def test_turning_a_digest_kind_off_drops_what_waited_in_the_digest(adam, mailoutbox):
    preferences.preference_set(user=adam, kind="goal-news", mode="digest")
    preferences.preference_set(user=adam, kind="messages", mode="digest")
    send_optional(adam, "1")
    emails.send(
        "workspace-message",
        to=adam,
        about=adam,
        context={"programme": {"name": "P"}, "author": "Maja", "body": "Hi"},
    )

    preferences.preference_set(user=adam, kind="goal-news", mode="off")

    statuses = dict(Delivery.objects.values_list("kind", "status"))
    assert statuses == {OPTIONAL: "off", "workspace-message": "digest"}
