"""The reason a relationship ended is a confidential item: the match's admin page shows its
category and a link; the reason opens on its own page, and each opening is logged."""

import pytest
from django.urls import reverse

from relationships.models import ConfidentialRead, Match
from relationships.services import match_end

from .conftest import ROLES, as_

pytestmark = pytest.mark.django_db
REASON = "Adam's new job leaves <b>no</b> evenings free."


@pytest.fixture
def ended(pair, users):
    match, _mentor, mentee = pair
    return match_end(
        match=match,
        by=mentee.enrolment.user,
        reason=REASON,
        message="Thanks, Maja!",
        category=Match.EndCategory.LIFE_CHANGE,
    )


def reason_url(match) -> str:
    return reverse("admin:relationships_match_end_reason", args=[match.pk])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_programmes_coordinator_reads_the_reason_and_it_is_logged(
    client, users, ended, role
):
    response = as_(client, users[role]).get(reason_url(ended))

    reads = ConfidentialRead.objects.filter(match=ended, item=ConfidentialRead.Item.END_REASON)
    if role == "coordinator":
        assert response.status_code == 200
        assert "Adam&#x27;s new job leaves &lt;b&gt;no&lt;/b&gt; evenings free." in response.text
        assert "A change in life or work" in response.text
        assert "Adam Adept (mentee)" in response.text
        assert reverse("admin:matching_programme", args=[ended.programme_id]) in response.text
        assert list(reads.values_list("reader", flat=True)) == [users["coordinator"].pk]
        assert "Cora Coordinator" in response.text  # the log, on the page
    else:
        if role == "other_coordinator":
            assert response.status_code == 404
        else:  # members and nobody: the admin's sign-in, with nothing of the relationship
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert "evenings" not in response.text
        assert not reads.exists()


@pytest.mark.parametrize("odd", ["10000000000000000000000", "²", "1%00", "x"])
def test_an_odd_id_answers_404(client, users, ended, odd):
    client.force_login(users["coordinator"])
    assert client.get(f"/admin/relationships/match/{odd}/end-reason/").status_code == 404
    assert not ConfidentialRead.objects.exists()


def test_the_match_page_shows_the_category_and_the_log_not_the_reason(client, users, ended):
    client.force_login(users["coordinator"])
    change = reverse("admin:relationships_match_change", args=[ended.pk])

    before = client.get(change).text
    client.get(reason_url(ended))
    after = client.get(change).text

    for text in (before, after):
        assert "evenings" not in text and "Thanks, Maja!" not in text
        assert "A change in life or work" in text and "ended early by Adam Adept" in text
        assert "Read the reason (the opening is logged)" in text
    assert "Opened by:" not in before and "Opened by:" in after
    # The fit-check log is its own: the opening of the reason is not counted there.
    assert ConfidentialRead.objects.filter(item="fit_check_comments").count() == 0


def test_a_running_relationship_has_no_reason_to_read_and_nothing_is_logged(client, users, pair):
    match, _mentor, _mentee = pair
    client.force_login(users["coordinator"])

    response = client.get(reason_url(match))

    assert "has not ended early" in response.text
    assert not ConfidentialRead.objects.exists()


@pytest.mark.parametrize(
    "lookup",
    [
        "end_reason__icontains=evenings",
        "end_reason__startswith=Adam",
        "end_message__icontains=Maja",
    ],
)
def test_the_list_refuses_to_filter_on_the_words(client, users, ended, lookup):
    client.force_login(users["coordinator"])
    url = reverse("admin:relationships_match_changelist")
    assert client.get(f"{url}?{lookup}").status_code == 400


def test_the_list_filters_on_the_category(client, users, ended, elsewhere):
    client.force_login(users["coordinator"])
    url = reverse("admin:relationships_match_changelist")

    page = client.get(url + "?end_category=life_change")

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [ended]
    assert "why it ended early" in client.get(url).text.lower()


def test_the_end_early_page_asks_for_the_category(client, users, pair):
    match, _mentor, _mentee = pair
    client.force_login(users["coordinator"])
    url = reverse("admin:relationships_match_end_early", args=[match.pk])

    refused = client.post(url, {"end_early_confirmed": "1", "category": "²", "reason": "x"})

    assert 'name="category"' in refused.text
    assert "Choose why the relationship ends from the list." in refused.text
    match.refresh_from_db()
    assert match.is_current


def test_the_database_refuses_an_unknown_category(pair):
    from django.db import IntegrityError

    match, _mentor, _mentee = pair
    with pytest.raises(IntegrityError):
        Match.objects.filter(pk=match.pk).update(end_category="bored")


def test_the_service_refuses_an_unknown_category(pair):
    from django.core.exceptions import ValidationError

    match, _mentor, _mentee = pair
    with pytest.raises(ValidationError, match="Choose why the relationship ends"):
        match_end(match=match, by=None, reason="Moved", category="bored")
    match.refresh_from_db()
    assert match.is_current
