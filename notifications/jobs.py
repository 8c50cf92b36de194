"""Scheduled reminders: each app says who is due, this module claims and hands them out.

A **job** is one kind of reminder (the day-before meeting reminder, a goal step overdue…).
Its app declares it in its ``reminders.py`` with ``register``: ``find(now)`` returns who is
due now, from a few set-based queries, and ``send(delivery)`` sends one claimed reminder
through ``notifications.emails.send`` (checking first that it is still due).

One beat entry per job (created by its app's data migration, editable in the admin) runs
``notifications.tasks.dispatch_reminders`` every few minutes. A pass:

1. asks the job who is due *now* — "due at or before now and not yet recorded", never "due
   within this run's window", so a pass that runs late, twice, or across a daylight-saving
   change neither skips nor doubles anything;
2. **claims** each of them by inserting its ``Delivery`` row (kind, recipient, object,
   occasion) — unique in the database, so of two passes at the same moment exactly one
   inserts each row, and only the rows carrying its own claim are its to hand out;
3. after the commit, queues one task per claimed row, by id. The task sends at most once
   (``emails.send`` locks the row); a claim whose task was lost — the broker down at the
   moment of queueing, a worker killed — is handed out again by a later pass once it is
   ``RECLAIM_AFTER`` old and still unsent.

Nothing is scheduled as a far-future ETA (Redis would deliver it again after its
visibility timeout): what is due is found when it is due.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from . import kinds
from .models import Delivery

# Rows looked up per query when checking what is recorded already.
CHUNK = 5000


@dataclass(frozen=True)
class Due:
    """One reminder due now: to whom, about what ("<app>.<model>:<pk>"), on which occasion."""

    recipient_id: int
    about: str
    occasion: str = ""
    programme_id: int | None = None


@dataclass(frozen=True)
class Job:
    name: str  # for `manage.py reminders --job` and the beat entry
    email: str  # the e-mail template it sends (the Delivery's kind)
    label: str | Promise
    timing: str | Promise  # its default timing and where to change it, for people
    find: Callable[[datetime], Iterable[Due]]
    send: Callable[[Delivery], None]
    every_minutes: int = 15  # how often its beat entry runs by default
    # A job that does its own work instead of sending e-mail (privacy's retention): a pass
    # calls ``run(now, dry_run)`` rather than claiming, and it returns what it did (or, on a
    # dry run, would do) as lines for the operator.
    run: Callable[[datetime, bool], list[str]] | None = None


@dataclass
class Pass:
    job: Job
    due: list[Due] = field(default_factory=list)
    claimed: list[int] = field(default_factory=list)
    handed_again: list[int] = field(default_factory=list)
    report: list[str] = field(default_factory=list)  # a ``run`` job's lines


_JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    _JOBS[job.name] = job
    return job


def all_jobs() -> list[Job]:
    kinds.discover()
    return sorted(_JOBS.values(), key=lambda job: job.name)


def get(name: str) -> Job | None:
    kinds.discover()
    return _JOBS.get(name)


def for_email(email: str) -> Job | None:
    kinds.discover()
    return next((job for job in _JOBS.values() if job.email == email), None)


def reclaim_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "REMINDERS_RECLAIM_AFTER", 30 * 60))


def unrecorded(email: str, due: Iterable[Due]) -> list[Due]:
    """What is due and has no record yet (sent, claimed, turned off or in a digest): the
    dry run's list, and fewer rows for the claim to try."""
    due = list(dict.fromkeys(due))  # the same reminder found twice is one
    recorded: set[tuple[int, str, str]] = set()
    abouts = sorted({item.about for item in due})
    for start in range(0, len(abouts), CHUNK):
        recorded.update(
            Delivery.objects.filter(kind=email, about__in=abouts[start : start + CHUNK])
            .values_list("recipient_id", "about", "occasion")
            .iterator()
        )
    return [d for d in due if (d.recipient_id, d.about, d.occasion) not in recorded]


