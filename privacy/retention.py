"""Retention: a programme's texts are deleted ``RETENTION_MONTHS`` after it ends.

What goes, per kind, and what stays so that the coordinators' dashboard and the outcome
measures keep their numbers:

- **meeting notes** (shared notes and private reflections) and **workspace messages** are
  deleted: no count the dashboard shows is made of them;
- **mid-point reviews**, **closing reflections**, **participants' reports** and
  **fit-check answers** keep their rows, dates, ratings and choices ("how it is going",
  "expectations met", goal ratings, "stay in touch", the fit-check answer); only the text
  goes (``REMOVED`` where the table requires a text);
- **applications** keep their status, role, dates and structured answers (areas,
  languages, formats, scales, choices); the free texts (about me, competences, goals,
  business idea, the manager's e-mail) are blanked and the answers to the programme's
  own text questions deleted.

The job (``retention`` in ``notifications.jobs``) runs every hour and works only at night
(``NIGHT``, by the site's clock). It is safe to run twice: each kind's rows are taken in
batches of ``BATCH`` — each batch its own transaction, each selecting only what still holds
text — so a second run finds nothing, two runs at once delete each row once, and a run
stopped halfway leaves the rest for the next. A ``ProgrammeRetention`` row is opened when
a programme is started and closed when nothing is left; the log says what was deleted, in
numbers, never text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from closure.models import ClosingReflection
from evaluations.review_models import MidpointReview, ParticipantReport
from intake.models import Answer, Application, Question
from meetings.models import Note
from notifications import jobs
from programs.models import Programme, site_today
from programs.retention import texts_deleted_on
from relationships.models import FitCheck, Message

from .retention_models import ProgrammeRetention

logger = logging.getLogger(__name__)

NAME = "retention"
# What stands in for a text the table requires (a review's "what has been good"): a mark,
# not words, so it reads the same in every language.
REMOVED = "—"
NIGHT = (time(1), time(5))


def batch_size() -> int:
    return max(getattr(settings, "RETENTION_BATCH", 1000), 1)


@dataclass(frozen=True)
class TextKind:
    """One kind of text: its rows in a programme that still hold text, and what to do
    with them — delete (``blank`` empty) or set ``blank``'s fields."""

    name: str  # the key in the log and the record
    label: object
    rows: Callable[[Programme], QuerySet]
    blank: dict | None = None


def _text_questions():
    return Question.objects.filter(
        pk=OuterRef("question_id"), kind__in=(Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT)
    )


KINDS: list[TextKind] = [
    TextKind(
        "notes", _("meeting notes"), lambda p: Note.objects.filter(meeting__match__programme=p)
    ),
    TextKind("messages", _("messages"), lambda p: Message.objects.filter(match__programme=p)),
    TextKind(
        "midpoint_reviews",
        _("mid-point reviews"),
        lambda p: MidpointReview.objects.filter(match__programme=p).filter(
            ~Q(good=REMOVED) | ~Q(better=REMOVED) | ~Q(change="")
        ),
        {"good": REMOVED, "better": REMOVED, "change": ""},
    ),
    TextKind(
        "closing_reflections",
        _("closing reflections"),
        lambda p: ClosingReflection.objects.filter(match__programme=p).filter(
            ~Q(achieved="")
            | ~Q(way_of_working=REMOVED)
            | ~Q(going_on=REMOVED)
            | ~Q(stay_in_touch_how="")
        ),
        {"achieved": "", "way_of_working": REMOVED, "going_on": REMOVED, "stay_in_touch_how": ""},
    ),
    TextKind(
        "reports",
        _("participants' reports"),
        lambda p: ParticipantReport.objects.filter(match__programme=p).exclude(to_coordinator=""),
        {"to_coordinator": ""},
    ),
    TextKind(
        "fit_check_comments",
        _("fit-check comments"),
        lambda p: FitCheck.objects.filter(match__programme=p).exclude(comment=""),
        {"comment": ""},
    ),
    TextKind(
        "application_texts",
        _("application texts"),
        lambda p: Application.objects.filter(programme=p).filter(
            ~Q(about_me="")
            | ~Q(expertise="")
            | ~Q(goals="")
            | ~Q(business_idea="")
            | ~Q(manager_email="")
        ),
        {"about_me": "", "expertise": "", "goals": "", "business_idea": "", "manager_email": ""},
    ),
    TextKind(
        "application_answers",
        _("answers to text questions"),
        lambda p: Answer.objects.filter(application__programme=p).filter(Exists(_text_questions())),
    ),
]


