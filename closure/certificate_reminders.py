"""Who is told their certificate is ready (``notifications.jobs`` claims and sends).

**Certificate ready** (``certificate-ready``): each member of a relationship completed in
the last ``CERTIFICATE_READY_WITHIN_DAYS`` (90) days who has no certificate yet and meets
the programme's rule — the minimum of meetings held, their closing reflection written, as
the programme's closing settings ask — from 9:00 in their time zone on the day the
relationship was completed, or on a later morning once the rule is met (a reflection
written after the end). Once per member (the ``Delivery`` of the member). The job reads
the rule for every candidate in one query; ``send`` checks it again with the same
selector the certificate page uses, and drops what is no longer due (downloaded
meanwhile, withdrawn, or the rule no longer met).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from notifications import jobs
from notifications.models import Delivery
from relationships.models import Match, MatchMember

from . import certificate_emails as emails
from .certificate_models import Certificate
from .certificate_selectors import eligibility
from .closing_models import ProgrammeClosing
from .reflection_models import ClosingReflection


def within_days() -> int:
    return getattr(settings, "CERTIFICATE_READY_WITHIN_DAYS", 90)


def find_certificates_ready(now: datetime) -> list[jobs.Due]:
    held = (
        Meeting.objects.filter(match=OuterRef("match"), status=Meeting.Status.HELD)
        .order_by()
        .values("match")
        .annotate(n=Count("pk"))
        .values("n")
    )
    closing = ProgrammeClosing.objects.filter(programme=OuterRef("match__programme"))
    rows = (
        MatchMember.objects.filter(
            match__status=Match.Status.COMPLETED,
            match__ended_at__gte=now - timedelta(days=within_days()),
            match__ended_at__lte=now,
        )
        .filter(~Exists(Certificate.objects.filter(member=OuterRef("pk"))))
        .annotate(
            held=Coalesce(Subquery(held), 0),
            wrote=Exists(ClosingReflection.objects.filter(member=OuterRef("pk"))),
            needs_meetings=Coalesce(
                Subquery(closing.values("certificate_needs_meetings")), Value(True)
            ),
            needs_reflection=Coalesce(
                Subquery(closing.values("certificate_needs_reflection")), Value(True)
            ),
        )
        .order_by()
        .values_list(
            "pk",
            "enrolment__user_id",
            "enrolment__user__time_zone",
            "match__programme_id",
            "match__programme__min_meetings",
            "match__ended_at",
            "held",
            "wrote",
            "needs_meetings",
            "needs_reflection",
        )
    )
    found = []
    for pk, user_id, zone, programme_id, minimum, ended, held_, wrote, meetings, reflection in rows:
        if meetings and held_ < minimum:
            continue
        if reflection and not wrote:
            continue
        if jobs.morning_of(jobs.local_date(ended, zone), zone, now):
            found.append(jobs.Due(user_id, f"relationships.matchmember:{pk}", "", programme_id))
    return found


def send_certificate_ready(delivery: Delivery) -> None:
    to = delivery.recipient
    member = (
        MatchMember.objects.select_related("match__programme", "enrolment__user")
        .filter(pk=jobs.about_pk(delivery), enrolment__user=to)
        .first()
    )
    state = eligibility(member) if member is not None else None
    if state is None or state.certificate is not None or not state.available:
        jobs.drop(delivery)
        return
    emails.certificate_ready(to=to, member=member)


jobs.register(
    jobs.Job(
        name="certificate-ready",
        email=emails.CERTIFICATE_READY,
        label=_("Certificate ready"),
        timing=_(
            "9:00 in each member's time zone on the day the relationship is completed, or "
            "on a later morning once the programme's rule is met"
        ),
        find=find_certificates_ready,
        send=send_certificate_ready,
        every_minutes=60,
    )
)
