import pytest
from django.core.exceptions import ValidationError

from programs.models import Programme, ProgrammeStatusChange
from programs.services import enrolment_create, programme_transition
from programs.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

S = Programme.Status


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.DRAFT, S.INTAKE_OPEN),
        (S.INTAKE_OPEN, S.MATCHING),
        (S.INTAKE_OPEN, S.DRAFT),
        (S.MATCHING, S.INTAKE_OPEN),
        (S.MATCHING, S.RUNNING),
        (S.RUNNING, S.CLOSING),
        (S.CLOSING, S.RUNNING),
        (S.CLOSING, S.CLOSED),
    ],
)
def test_allowed_transitions_move_the_programme_and_are_recorded(start, to, coordinator):
    programme = ProgrammeFactory(status=start)

    programme_transition(programme=programme, to_status=to, by=coordinator)

    programme.refresh_from_db()
    assert programme.status == to
    change = ProgrammeStatusChange.objects.get(programme=programme)
    assert (change.from_status, change.to_status, change.changed_by) == (start, to, coordinator)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.DRAFT, S.RUNNING),
        (S.DRAFT, S.CLOSED),
        (S.INTAKE_OPEN, S.CLOSED),
        (S.RUNNING, S.DRAFT),
        (S.CLOSED, S.RUNNING),
        (S.CLOSED, S.DRAFT),
    ],
)
def test_other_transitions_are_refused_with_a_reason(start, to):
    programme = ProgrammeFactory(status=start, name="Spring")

    with pytest.raises(ValidationError) as error:
        programme_transition(programme=programme, to_status=to, by=None)

    programme.refresh_from_db()
    assert programme.status == start
    assert error.value.messages == [f"Spring cannot go from “{S(start).label}” to “{S(to).label}”."]
    assert not ProgrammeStatusChange.objects.exists()


def test_an_unknown_status_is_refused():
    programme = ProgrammeFactory(status=S.DRAFT)

    with pytest.raises(ValidationError):
        programme_transition(programme=programme, to_status="paused", by=None)


def test_enrolment_create_validates_the_role(outsider):
    programme = ProgrammeFactory(kind=Programme.Kind.PEER, matching_mode="peer_pool")

    with pytest.raises(ValidationError):
        enrolment_create(programme=programme, user=outsider, role="mentor")

    enrolment = enrolment_create(programme=programme, user=outsider, role="peer")
    assert enrolment.pk


def test_every_status_is_reachable_from_draft_and_closed_is_final():
    reachable, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        for nxt in Programme.TRANSITIONS[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)

    assert reachable == set(S)
    assert Programme.TRANSITIONS[S.CLOSED] == ()
