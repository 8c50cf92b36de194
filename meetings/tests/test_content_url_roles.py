"""Every address of the agenda, the notes and the action items, with every method, asked by
every role: the mentee (Adam), the other member (Maja), a member of another relationship,
a coordinator of this programme and of another, an anonymous visitor. Each answer is
checked for what it shows, and each post for what it changed: nothing, but what the rule
lets that person change."""

import pytest
from django.urls import reverse

from goals.tests.factories import GoalFactory
from meetings.models import ActionItem, AgendaItem, Note
from meetings.services import content
from meetings.tests.conftest import ROLES, as_

pytestmark = pytest.mark.django_db
ADAMS = "Adam's own words"
SECRET = "Adam's secret reflection"


@pytest.fixture
def world(held, pair, users, soon):
    _match, _mentor, mentee = pair
    item = content.agenda_item_add(member=mentee, meeting=held, text=ADAMS)
    content.note_save(member=mentee, meeting=held, private=True, text=SECRET)
    action = content.action_item_add(
        member=mentee, meeting=held, text="Adam calls the bank", owner=mentee
    )
    goal = GoalFactory(match=held.match, title="Adam's goal", target_date=soon.ends_on)
    return {"meeting": held, "item": item, "action": action, "goal": goal, **users}


def url(world, name: str) -> str:
    meeting = world["meeting"]
    kwargs = {"pk": meeting.match_id, "meeting": meeting.pk}
    if name == "agenda_remove":
        kwargs["item"] = world["item"].pk
    elif name in ("action_done", "action_remove", "action_step"):
        kwargs["item"] = world["action"].pk
    elif name in ("note_shared", "note_private"):
        kwargs["kind"] = name.removeprefix("note_")
        name = "note_save"
    return reverse(f"meetings:{name}", kwargs=kwargs)


def posted(world, name: str) -> dict:
    return {
        "agenda_add": {"text": "Another topic"},
        "agenda_remove": {},
        "note_shared": {"shared-text": "A shared note"},
        "note_private": {"private-text": "A reflection"},
        "action_add": {"action-text": "Book a room"},
        "action_done": {"done": "1"},
        "action_remove": {},
        "action_step": {"goal": world["goal"].pk},
    }[name]


NAMES = [
    "agenda_add",
    "agenda_remove",
    "note_shared",
    "note_private",
    "action_add",
    "action_done",
    "action_remove",
    "action_step",
]
OUTSIDERS = ("member_elsewhere", "coordinator", "other_coordinator")
#: What Maja, the other member, may do here too: add to the agenda, write her own notes,
#: note action items. Adam's topic, his action item and his goal stay his.
BOTH_MAY = {"agenda_add", "note_shared", "note_private", "action_add"}

REFUSALS = {
    "agenda_remove": "Only Adam Adept, who added this topic, removes it.",
    "action_done": "Adam Adept does this: they or Adam Adept tick it.",
    "action_remove": "Only Adam Adept, who wrote this action item down, removes it.",
    "action_step": "Choose one of your goals that is not completed.",
}


def state() -> tuple:
    return (
        list(AgendaItem.objects.order_by("pk").values_list("author", "text")),
        list(Note.objects.order_by("pk").values_list("author", "private", "text")),
        list(ActionItem.objects.order_by("pk").values_list("text", "done", "became_step_at")),
    )


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", NAMES)
def test_every_address_read_by_every_role(client, world, role, name):
    response = as_(client, world[role]).get(url(world, name))

    if role == "anon":
        assert sent_to_sign_in(response)
    elif role in OUTSIDERS:
        assert response.status_code == 404
        assert ADAMS not in response.text and "Adam" not in response.text
    else:  # posted from the meeting's page, never opened
        assert response.status_code == 405
        assert SECRET not in response.text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", NAMES)
def test_every_post_by_every_role_changes_only_what_the_rule_allows(client, world, role, name):
    before = state()

    response = as_(client, world[role]).post(url(world, name), posted(world, name))

    after = state()
    if role == "anon":
        assert sent_to_sign_in(response) and after == before
    elif role in OUTSIDERS:
        assert response.status_code == 404 and after == before
        assert "Adam" not in response.text
    elif role == "member" or name in BOTH_MAY:
        assert response.status_code == 302, response.text[:2000]
        assert after != before
    else:
        assert response.status_code == 302 and after == before  # refused, in words
        assert REFUSALS[name] in client.get(response["Location"]).text
    assert Note.objects.get(private=True, author__role="mentee").text == (
        "A reflection" if (role, name) == ("member", "note_private") else SECRET
    )


def test_what_each_post_changes_for_the_mentee(client, world, pair):
    _match, _mentor, mentee = pair
    client.force_login(world["member"])

    for name in ("agenda_add", "note_shared", "note_private", "action_add", "action_done"):
        assert client.post(url(world, name), posted(world, name)).status_code == 302, name

    assert AgendaItem.objects.filter(text="Another topic", author=mentee).exists()
    assert Note.objects.get(author=mentee, private=False).text == "A shared note"
    assert Note.objects.get(author=mentee, private=True).text == "A reflection"
    assert ActionItem.objects.filter(text="Book a room", author=mentee, owner=None).exists()
    world["action"].refresh_from_db()
    assert world["action"].done
    step = client.post(url(world, "action_step"), posted(world, "action_step"))
    assert step["Location"].startswith(
        reverse("goals:detail", kwargs={"pk": world["goal"].match_id, "goal": world["goal"].pk})
    )
    for name in ("agenda_remove", "action_remove"):
        assert client.post(url(world, name)).status_code == 302
    assert not AgendaItem.objects.filter(text=ADAMS).exists()
    assert not ActionItem.objects.filter(pk=world["action"].pk).exists()


def test_the_other_member_writes_their_own_notes_beside_adams(client, world, pair):
    _match, mentor, mentee = pair
    client.force_login(world["other_member"])

    client.post(url(world, "note_private"), posted(world, "note_private"))
    client.post(url(world, "note_shared"), posted(world, "note_shared"))

    assert Note.objects.get(author=mentor, private=True).text == "A reflection"
    assert Note.objects.get(author=mentor, private=False).text == "A shared note"
    assert Note.objects.get(author=mentee, private=True).text == SECRET
