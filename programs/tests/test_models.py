from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.models import Enrolment, Programme
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def make(**fields) -> Programme:
    defaults = {
        "name": "Spring",
        "slug": "spring",
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 6, 1),
    }
    return Programme(**{**defaults, **fields})


def test_end_date_before_start_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        make(ends_on=date(2026, 12, 1)).full_clean()

    assert error.value.message_dict["ends_on"] == ["The end date must be after the start date."]


def test_end_date_before_start_is_refused_by_the_database_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        make(ends_on=date(2026, 12, 1)).save()


def test_midpoint_outside_the_programme_is_refused():
    with pytest.raises(ValidationError) as error:
        make(midpoint_on=date(2027, 7, 1)).full_clean()

    assert "between the start date and the end date" in error.value.message_dict["midpoint_on"][0]


def test_deadline_after_the_start_is_refused():
    with pytest.raises(ValidationError) as error:
        make(application_deadline=date(2027, 2, 1)).full_clean()

    assert "on or before the start date" in error.value.message_dict["application_deadline"][0]


def test_midpoint_defaults_to_halfway_and_follows_the_dates():
    programme = make(starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31))
    programme.save()
    assert programme.midpoint == date(2027, 1, 16)

    programme.ends_on = date(2027, 1, 11)
    programme.full_clean()

    assert programme.midpoint == date(2027, 1, 6)


def test_a_chosen_midpoint_wins_over_halfway():
    programme = make(midpoint_on=date(2027, 2, 1))

    assert programme.midpoint == date(2027, 2, 1)


def test_zero_meetings_is_refused():
    with pytest.raises(ValidationError) as error:
        make(min_meetings=0).full_clean()

    assert error.value.message_dict["min_meetings"] == ["A programme needs at least one meeting."]


def test_peer_pool_needs_a_peer_programme():
    with pytest.raises(ValidationError) as error:
        make(kind=Programme.Kind.ONE_TO_ONE, matching_mode="peer_pool").full_clean()

    assert "matching_mode" in error.value.message_dict


@pytest.mark.parametrize("offsets", [[True], [-1], ["30"], [1.5]])
def test_follow_up_offsets_must_be_whole_days(offsets):
    with pytest.raises(ValidationError) as error:
        make(follow_up_offsets=offsets).full_clean()

    assert error.value.message_dict["follow_up_offsets"] == [
        "Follow-ups are whole numbers of days, 0 or more."
    ]


def test_follow_up_offsets_must_fall_within_the_programme():
    with pytest.raises(ValidationError) as error:
        make(follow_up_offsets=[30, 400]).full_clean()

    assert "at most 151 days after the start" in error.value.message_dict["follow_up_offsets"][0]


def test_follow_up_field_reads_a_comma_separated_list():
    from programs.forms import DayOffsetsField

    assert DayOffsetsField(required=False).clean("180, 30; 30") == [30, 180]
    with pytest.raises(ValidationError):
        DayOffsetsField(required=False).clean("thirty")


def test_a_person_is_enrolled_once_per_programme():
    enrolment = EnrolmentFactory(role=Enrolment.Role.MENTEE)

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            programme=enrolment.programme, user=enrolment.user, role=Enrolment.Role.MENTOR
        )


def test_role_must_fit_the_programme_kind():
    peer_programme = ProgrammeFactory(kind=Programme.Kind.PEER, matching_mode="peer_pool")
    enrolment = EnrolmentFactory.build(programme=peer_programme, role=Enrolment.Role.MENTOR)

    with pytest.raises(ValidationError) as error:
        enrolment.clean()

    assert error.value.message_dict["role"] == ["A peer mentoring programme has no mentor role."]


def test_at_risk_cannot_come_before_needs_attention(programme):
    programme.health_attention_days = 30
    programme.health_risk_days = 20
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert error.value.message_dict["health_risk_days"] == [
        "A relationship is at risk later than it needs attention, not sooner."
    ]
