"""The person's export: everything of theirs, nobody else's private words, at a constant
cost."""

import json

import pytest
from django.urls import reverse
from django.utils.html import escape

from .conftest import EMAIL, NAME, as_


def _download(client, user) -> dict:
    response = as_(client, user).get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_the_file_holds_everything_the_person_wrote(client, world):
    data = _download(client, world.adam.enrolment.user)
    text = json.dumps(data, ensure_ascii=False)
    for kind, words in world.his.items():
        assert words in text, kind
    assert data["data"]["accounts"]["accounts.User"] == [
        {
            "email": EMAIL,
            "display_name": NAME,
            "phone": "",
            "preferred_language": "en",
            "time_zone": "Europe/Stockholm",
            "date_joined": data["data"]["accounts"]["accounts.User"][0]["date_joined"],
            "last_login": data["data"]["accounts"]["accounts.User"][0]["last_login"],
        }
    ]
    programmes = data["data"]["programs"]["programs.Enrolment"]
    assert [(e["programme__name"], e["role"]) for e in programmes] == [("Leaders 2027", "mentee")]
    assert data["data"]["closure"]["closure.Certificate"]
    assert data["data"]["closure"]["closure.Alumnus"][0]["programme__name"] == "Leaders 2027"
    assert data["data"]["notifications"]["notifications.Preference"][0]["kind"] == "messages"
    assert data["data"]["events"]["events.RSVP"][0]["event__title"] == "Workshop 0"


def test_the_file_holds_no_one_elses_private_words(client, world):
    text = json.dumps(_download(client, world.adam.enrolment.user), ensure_ascii=False)
    for kind, words in world.theirs.items():
        assert words not in text, kind
    # The coordinators' working notes about him are theirs.
    assert "seemed nervous" not in text
    assert "boss" not in text.replace("boss.of.adam@example.org", "")
    assert f"Called {NAME}" not in text


def test_the_other_member_gets_their_own_and_not_adams(client, world):
    text = json.dumps(_download(client, world.maja.enrolment.user), ensure_ascii=False)
    assert world.theirs["maja_private_note"] in text
    assert world.theirs["maja_fit"] in text
    for kind in ("note0", "fit", "message0", "report0", "reflection", "about_me", "survey"):
        assert world.his[kind] not in text, kind


def test_the_page_shows_it_readably_in_the_persons_language(client, world):
    user = world.adam.enrolment.user
    user.preferred_language = "sv"
    user.save()
    response = as_(client, user).get(reverse("privacy:home"), headers={"accept-language": "sv"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in page
    assert escape(world.his["note0"]) in page and escape(world.his["reflection"]) in page
    assert escape(world.theirs["maja_private_note"]) not in page
    assert "Meddelanden" in page and "Relationer" in page  # the tables, by their Swedish names
    assert reverse("privacy:export") in page and reverse("privacy:erase") in page


def test_the_page_names_e_mails_by_their_kind(client, world):
    page = as_(client, world.adam.enrolment.user).get(reverse("privacy:home")).content.decode()
    assert "Messages in your workspace" in page  # his preference, not the key "messages"


def test_what_the_person_wrote_is_escaped_on_the_page(client, world):
    from relationships.models import Message

    Message.objects.filter(author=world.adam).update(body="<script>alert(1)</script>")
    page = as_(client, world.adam.enrolment.user).get(reverse("privacy:home")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("name", ["privacy:home", "privacy:export"])
def test_the_cost_stays_the_same_as_the_data_grows(
    client, world, more_of_adam, django_assert_num_queries, name
):
    user = world.adam.enrolment.user
    as_(client, user)
    client.get(reverse(name))  # the session and the cache warmed
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    more_of_adam()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse(name))
    words = world.his["message10"]
    assert (escape(words) if name == "privacy:home" else words) in response.content.decode()
