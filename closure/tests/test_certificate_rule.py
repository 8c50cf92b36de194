"""The certificate's rule, in words, and the services that issue, grant and withdraw."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from closure import certificate_selectors, certificate_services
from closure.models import Certificate, ProgrammeClosing
from relationships.models import Match

from . import certificate_fixtures as fx
from .certificate_fixtures import complete, end_early, held, reflect

# The fixtures this module uses.
running, pair, elsewhere, users, earned = fx.running, fx.pair, fx.elsewhere, fx.users, fx.earned


def test_a_member_who_met_the_rule_is_issued_a_certificate_by_it(earned):
    _match, _mentor, mentee = earned
    state = certificate_selectors.eligibility(mentee)
    assert state.rule_met and state.available and state.reasons == []
    certificate = certificate_services.certificate_issue(member=mentee)
    assert certificate.granted_by is None and certificate.revoked_at is None
    assert len(certificate.code) >= 24
    # Asking again gives the same certificate, not a second one.
    assert certificate_services.certificate_issue(member=mentee) == certificate
    assert Certificate.objects.filter(member=mentee).count() == 1


def test_the_reasons_say_what_is_missing_in_words(pair):
    match, _mentor, mentee = pair
    held(match, 2)
    state = certificate_selectors.eligibility(mentee)
    assert state.reasons == [
        "The relationship has not been completed yet.",
        "2 of 6 meetings held",
        "Closing reflection not written",
    ]
    assert not state.available
    with pytest.raises(ValidationError) as refused:
        certificate_services.certificate_issue(member=mentee)
    assert refused.value.messages == [
        "The certificate is not available yet: The relationship has not been completed yet.; "
        "2 of 6 meetings held; Closing reflection not written."
    ]
    assert not Certificate.objects.exists()


def test_each_member_meets_the_rule_with_their_own_reflection(earned):
    _match, mentor, mentee = earned
    assert certificate_selectors.eligibility(mentee).rule_met
    # Maja held the same meetings but has not written her reflection.
    assert certificate_selectors.eligibility(mentor).reasons == ["Closing reflection not written"]
    with pytest.raises(ValidationError, match="Closing reflection not written"):
        certificate_services.certificate_issue(member=mentor)


def test_one_meeting_is_said_in_the_singular(pair, running):
    _match, _mentor, mentee = pair
    running.min_meetings = 1
    running.save()
    assert certificate_selectors.meetings_reason(0, 1) == "0 of 1 meeting held"
    assert certificate_selectors.eligibility(mentee).reasons[1] == "0 of 1 meeting held"


def test_the_programme_can_turn_off_either_part_of_the_rule(pair, running):
    match, _mentor, mentee = pair
    complete(match)
    mentee.refresh_from_db()
    ProgrammeClosing.objects.create(
        programme=running, certificate_needs_meetings=False, certificate_needs_reflection=False
    )
    state = certificate_selectors.eligibility(mentee)
    assert state.rule_met
    assert state.rule_in_words == (
        "The programme gives a certificate when the relationship is completed."
    )
    assert certificate_services.certificate_issue(member=mentee).pk


def test_meetings_alone_still_need_the_minimum(pair, running):
    match, _mentor, mentee = pair
    held(match, 5)
    reflect(mentee)
    complete(match)
    mentee.refresh_from_db()
    ProgrammeClosing.objects.create(programme=running, certificate_needs_reflection=False)
    state = certificate_selectors.eligibility(mentee)
    assert state.reasons == ["5 of 6 meetings held"]
    assert "at least 6 meetings held." in state.rule_in_words


def test_a_relationship_ended_early_gets_no_certificate_by_the_rule(pair):
    match, _mentor, mentee = pair
    held(match, 6)
    reflect(mentee)
    end_early(match)
    mentee.refresh_from_db()
    state = certificate_selectors.eligibility(mentee)
    assert state.reasons == [
        "The relationship ended early: a certificate can then only be granted by the coordinator."
    ]
    with pytest.raises(ValidationError, match="ended early"):
        certificate_services.certificate_issue(member=mentee)


def test_a_coordinator_grants_one_by_hand_whatever_the_rule(pair, users):
    match, _mentor, mentee = pair
    end_early(match)
    mentee.refresh_from_db()
    certificate = certificate_services.certificate_grant(member=mentee, by=users["coordinator"])
    assert certificate.granted_by == users["coordinator"]
    # The member downloads it: the one granted, not refused by the rule.
    assert certificate_services.certificate_issue(member=mentee) == certificate
    with pytest.raises(ValidationError, match="has a certificate already"):
        certificate_services.certificate_grant(member=mentee, by=users["coordinator"])


def test_nothing_is_granted_while_the_relationship_is_current(pair, users):
    _match, _mentor, mentee = pair
    with pytest.raises(ValidationError, match="once the relationship has ended"):
        certificate_services.certificate_grant(member=mentee, by=users["coordinator"])
    assert not Certificate.objects.exists()


def test_a_withdrawn_certificate_is_not_downloaded_until_it_is_given_back(earned, users):
    _match, _mentor, mentee = earned
    certificate = certificate_services.certificate_issue(member=mentee)
    revoked = certificate_services.certificate_revoke(certificate=certificate)
    first = revoked.revoked_at
    assert first is not None
    assert certificate_services.certificate_revoke(certificate=certificate).revoked_at == first
    state = certificate_selectors.eligibility(mentee)
    assert state.revoked and not state.available
    with pytest.raises(ValidationError, match="withdrawn"):
        certificate_services.certificate_issue(member=mentee)
    back = certificate_services.certificate_grant(member=mentee, by=users["coordinator"])
    assert back.pk == certificate.pk and back.code == certificate.code
    assert back.revoked_at is None and back.granted_by == users["coordinator"]


def test_the_database_holds_one_certificate_per_member(earned):
    _match, _mentor, mentee = earned
    Certificate.objects.create(member=mentee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(member=mentee)


def test_a_race_to_issue_answers_with_the_certificate_the_other_request_made(earned, monkeypatch):
    _match, _mentor, mentee = earned
    made = Certificate.objects.create(member=mentee)
    # The check ran before the other request's insert: it saw no certificate.
    real = certificate_selectors.eligibility

    def saw_none(member):
        state = real(member)
        state.certificate = None
        return state

    monkeypatch.setattr(certificate_services, "eligibility", saw_none)
    assert certificate_services.certificate_issue(member=mentee) == made


def test_the_codes_are_unguessable_and_unique(earned):
    _match, mentor, mentee = earned
    reflect(mentor)
    codes = {certificate_services.certificate_issue(member=m).code for m in (mentor, mentee)}
    assert len(codes) == 2
    assert all(certificate_selectors.CODE_PATTERN.fullmatch(code) for code in codes)
    assert Match.objects.get().status == Match.Status.COMPLETED
