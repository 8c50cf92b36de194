"""Every workspace URL, read and written by every role: the member, the other member of the
same relationship, a member of another relationship, a coordinator of the programme and of
another, an anonymous visitor. Each answer is checked for what it shows or changes."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Agreement, FitCheck, MatchMember, Message, Signature
from relationships.services import (
    agreement_terms_update,
    fit_check_answer,
    guide_update,
    message_send,
)
from relationships.tests.conftest import ROLES, as_

pytestmark = pytest.mark.django_db
PAGES = [
    "workspace",
    "agreement",
    "agreement_terms",
    "agreement_print",
    "guide",
    "fit_check",
    "messages",
    "contact",
]
DONE = dict.fromkeys(("introductions", "expectations", "topics", "structure"), True)


@pytest.fixture
def world(pair, elsewhere, running):
    match, mentor, mentee = pair
    guide_update(member=mentee, steps=DONE)
    agreement_terms_update(member=mentee, place="Adam's café")
    message_send(member=mentee, body="Adam's note to Maja")
    fit_check_answer(member=mentee, answer="no", comment="Adam's worry")
    coordinator = UserFactory(display_name="Cora Coordinator", is_staff=True)
    coordinator_grant(user=coordinator, programme=running)
    other_coordinator = UserFactory(display_name="Otto Other", is_staff=True)
    coordinator_grant(user=other_coordinator, programme=ProgrammeFactory())
    users = {
        "member": mentee.enrolment.user,
        "other_member": mentor.enrolment.user,
        "member_elsewhere": elsewhere.members.get(role="mentee").enrolment.user,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "anon": None,
    }
    return {"match": match, "users": users}


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


SHOWN = {  # what a member reads on each page
    "workspace": "Adam&#x27;s note to Maja",
    "agreement": "Adam&#x27;s café",
    "agreement_terms": "Adam&#x27;s café",
    "agreement_print": "Adam&#x27;s café",
    "guide": "Adam&#x27;s café",
    "fit_check": "Your answer is private",
    "messages": "Adam&#x27;s note to Maja",
    "contact": "How I prefer to be reached",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_only_the_members_open_a_workspace_page(client, world, role, page):
    response = as_(client, world["users"][role]).get(
        reverse(f"relationships:{page}", args=[world["match"].pk])
    )

    if role == "anon":
        assert sent_to_sign_in(response)
        return
    if role in ("member", "other_member"):
        assert response.status_code == 200
        assert SHOWN[page] in response.text
    else:  # coordinators too: they see facts in the admin, never the workspace
        assert response.status_code == 404
        assert "Adam&#x27;s" not in response.text and "Adam's" not in response.text
    # The fit-check comment is for coordinators (in the admin) and for Adam, who wrote it.
    assert ("Adam&#x27;s worry" in response.text) is (role == "member" and page == "fit_check")
    if page == "fit_check" and role in ("member", "other_member"):
        # Adam reads his own answer; Maja has not answered, and never reads his.
        assert ("You answered “No”" in response.text) is (role == "member")


POSTS = {
    "agreement": {"seen": "", "agree": "on"},
    "agreement_terms": {"place": "Changed by a stranger", "meeting_minutes": "60"},
    "guide": {"introductions": "", "place": "Changed by a stranger", "meeting_minutes": "60"},
    "fit_check": {"answer": "yes", "comment": "Changed by a stranger"},
    "messages": {"body": "Changed by a stranger"},
    "contact": {"shares_email": "on", "phone": "", "preferred_channel": "email"},
}


def _snapshot(match):
    agreement = Agreement.objects.get(match=match)
    return (
        agreement.place,
        list(Message.objects.values_list("body", flat=True)),
        list(FitCheck.objects.values_list("member", "answer", "comment")),
        list(MatchMember.objects.filter(match=match).values_list("shares_email", flat=True)),
        Signature.objects.count(),
        match.guide.__class__.objects.get(match=match).introductions,
    )


@pytest.mark.parametrize("role", ["member_elsewhere", "coordinator", "other_coordinator", "anon"])
@pytest.mark.parametrize("page", list(POSTS))
def test_nobody_outside_the_relationship_changes_anything(client, world, role, page):
    match = world["match"]
    before = _snapshot(match)

    response = as_(client, world["users"][role]).post(
        reverse(f"relationships:{page}", args=[match.pk]), POSTS[page]
    )

    assert sent_to_sign_in(response) if role == "anon" else response.status_code == 404
    assert _snapshot(match) == before


@pytest.mark.parametrize("page", list(POSTS))
def test_a_member_writes_as_themselves_only(client, world, page):
    """Maja's posts change Maja's own things (her answer, her contact details), never
    Adam's: his fit-check answer and his sharing stay his."""
    match = world["match"]
    maja = world["users"]["other_member"]

    as_(client, maja).post(reverse(f"relationships:{page}", args=[match.pk]), POSTS[page])

    adam = MatchMember.objects.get(match=match, enrolment__user=world["users"]["member"])
    assert FitCheck.objects.get(member=adam).comment == "Adam's worry"
    assert adam.shares_email is False
    assert not Signature.objects.filter(member=adam).exists()


@pytest.mark.parametrize("bad", ["0", "999999", "²", "1" * 30, "-1", "1%00"])
def test_forged_or_missing_ids_are_404(client, world, bad):
    client.force_login(world["users"]["member"])
    for page in PAGES:
        path = reverse(f"relationships:{page}", args=["0"]).replace("/0/", f"/{bad}/")
        assert client.get(path).status_code == 404
    assert client.post(f"/relationships/{bad}/messages/", {"body": "x"}).status_code == 404