def _apply_batch(kind: TextKind, programme: Programme) -> int:
    """One batch of one kind, in its own transaction: how many rows it deleted or blanked."""
    with transaction.atomic():
        ids = list(kind.rows(programme).order_by("pk").values_list("pk", flat=True)[: batch_size()])
        if not ids:
            return 0
        # Filtered again by "still holds text", so a row another run has done is not counted.
        rows = kind.rows(programme).filter(pk__in=ids)
        if kind.blank is None:
            return rows.delete()[1].get(rows.model._meta.label, 0)
        return rows.update(**kind.blank)


def programmes_due(today=None) -> list[Programme]:
    """Programmes whose retention date has come and that the job has not finished, or
    that hold text again since it did (written after the date, e.g. in a relationship
    that ran on): a finished programme is looked at again, cheaply, each night."""
    today = today or site_today()
    finished = ProgrammeRetention.objects.filter(programme=OuterRef("pk"), done_at__isnull=False)
    candidates = (
        Programme.objects.filter(ends_on__lte=today)
        .annotate(finished=Exists(finished))
        .order_by("ends_on", "pk")
    )
    return [
        p
        for p in candidates
        if texts_deleted_on(p) <= today
        and (not p.finished or any(kind.rows(p).exists() for kind in KINDS))
    ]


def pending(programme: Programme) -> dict[str, int]:
    """What the job would delete or blank in ``programme``, per kind (the dry run)."""
    return {kind.name: kind.rows(programme).count() for kind in KINDS}


def programme_texts_delete(*, programme: Programme) -> ProgrammeRetention:
    """Delete or blank every due text of ``programme``, batch by batch, and record it."""
    record, _created = ProgrammeRetention.objects.get_or_create(
        programme=programme, defaults={"due_on": texts_deleted_on(programme)}
    )
    counts = dict(record.counts)
    for kind in KINDS:
        while done := _apply_batch(kind, programme):
            counts[kind.name] = counts.get(kind.name, 0) + done
            ProgrammeRetention.objects.filter(pk=record.pk).update(counts=counts)
    record.counts = counts
    record.done_at = timezone.now()
    record.save(update_fields=["counts", "done_at"])
    logger.info(
        "retention: programme %s done (%s)",
        programme.pk,
        ", ".join(f"{name} {count}" for name, count in sorted(counts.items())) or "nothing",
    )
    return record


def at_night(now: datetime) -> bool:
    local = now.astimezone(jobs.zone_of(settings.TIME_ZONE)).time()
    return NIGHT[0] <= local < NIGHT[1]


def run(now: datetime, dry_run: bool = False) -> list[str]:
    """One pass of the job: lines for the operator, numbers only."""
    if not at_night(now):
        return [f"waits for the night ({NIGHT[0]:%H:%M}–{NIGHT[1]:%H:%M}, {settings.TIME_ZONE})"]
    today = jobs.local_date(now, settings.TIME_ZONE)
    lines = []
    for programme in programmes_due(today):
        if dry_run:
            counts = pending(programme)
            verb = "would delete or blank"
        else:
            counts = programme_texts_delete(programme=programme).counts
            verb = "deleted or blanked"
        summary = ", ".join(f"{name} {count}" for name, count in counts.items() if count)
        lines.append(f"programme {programme.pk}: {verb} {summary or 'nothing left'}")
    return lines or ["no programme due"]


jobs.register(
    jobs.Job(
        name=NAME,
        email=NAME,
        label=_("Notes, messages, reflections and application texts deleted"),
        timing=_("At night (01:00–05:00), RETENTION_MONTHS after a programme's end date"),
        find=lambda now: [],
        send=jobs.drop,
        run=run,
        every_minutes=60,
    )
)
