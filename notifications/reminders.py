"""The weekly digest: what a person chose to receive once a week, in one e-mail.

Each e-mail whose kind a person set to "weekly digest" is recorded by ``emails.send`` with
its subject and link instead of being sent. On Monday from nine in the morning (the
person's time), this job gathers them into one e-mail, once per week.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import emails, jobs, preferences
from .models import Delivery

EMAIL = "weekly-digest"


def _week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def find(now: datetime) -> list[jobs.Due]:
    waiting = (
        Delivery.objects.filter(status=Delivery.Status.IN_DIGEST, created_at__lte=now)
        .values_list("recipient_id", "recipient__time_zone")
        .distinct()
    )
    due = []
    for user_id, zone in waiting:
        day = jobs.local_date(now, zone)
        if day.weekday() == 0 and jobs.morning_of(day, zone, now):
            due.append(jobs.Due(user_id, f"accounts.user:{user_id}", _week(day)))
    return due


def send(delivery: Delivery) -> None:
    user: User = delivery.recipient
    items = list(
        Delivery.objects.filter(recipient=user, status=Delivery.Status.IN_DIGEST)
        .exclude(pk=delivery.pk)
        .order_by("created_at")
        .values("pk", "summary", "link", "created_at")
    )
    if not items:
        jobs.drop(delivery)
        return
    sent = emails.send(
        EMAIL,
        to=user,
        about=user,
        occasion=delivery.occasion,
        context={"items": items},
        unsubscribe=preferences.ALL_DIGESTS,
    )
    if sent:
        Delivery.objects.filter(
            pk__in=[item["pk"] for item in items], status=Delivery.Status.IN_DIGEST
        ).update(status=Delivery.Status.DIGESTED, sent_at=timezone.now())


jobs.register(
    jobs.Job(
        name="weekly-digest",
        email=EMAIL,
        label=_("Weekly digest"),
        timing=_("Mondays from 9:00 in each person's time zone"),
        find=find,
        send=send,
        every_minutes=30,
    )
)
