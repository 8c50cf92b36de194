"""The fit check: each member's private answer, for the coordinator only; and what the
coordinators' list says about relationships without showing what members wrote."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import ConfidentialRead, FitCheck
from relationships.services import (
    agreement_sign,
    fit_check_answer,
    guide_update,
    message_send,
)

pytestmark = pytest.mark.django_db
DONE = dict.fromkeys(("introductions", "expectations", "topics", "structure"), True)


def url(name, match):
    return reverse(f"relationships:{name}", args=[match.pk])


@pytest.fixture
def cora(running):
    user = UserFactory(email="cora@example.org", display_name="Cora Coordinator", is_staff=True)
    coordinator_grant(user=user, programme=running)
    return user


@pytest.fixture
def otto(db):
    user = UserFactory(email="otto@example.org", display_name="Otto Other", is_staff=True)
    coordinator_grant(user=user, programme=ProgrammeFactory(name="Elsewhere"))
    return user


def test_the_fit_check_waits_for_the_first_meeting(pair):
    _match, _mentor, mentee = pair

    with pytest.raises(ValidationError, match="opens after your first meeting"):
        fit_check_answer(member=mentee, answer="yes")

    guide_update(member=mentee, steps=DONE)
    assert fit_check_answer(member=mentee, answer="yes").answer == "yes"


def test_an_answer_is_private_to_its_member_and_may_change(client, pair):
    match, mentor, mentee = pair
    guide_update(member=mentee, steps=DONE)
    client.force_login(mentee.enrolment.user)

    client.post(url("fit_check", match), {"answer": "no", "comment": "We never <i>click</i>."})
    client.force_login(mentor.enrolment.user)
    mentors_view = client.get(url("fit_check", match)).text
    mentors_workspace = client.get(url("workspace", match)).text

    answer = FitCheck.objects.get()
    assert (answer.member, answer.answer) == (mentee, "no")
    for page in (mentors_view, mentors_workspace):
        assert "click" not in page and "You answered" not in page
    fit_check_answer(member=mentee, answer="not_sure")
    assert FitCheck.objects.get().answer == "not_sure"


def test_a_bad_answer_is_refused_in_words(client, pair):
    match, _mentor, mentee = pair
    guide_update(member=mentee, steps=DONE)
    client.force_login(mentee.enrolment.user)

    response = client.post(url("fit_check", match), {"answer": "maybe"})

    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not FitCheck.objects.exists()


def test_the_coordinators_list_shows_facts_and_flags_a_no(client, pair, elsewhere, cora):
    match, mentor, mentee = pair
    guide_update(member=mentee, steps=DONE)
    agreement_sign(member=mentee)
    agreement_sign(member=mentor)
    fit_check_answer(member=mentee, answer="no", comment="Secret worry")
    message_send(member=mentee, body="A private message to Maja")
    client.force_login(cora)
    changelist = reverse("admin:relationships_match_changelist")

    listing = client.get(changelist).text
    flagged = client.get(changelist, {"fit": "no"})
    unsigned = client.get(changelist, {"agreement": "unsigned"})

    assert "1 no" in listing and "Signed" in listing
    assert "Secret worry" not in listing and "A private message" not in listing
    assert [m.pk for m in flagged.context["cl"].result_list] == [match.pk]
    assert [m.pk for m in unsigned.context["cl"].result_list] == [elsewhere.pk]
    change = client.get(reverse("admin:relationships_match_change", args=[match.pk])).text
    assert "No" in change and "with a comment" in change
    assert "Secret worry" not in change and "A private message" not in change


def test_opening_the_comments_is_logged_and_only_for_this_programmes_coordinators(
    client, pair, cora, otto
):
    match, _mentor, mentee = pair
    guide_update(member=mentee, steps=DONE)
    fit_check_answer(member=mentee, answer="no", comment="Secret <b>worry</b>")
    comments = reverse("admin:relationships_match_fit_check_comments", args=[match.pk])

    client.force_login(otto)
    foreign = client.get(comments)
    client.force_login(cora)
    own = client.get(comments)

    assert foreign.status_code == 404 and "worry" not in foreign.text
    assert own.status_code == 200 and "Secret &lt;b&gt;worry&lt;/b&gt;" in own.text
    (read,) = ConfidentialRead.objects.all()
    assert (read.reader, read.match_id, read.item) == (cora, match.pk, "fit_check_comments")
    client.force_login(mentee.enrolment.user)
    assert client.get(comments).status_code == 302  # participants never reach the admin
    assert ConfidentialRead.objects.count() == 1


def test_the_coordinators_list_keeps_its_query_count_as_relationships_grow(
    client, running, cora, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intake.tests.factories import person
    from relationships.services import match_create

    def more(n):
        for _ in range(n):
            match_create(
                programme=running,
                mentor=person(running, "mentor"),
                mentees=[person(running)],
                origin="manual",
                by=None,
            )

    client.force_login(cora)
    changelist = reverse("admin:relationships_match_changelist")
    more(2)
    with CaptureQueriesContext(connection) as few:
        client.get(changelist)
    more(20)
    with CaptureQueriesContext(connection) as many:
        client.get(changelist)

    assert len(many) == len(few)


def test_the_goals_counts_and_filter_reach_the_coordinators_pages(client, pair, elsewhere, cora):
    from goals.tests.factories import GoalFactory

    match, _mentor, mentee = pair
    GoalFactory(match=match, author=mentee, status="off_track", title="A secret goal title")
    client.force_login(cora)
    changelist = reverse("admin:relationships_match_changelist")

    off_track = client.get(changelist, {"goals": "off_track"})
    none_yet = client.get(changelist, {"goals": "none"})
    change = client.get(reverse("admin:relationships_match_change", args=[match.pk])).text

    assert [m.pk for m in off_track.context["cl"].result_list] == [match.pk]
    assert [m.pk for m in none_yet.context["cl"].result_list] == [elsewhere.pk]
    assert "goals off track" in change.lower()
    assert "A secret goal title" not in change and "A secret goal title" not in off_track.text


def test_an_enrolment_in_a_relationship_cannot_be_deleted_and_its_contents_stay_unlisted(
    client, pair, cora
):
    from goals.tests.factories import GoalFactory
    from programs.models import Enrolment

    match, _mentor, mentee = pair
    GoalFactory(match=match, author=mentee, visibility="private", title="Adam's secret wish")
    message_send(member=mentee, body="A private message to Maja")
    client.force_login(cora)
    delete = reverse("admin:programs_enrolment_delete", args=[mentee.enrolment_id])

    page = client.get(delete).text
    client.post(delete, {"post": "yes"})

    assert "Adam&#x27;s secret wish" not in page and "A private message" not in page
    assert Enrolment.objects.filter(pk=mentee.enrolment_id).exists()
    assert match.members.count() == 2
