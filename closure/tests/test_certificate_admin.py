"""Certificates in the coordinators' admin: scoped to their programmes, granted by hand
with a confirmation, withdrawn and given back with a confirmation, the code never edited,
and the list in a fixed number of queries."""

import pytest
from django.urls import reverse

from closure import certificate_services
from closure.models import Certificate
from intake.tests.factories import person
from programs.models import Enrolment
from relationships.models import MatchMember
from relationships.services import match_create

from . import certificate_fixtures as fx
from .certificate_fixtures import as_, complete, end_early

running, pair, elsewhere, users, earned = fx.running, fx.pair, fx.elsewhere, fx.users, fx.earned

LIST = reverse("admin:closure_certificate_changelist")
ADD = reverse("admin:closure_certificate_add")


def change_url(certificate) -> str:
    return reverse("admin:closure_certificate_change", args=[certificate.pk])


@pytest.fixture
def issued(earned):
    _match, _mentor, mentee = earned
    return certificate_services.certificate_issue(member=mentee)


def test_the_coordinator_lists_their_programmes_certificates(client, issued, users):
    body = as_(client, users["coordinator"]).get(LIST).content.decode()
    assert "Adam Adept" in body and "Leaders 2027" in body
    assert "By the programme&#x27;s rule" in body


def test_a_coordinator_of_another_programme_sees_none(client, issued, users):
    client.force_login(users["other_coordinator"])
    users["other_coordinator"].is_staff = True
    users["other_coordinator"].save()
    body = client.get(LIST).content.decode()
    assert "Adam Adept" not in body
    response = client.get(change_url(issued))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert issued.code not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", ["member", "other_member", "member_elsewhere", "anon"])
def test_participants_and_visitors_do_not_reach_the_admin(client, issued, users, role):
    response = as_(client, users[role]).get(change_url(issued))
    assert response.status_code == 302
    assert issued.code not in response.content.decode()


def test_the_change_page_shows_the_link_and_edits_nothing(client, issued, users):
    client.force_login(users["coordinator"])
    body = client.get(change_url(issued)).content.decode()
    assert f"/certificates/{issued.code}/" in body
    assert 'name="code"' not in body and 'name="member"' not in body
    client.post(change_url(issued), {"code": "A" * 24, "revoked_at": "2026-01-01"})
    issued.refresh_from_db()
    assert issued.code != "A" * 24 and issued.revoked_at is None


def test_a_coordinator_grants_one_by_hand_after_an_early_end(client, pair, users):
    match, _mentor, mentee = pair
    end_early(match)
    client.force_login(users["coordinator"])
    form = client.get(ADD).content.decode()
    assert "Grant a certificate by hand" in form
    assert "Adam Adept (Mentee) · Leaders 2027 · Ended early" in form
    # Without the confirmation: refused, nothing granted.
    response = client.post(ADD, {"member": mentee.pk})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Certificate.objects.exists()
    response = client.post(ADD, {"member": mentee.pk, "confirm": "on"}, follow=True)
    certificate = Certificate.objects.get()
    assert certificate.member == mentee and certificate.granted_by == users["coordinator"]
    assert "The certificate is granted" in response.content.decode()


def test_the_grant_form_offers_only_ended_relationships_in_their_programmes(
    client, pair, users, elsewhere, other_programme
):
    match, _mentor, _mentee = pair
    complete(match)
    # Bo (elsewhere) is still current; someone of another programme has ended.
    other = match_create(
        programme=other_programme,
        mentor=person(other_programme, Enrolment.Role.MENTOR, "Olga Other"),
        mentees=[person(other_programme, Enrolment.Role.MENTEE, "Pia Programme")],
        origin="manual",
        by=None,
    )
    complete(other)
    client.force_login(users["coordinator"])
    form = client.get(ADD).content.decode()
    assert "Adam Adept" in form
    assert "Bo Berg" not in form
    assert "Pia Programme" not in form
    # A forged choice of another programme's member is refused.
    foreign = other.members.get(role="mentee")
    response = client.post(ADD, {"member": foreign.pk, "confirm": "on"})
    assert "Select a valid choice" in response.content.decode()
    assert not Certificate.objects.filter(member=foreign).exists()


def test_withdrawing_asks_first_then_the_link_says_so(client, issued, users):
    client.force_login(users["coordinator"])
    data = {"action": "revoke_certificates", "_selected_action": [issued.pk]}
    confirm = client.post(LIST, data)
    assert confirm.status_code == 200
    assert "Their verification links will say they were withdrawn" in confirm.content.decode()
    issued.refresh_from_db()
    assert issued.revoked_at is None
    client.post(LIST, {**data, "confirmed": "1"})
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    verify = client.get(reverse("closure:verify", kwargs={"code": issued.code}))
    assert "This certificate was withdrawn" in verify.content.decode()
    # Given back, with the same code.
    client.post(
        LIST,
        {"action": "restore_certificates", "_selected_action": [issued.pk], "confirmed": "1"},
    )
    issued.refresh_from_db()
    assert issued.revoked_at is None and issued.granted_by == users["coordinator"]


def test_another_programmes_certificate_cannot_be_withdrawn_by_id(client, issued, users):
    other = users["other_coordinator"]
    other.is_staff = True
    other.save()
    client.force_login(other)
    client.post(
        LIST,
        {"action": "revoke_certificates", "_selected_action": [issued.pk], "confirmed": "1"},
    )
    issued.refresh_from_db()
    assert issued.revoked_at is None


def many(running, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        match = match_create(
            programme=running,
            mentor=person(running, Enrolment.Role.MENTOR, f"Mentor {running.pk} {n}"),
            mentees=[person(running, Enrolment.Role.MENTEE, f"Mentee {running.pk} {n}")],
            origin="manual",
            by=None,
        )
        complete(match)
        for member in MatchMember.objects.filter(match_id=match.pk):
            certificate_services.certificate_grant(member=member, by=None)


def test_the_list_reads_in_the_same_number_of_queries_for_few_or_many(
    client, pair, users, running, django_assert_num_queries
):
    client.force_login(users["coordinator"])
    many(running, 2)
    client.get(LIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    many(running, 10, start=2)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(LIST).content.decode()
    assert body.count('class="action-checkbox"') >= 24
