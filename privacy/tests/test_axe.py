"""axe-core in the real Chromium, English and Swedish: Privacy → Confidential openings (with
a refused filter), the consent records, and the retention date in the workspace and on the
programme's page: no serious or critical WCAG 2.1 A/AA violation."""

from datetime import date

import pytest

from accounts.tests.browser import signed_in_problems
from accounts.tests.factories import UserFactory
from evaluations.review_models import ReportRead
from evaluations.tests.factories import ParticipantReportFactory
from intake.models import Application, ConsentRecord
from programs.models import Programme
from programs.tests.factories import ProgrammeFactory
from relationships.models import ConfidentialRead
from relationships.tests.factories import MatchFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    programme = ProgrammeFactory(
        name="Leaders",
        status=Programme.Status.RUNNING,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 3, 1),
        privacy_notice_en="Only the coordinators read your application.",
    )
    match = MatchFactory(programme=programme)
    mentee = match.members.get(role="mentee")
    cora = UserFactory(display_name="Cora Coordinator", is_staff=True)
    ConfidentialRead.objects.create(match=match, reader=cora, item="fit_check_comments")
    report = ParticipantReportFactory(match=match, member=mentee)
    ReportRead.objects.create(report=report, reader=cora)
    application = Application.objects.create(
        programme=programme,
        user=mentee.enrolment.user,
        role="mentee",
        status="submitted",
        consent_given_at=report.written_at,
        consent_notice_version=1,
    )
    record = ConsentRecord.objects.create(
        user=application.user,
        programme=programme,
        application=application,
        notice_version=1,
        given_at=report.written_at,
    )
    return {
        "admin": UserFactory(is_staff=True, is_superuser=True),
        "member": mentee.enrolment.user,
        "match": match,
        "record": record,
        "programme": programme,
    }


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_privacy_pages_pass_axe(live_server, page, world, language):
    for who in ("admin", "member"):
        world[who].preferred_language = language
        world[who].save()
    base = live_server.url
    openings = "/admin/privacy/confidentialopening/"
    problems = signed_in_problems(
        page,
        base,
        world["admin"].email,
        [
            openings,
            openings + "?kind=participant_report&since=2026-01-01",
            openings + "?since=2027-03-05&until=2027-03-01",  # refused: the end before the start
            "/admin/intake/consentrecord/",
            f"/admin/intake/consentrecord/{world['record'].pk}/change/",
            f"/admin/programs/programme/{world['programme'].pk}/change/",
        ],
        f"site admin ({language})",
    )
    problems |= signed_in_problems(
        page,
        base,
        world["member"].email,
        [f"/relationships/{world['match'].pk}/", world["programme"].get_absolute_url()],
        f"member ({language})",
    )
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
