"""The pair's mid-point review: each member writes theirs once, between the programme's
mid-point and its end; the others' answers show once the viewer has written their own; the
coordinator learns only that it was done."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from evaluations import review_services as services
from evaluations.models import MidpointReview
from relationships.services import match_end

from .conftest import ROLES, as_

GOOD = "We meet every second week and it works."
BETTER = "More time on pricing, less on small talk."
CHANGE = "Meet by video in the summer."


@pytest.fixture
def halfway(running):
    """The programme is halfway today: the review is open."""
    today = timezone.localdate()
    running.starts_on, running.ends_on = today - timedelta(days=90), today + timedelta(days=90)
    running.midpoint_on = None
    running.save()
    return running


def url(match) -> str:
    return reverse("reviews:review", kwargs={"pk": match.pk})


def write(member, **answers):
    return services.midpoint_review_write(
        member=member,
        good=answers.get("good", GOOD),
        better=answers.get("better", BETTER),
        change=answers.get("change", CHANGE),
    )


# --- The database's rules -------------------------------------------------------------------


def test_a_member_has_one_review_per_relationship(halfway, pair):
    match, _mentor, mentee = pair
    MidpointReview.objects.create(match=match, member=mentee, good="a", better="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        MidpointReview.objects.create(match=match, member=mentee, good="c", better="d")


def test_a_review_says_what_was_good_and_what_can_be_better(halfway, pair):
    match, _mentor, mentee = pair
    with pytest.raises(IntegrityError), transaction.atomic():
        MidpointReview.objects.create(match=match, member=mentee, good="", better="b")


# --- The service ---------------------------------------------------------------------------


def test_a_second_review_is_refused_with_a_message(halfway, pair):
    _match, _mentor, mentee = pair
    write(mentee)
    with pytest.raises(ValidationError, match="already"):
        write(mentee, good="Changed my mind")
    assert MidpointReview.objects.get(member=mentee).good == GOOD


def test_the_review_is_not_open_before_the_mid_point(halfway, pair):
    halfway.midpoint_on = timezone.localdate() + timedelta(days=10)
    halfway.save()
    _match, _mentor, mentee = pair
    mentee.match.programme.refresh_from_db()
    with pytest.raises(ValidationError, match="opens on"):
        write(mentee)
    assert not MidpointReview.objects.exists()


def test_the_review_closes_with_the_programme(halfway, pair):
    halfway.starts_on = timezone.localdate() - timedelta(days=200)
    halfway.ends_on = timezone.localdate() - timedelta(days=1)
    halfway.save()
    _match, _mentor, mentee = pair
    mentee.match.programme.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        write(mentee)


def test_an_ended_relationship_takes_no_review(halfway, pair):
    match, _mentor, mentee = pair
    match_end(match=match, by=None, reason="Moved away")
    mentee.refresh_from_db()
    with pytest.raises(ValidationError):
        write(mentee)
    assert not MidpointReview.objects.exists()


def test_nul_characters_are_dropped_and_empty_answers_refused(halfway, pair):
    _match, _mentor, mentee = pair
    with pytest.raises(ValidationError, match="good"):
        write(mentee, good="\x00  ")
    review = write(mentee, good="Fine\x00 so far")
    assert review.good == "Fine so far"


# --- The page, for every role ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_review_page_for_every_role(halfway, pair, users, client, role):
    match, mentor, _mentee = pair
    write(mentor, good="Maja's secret good", better="Maja's secret better")
    response = as_(client, users[role]).get(url(match))
    if role == "anon":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        return
    if role in ("member", "other_member"):
        assert response.status_code == 200
        text = response.content.decode()
        if role == "other_member":  # Maja wrote hers: she sees it
            assert "Maja&#x27;s secret good" in text
        else:  # Adam has not written his: he sees the form, not Maja's answers
            assert "Maja&#x27;s secret good" not in text
            assert "One of the others has written theirs" in text
            assert 'name="good"' in text
        return
    # Members elsewhere and coordinators (here or elsewhere) do not reach the pair's texts.
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_the_others_review_shows_once_the_viewer_wrote_their_own(halfway, pair, client):
    match, mentor, mentee = pair
    write(mentor, good="Maja thinks it is good")
    client.force_login(mentee.enrolment.user)
    before = client.get(url(match)).content.decode()

    response = client.post(
        url(match), {"good": "Adam is happy", "better": "More often", "change": ""}, follow=True
    )

    text = response.content.decode()
    assert "Maja thinks it is good" not in before
    assert "Maja thinks it is good" in text
    assert "Adam is happy" in text
    assert MidpointReview.objects.filter(member=mentee).exists()


def test_the_page_links_to_changing_the_agreement(halfway, pair, client):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    text = client.get(url(match)).content.decode()
    assert reverse("relationships:agreement_terms", kwargs={"pk": match.pk}) in text


def test_posting_a_second_review_shows_the_message(halfway, pair, client):
    match, _mentor, mentee = pair
    write(mentee)
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), {"good": "Again", "better": "Again"})
    assert response.status_code == 200
    assert "You have written your mid-point review already." in response.content.decode()
    assert MidpointReview.objects.get(member=mentee).good == GOOD


def test_posting_before_the_mid_point_is_refused(halfway, pair, client):
    halfway.midpoint_on = timezone.localdate() + timedelta(days=10)
    halfway.save()
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), {"good": "x", "better": "y"})
    assert response.status_code == 200
    assert "The mid-point review opens on" in response.content.decode()
    assert not MidpointReview.objects.exists()


def test_a_member_elsewhere_cannot_post_a_review_here(halfway, pair, users, client):
    match, _mentor, _mentee = pair
    client.force_login(users["member_elsewhere"])
    response = client.post(url(match), {"good": "x", "better": "y"})
    assert response.status_code == 404
    assert not MidpointReview.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"good": "", "better": ""},
        {"good": "x" * 10_000, "better": "y"},
        {"good": "\x00", "better": "\x00"},
        {"good": "²", "better": "²", "change": "²" * 5000},
    ],
)
def test_odd_input_answers_with_a_form_message(halfway, pair, client, data):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), data)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode()
    assert not MidpointReview.objects.exists()


@pytest.mark.parametrize("pk", ["99999999999999999999999", "-1", "abc", "1%002"])
def test_odd_ids_answer_404(halfway, pair, client, pk):
    _match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    assert client.get(f"/relationships/{pk}/review/").status_code == 404


def test_ten_megabytes_answer_400_or_a_message(halfway, pair, client):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    response = client.post(url(match), {"good": "x" * 10_000_000, "better": "y"})
    assert response.status_code in (200, 400)
    assert not MidpointReview.objects.exists()


# --- The workspace's card --------------------------------------------------------------------


def test_the_workspace_card_says_where_the_review_stands(halfway, pair, client):
    match, mentor, mentee = pair
    workspace = reverse("relationships:workspace", kwargs={"pk": match.pk})
    client.force_login(mentee.enrolment.user)

    opened = client.get(workspace).content.decode()
    write(mentee)
    mine = client.get(workspace).content.decode()
    write(mentor)
    done = client.get(workspace).content.decode()

    assert "Mid-point review: open." in opened
    assert "Write your mid-point review" in opened
    assert "you wrote yours (1 of 2 written)" in mine
    assert "everyone has written theirs" in done
    assert GOOD not in done  # the card tells, the review page shows


def test_the_workspace_card_before_the_mid_point(halfway, pair, client):
    halfway.midpoint_on = timezone.localdate() + timedelta(days=10)
    halfway.save()
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    text = client.get(reverse("relationships:workspace", kwargs={"pk": match.pk})).content.decode()
    assert "Mid-point review: opens on" in text
    assert "Write your mid-point review" not in text


# --- What the coordinator sees -----------------------------------------------------------------


def test_the_coordinator_sees_that_it_was_done_never_the_texts(halfway, pair, users, client):
    match, mentor, _mentee = pair
    write(mentor, good="Private good words", better="Private better words")
    client.force_login(users["coordinator"])

    listed = client.get(reverse("admin:relationships_match_changelist")).content.decode()
    page = client.get(reverse("admin:relationships_match_change", args=[match.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "1 of 2 written" in listed
    assert "1 of 2 written" in text
    assert "Private good words" not in listed + text
    assert "Private better words" not in listed + text
