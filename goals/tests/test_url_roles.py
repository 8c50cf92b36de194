"""Every goals URL, with every method, asked by every role: the goal's author (the mentee),
the other member of the relationship (the mentor), a member of another relationship, a
coordinator of this programme and of another, an anonymous visitor. Each answer is
checked for what it shows, and each post for what it changed (nothing, but for those the
rule lets in)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Comment, Goal, ProgressUpdate, Step
from goals.tests.conftest import ROLES, as_, in_programme

pytestmark = pytest.mark.django_db
TITLE = "Lead my first team meeting"


@pytest.fixture
def world(goal, step, pair, users):
    _match, _mentor, mentee = pair
    return {"goal": goal, "step": step, "update": goal.updates.get(), "mentee": mentee, **users}


def url(world, name: str) -> str:
    goal, step, update = world["goal"], world["step"], world["update"]
    kwargs = {"pk": goal.match_id}
    if name not in ("list", "new"):
        kwargs["goal"] = goal.pk
    if name in ("step_edit", "step_mark", "step_delete"):
        kwargs["step"] = step.pk
    if name == "comment_new":
        kwargs["update"] = update.pk
    return reverse(f"goals:{name}", kwargs=kwargs)


def posted(world, name: str) -> dict:
    goal, update, mentee = world["goal"], world["update"], world["mentee"]
    programme = goal.match.programme
    smart = {
        "title": "Adam's second goal",
        "specific": "Hire my first team member.",
        "measure": "A signed contract.",
        "relevance": "I cannot grow alone.",
        "target_date": in_programme(programme, 90).isoformat(),
        "visibility": "relationship",
    }
    return {
        "list": {},
        "detail": {},
        "new": smart,
        "edit": {**smart, "title": "Adam's renamed goal"},
        "status": {"status-status": "completed", "status-comment": "Four meetings led!"},
        "update_new": {"update-on": timezone.localdate().isoformat(), "update-text": "Week two"},
        "comment_new": {f"comment-{update.pk}-text": "Well done, Adam"},
        "step_new": {"text": "Book a room", "owner": mentee.pk},
        "step_edit": {"text": "Write the agenda early", "owner": mentee.pk},
        "step_mark": {"done": "1"},
        "step_delete": {},
    }[name]


def state() -> tuple:
    """Everything a post could change."""
    return (
        list(Goal.objects.order_by("pk").values_list("title", "status", "visibility")),
        list(Step.objects.order_by("pk").values_list("text", "owner", "done_at")),
        ProgressUpdate.objects.count(),
        Comment.objects.count(),
    )


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


OUTSIDERS = ("member_elsewhere", "coordinator", "other_coordinator")

PAGES = {  # what the author reads on each page
    "list": TITLE,
    "new": "How you measure success",
    "detail": "I have led four meetings",
    "edit": f'value="{TITLE}"',
    "step_new": "Who does it",
    "step_edit": 'value="Write the agenda"',
}
ACTIONS = ["status", "update_new", "comment_new", "step_mark", "step_delete"]  # POST only
FORMS = ["new", "edit", "step_new", "step_edit"]  # a page, and its POST


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [*PAGES, *ACTIONS])
def test_every_goals_url_read_by_every_role(client, world, role, name):
    response = as_(client, world[role]).get(url(world, name))

    if role == "anon":
        assert sent_to_sign_in(response)
    elif role in OUTSIDERS:
        assert response.status_code == 404
        assert TITLE not in response.text and "Adam" not in response.text
    elif name in ACTIONS:
        assert response.status_code == 405  # posted from the goal's page, never opened
    elif role == "member":
        assert response.status_code == 200
        assert PAGES[name] in response.text
    elif name in ("list", "detail"):  # the mentor reads the goal Adam shares
        assert response.status_code == 200
        assert TITLE in response.text
        if name == "detail":
            assert "Adam&#x27;s first meeting went well." in response.text
    else:  # and may not change it
        assert response.status_code == 403
        assert ("Goals are the mentee" if name == "new" else "Only the goal") in response.text
        assert "Not yours to change" in response.text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [*FORMS, *ACTIONS, "list", "detail"])
def test_every_goals_post_by_every_role_changes_only_what_the_rule_allows(
    client, world, role, name
):
    before = state()

    response = as_(client, world[role]).post(url(world, name), posted(world, name))

    after = state()
    if role == "anon":
        assert sent_to_sign_in(response) and after == before
    elif role in OUTSIDERS:
        assert response.status_code == 404 and after == before
        assert TITLE not in response.text
    elif name in ("list", "detail"):
        assert response.status_code == 405 and after == before
    elif role == "member" or name == "comment_new":  # the author; anyone who reads comments
        assert response.status_code == 302, response.text[:2000]
        assert after != before
    else:
        assert response.status_code == 403 and after == before


def test_what_each_post_changes_for_the_author(client, world):
    client.force_login(world["member"])
    goal, step = world["goal"], world["step"]

    for name in ("step_new", "step_edit", "step_mark", "update_new", "status", "edit", "new"):
        assert client.post(url(world, name), posted(world, name)).status_code == 302, name

    goal.refresh_from_db()
    step.refresh_from_db()
    assert goal.title == "Adam's renamed goal" and goal.status == "completed"
    assert step.text == "Write the agenda early" and step.done
    assert goal.steps.filter(text="Book a room").exists()
    assert goal.updates.filter(text="Week two").exists()
    assert Goal.objects.filter(title="Adam's second goal", author=world["mentee"]).exists()
    assert client.post(url(world, "step_delete")).status_code == 302
    assert not Step.objects.filter(pk=step.pk).exists()


def test_a_private_goal_is_its_authors_alone(client, private_goal, pair, users):
    match, _mentor, mentee = pair
    world = {"goal": private_goal, "step": None, "update": None}
    update = ProgressUpdate.objects.create(
        goal=private_goal, author=mentee, on=timezone.localdate(), text="x"
    )
    step = Step.objects.create(goal=private_goal, text="Secret step", owner=mentee)
    world.update(step=step, update=update)
    client.force_login(users["other_member"])

    for name in ("detail", "edit", "step_new", "step_edit"):
        response = client.get(url(world, name))
        assert response.status_code == 404, name
        assert "secret" not in response.text.lower()
    for name in ACTIONS:
        assert client.post(url(world, name), {"done": "1"}).status_code == 404, name
    for page in (
        reverse("goals:list", args=[match.pk]),
        reverse("relationships:workspace", args=[match.pk]),
    ):
        assert "Adam&#x27;s secret wish" not in client.get(page).text
    client.force_login(users["member"])
    assert "Adam&#x27;s secret wish" in client.get(reverse("goals:list", args=[match.pk])).text
    assert "Adam&#x27;s secret wish" in client.get(url(world, "detail")).text


def test_the_mentor_ticks_the_step_given_to_them(client, world, mentors_step):
    client.force_login(world["other_member"])
    world = {**world, "step": mentors_step}

    page = client.get(url(world, "detail")).text
    response = client.post(url(world, "step_mark"), {"done": "1"})

    assert 'Mark done<span class="visually-hidden">: Introduce Adam to a banker' in page
    assert 'Mark done<span class="visually-hidden">: Write the agenda' not in page
    assert response.status_code == 302
    mentors_step.refresh_from_db()
    assert mentors_step.done
