"""Who may look at which programme: the same answer as the joins gave, with no row twice."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from intake.tests.factories import ApplicationFactory
from programs.models import Programme
from programs.selectors import programmes_for_user
from programs.services import coordinator_grant
from programs.tests.factories import EnrolmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
RUNNING = Programme.Status.RUNNING


def joined(user) -> set[int]:
    """The rule as it was written with joins and distinct(): the reference answer."""
    mine = (
        Q(status=Programme.Status.INTAKE_OPEN)
        | Q(enrolments__user=user)
        | Q(applications__user=user)
        | Q(coordinators=user, coordinators__is_staff=True, coordinators__is_active=True)
    )
    return set(Programme.objects.filter(mine).distinct().values_list("pk", flat=True))


@pytest.fixture
def crowded():
    """Programmes full of other people's enrolments and applications, which the joins
    multiplied."""
    programmes = {
        "open": ProgrammeFactory(),
        "enrolled": ProgrammeFactory(status=RUNNING),
        "applied": ProgrammeFactory(status=Programme.Status.MATCHING),
        "coordinated": ProgrammeFactory(status=Programme.Status.DRAFT),
        "everything": ProgrammeFactory(status=RUNNING),
        "foreign": ProgrammeFactory(status=RUNNING),
    }
    for programme in programmes.values():
        for _ in range(3):
            EnrolmentFactory(programme=programme)
            ApplicationFactory(programme=programme)
    return programmes


def person_in(crowded):
    user = UserFactory(is_staff=True)
    EnrolmentFactory(programme=crowded["enrolled"], user=user)
    ApplicationFactory(programme=crowded["applied"], user=user)
    coordinator_grant(user=user, programme=crowded["coordinated"])
    EnrolmentFactory(programme=crowded["everything"], user=user, role="mentor")
    ApplicationFactory(programme=crowded["everything"], user=user, role="mentor")
    coordinator_grant(user=user, programme=crowded["everything"])
    return user


def test_a_member_an_applicant_and_a_coordinator_see_their_programmes_once(crowded):
    user = person_in(crowded)

    found = list(programmes_for_user(user).values_list("pk", flat=True))

    expected = {p.pk for name, p in crowded.items() if name != "foreign"}
    assert sorted(found) == sorted(expected)  # each once, however many others take part
    assert set(found) == joined(user)
    assert programmes_for_user(user).count() == len(expected)


@pytest.mark.parametrize("role", ["member", "applicant", "coordinator", "outsider"])
def test_each_role_alone_sees_what_the_joins_showed(crowded, role):
    user = UserFactory(is_staff=True)
    target = crowded["foreign"]
    if role == "member":
        EnrolmentFactory(programme=target, user=user)
    elif role == "applicant":
        ApplicationFactory(programme=target, user=user)
    elif role == "coordinator":
        coordinator_grant(user=user, programme=target)

    found = list(programmes_for_user(user).values_list("pk", flat=True))

    assert len(found) == len(set(found))
    assert set(found) == joined(user)
    assert (target.pk in found) is (role != "outsider")


def test_a_coordinator_whose_admin_access_is_withdrawn_sees_only_open_programmes(crowded):
    user = UserFactory(is_staff=True)
    coordinator_grant(user=user, programme=crowded["foreign"])
    user.is_staff = False
    user.save()

    assert set(programmes_for_user(user).values_list("pk", flat=True)) == {crowded["open"].pk}


def test_the_rule_is_asked_without_joins_or_distinct(crowded):
    sql = str(programmes_for_user(person_in(crowded)).query).upper()

    outer_from = sql.split(" WHERE ")[0]  # joins inside an EXISTS repeat no programme
    assert " JOIN " not in outer_from and "DISTINCT" not in sql
    assert sql.count("EXISTS") >= 3


def _programme_page_queries(client, programme) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(programme.get_absolute_url())
    assert response.status_code == 200
    return len(captured)


def test_the_programme_page_signed_in_asks_as_many_queries_however_many_take_part(client, crowded):
    user = person_in(crowded)
    programme = crowded["everything"]
    client.force_login(user)
    client.get(reverse("programs:home"))  # sessions and caches are warm
    few = _programme_page_queries(client, programme)

    for _ in range(40):
        EnrolmentFactory(programme=programme)
        ApplicationFactory(programme=programme)

    assert _programme_page_queries(client, programme) == few