def dispatch(job: Job, *, now: datetime | None = None, dry_run: bool = False) -> Pass:
    """One pass of ``job``: find, claim, and (after the commit) queue what is due now."""
    now = now or timezone.now()
    if job.run is not None:
        return Pass(job=job, report=list(job.run(now, dry_run)))
    # In one order, so that two passes inserting the same rows never wait on each other
    # crosswise (a deadlock on PostgreSQL).
    due = sorted(unrecorded(job.email, job.find(now)), key=_key)
    result = Pass(job=job, due=due)
    if dry_run:
        return result
    claim = uuid.uuid4().hex
    # When the claim was made, not when the pass began: a long find does not age it.
    claimed_at = max(now, timezone.now())
    stale = Delivery.objects.filter(
        kind=job.email,
        status=Delivery.Status.SENDING,
        attempts=0,
        claimed_at__lt=now - reclaim_after(),
    ).exclude(claim="")
    with transaction.atomic():
        Delivery.objects.bulk_create(
            [
                Delivery(
                    kind=job.email,
                    recipient_id=item.recipient_id,
                    about=item.about,
                    occasion=item.occasion,
                    programme_id=item.programme_id,
                    claim=claim,
                    claimed_at=claimed_at,
                )
                for item in result.due
            ],
            ignore_conflicts=True,  # another pass claimed it first: it is that pass's
            batch_size=1000,
        )
        result.claimed = list(Delivery.objects.filter(claim=claim).values_list("pk", flat=True))
        result.handed_again = list(stale.values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=result.handed_again).update(claimed_at=claimed_at)
        ids = result.claimed + result.handed_again
        transaction.on_commit(lambda: _queue(ids))
    return result


def _key(item: Due) -> tuple:
    return (item.recipient_id, item.about, item.occasion)


def _queue(ids: list[int]) -> None:
    from .tasks import send_due_reminder

    for pk in ids:
        send_due_reminder.delay(pk)


def deliver(delivery_id: int) -> None:
    """Send one claimed reminder (the task's body): its job checks it is still due."""
    delivery = Delivery.objects.select_related("recipient").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in Delivery.FINAL:
        return
    if delivery.status == Delivery.Status.IN_DIGEST:
        return
    job = for_email(delivery.kind)
    if job is None:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, last_error=f"No reminder job sends {delivery.kind}."
        )
        return
    try:
        job.send(delivery)
    except Exception as error:
        # A failure before the e-mail's own record was written (its "still due?" check):
        # recorded here, so that it shows, retries with the task and is not handed out anew.
        if Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).exists():
            from .emails import record_failure

            record_failure(delivery, error)
        raise


def drop(delivery: Delivery) -> None:
    """A claimed reminder no longer due when its worker reaches it (the meeting cancelled,
    the relationship paused): recorded so, and not sent."""
    Delivery.objects.filter(pk=delivery.pk).exclude(status__in=Delivery.FINAL).update(
        status=Delivery.Status.NOT_DUE
    )


def about_pk(delivery: Delivery) -> int | None:
    """The id in a Delivery's ``about`` ("meetings.meeting:42" → 42)."""
    _label, _sep, pk = delivery.about.rpartition(":")
    return int(pk) if pk.isdigit() else None


# --- Time, in the recipient's zone -----------------------------------------------------

MORNING = time(9)
EVENING = time(21)  # a reminder found late is kept for the next morning rather than the night


def zone_of(value) -> zoneinfo.ZoneInfo:
    if isinstance(value, zoneinfo.ZoneInfo):
        return value
    try:
        return zoneinfo.ZoneInfo(str(value)) if value else zoneinfo.ZoneInfo(settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at_local(day: date, at: time, zone) -> datetime:
    """That wall-clock time on that day in ``zone``, as a moment. A time the clocks skip
    (02:30 on the last Sunday of March in Stockholm) is read with the offset before the
    change (03:30 by the new clock); one they pass twice (02:30 in October) is its first."""
    moment = datetime.combine(day, at).replace(tzinfo=zone_of(zone))
    return moment.astimezone(UTC).astimezone(zone_of(zone))


def wall_clock_before(moment: datetime, zone, before: timedelta) -> datetime:
    """``before`` earlier by the recipient's clock: "24 hours before" a 10:00 meeting is
    10:00 the day before, also when the clocks changed in between."""
    local = moment.astimezone(zone_of(zone))
    earlier = local.replace(tzinfo=None) - before
    return at_local(earlier.date(), earlier.time(), zone)


def morning_of(day: date, zone, now: datetime) -> bool:
    """Whether a reminder due on ``day`` "at nine in the morning" in ``zone`` goes out now:
    between nine in the morning and nine in the evening, on that day or (if it was missed)
    a later one — never in the night."""
    local = now.astimezone(zone_of(zone))
    return local >= at_local(day, MORNING, zone) and MORNING <= local.time() < EVENING


def local_date(now: datetime, zone) -> date:
    return now.astimezone(zone_of(zone)).date()
