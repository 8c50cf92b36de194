"""The demo's consent records and confidential openings: every demo application that
carries a consent gets its record (with the notice version's text kept), and the demo
coordinator has opened Maja's fit-check comment and Lina's report once, so the site
administrator's "Privacy → Confidential openings" has something to show. The retention
date needs no data: each workspace shows it. Safe to run again: nothing is made twice."""

from django.db.models import Exists, OuterRef

from evaluations.review_models import ParticipantReport, ReportRead
from intake.models import Application, ConsentRecord
from programs.demo import Demo
from programs.notice_models import notice_digest, notice_texts, notice_version_keep
from relationships.models import ConfidentialRead, FitCheck


def seed(demo: Demo) -> None:
    _consents()
    if demo.coordinator is not None:
        _openings(demo)


def _consents() -> None:
    recorded = ConsentRecord.objects.filter(application=OuterRef("pk"))
    waiting = (
        Application.objects.filter(consent_given_at__isnull=False)
        .exclude(Exists(recorded))
        .select_related("programme", "user")
    )
    for application in waiting:
        programme = application.programme
        notice = notice_version_keep(programme=programme)
        ConsentRecord.objects.create(
            user_id=application.user_id,
            programme=programme,
            application=application,
            notice_version=application.consent_notice_version,
            notice=notice if notice.version == application.consent_notice_version else None,
            notice_digest=notice_digest(notice_texts(programme)),
            language=application.user.preferred_language,
            given_at=application.consent_given_at,
        )


def _openings(demo: Demo) -> None:
    fit = FitCheck.objects.exclude(comment="").order_by("pk").first()
    if fit and not ConfidentialRead.objects.filter(match=fit.match_id).exists():
        ConfidentialRead.objects.create(
            match_id=fit.match_id,
            reader=demo.coordinator,
            item=ConfidentialRead.Item.FIT_CHECK_COMMENTS,
        )
    report = ParticipantReport.objects.exclude(to_coordinator="").order_by("pk").first()
    if report and not ReportRead.objects.filter(report=report).exists():
        ReportRead.objects.create(report=report, reader=demo.coordinator)
