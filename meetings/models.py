"""Meetings of a relationship: one-off or from a repeating series, their agenda, the notes
written after them, and the coordinators' bank of topics and activity ideas.

A ``Meeting`` is *proposed* by a member until the others accept it (then *planned*), and
ends *held*, *cancelled* or *missed*. A ``Series`` stores a repeat rule (an RFC 5545
RRULE, expanded with python-dateutil) in the creator's time zone; its meetings are rows
like any other, each remembering the start the rule gave it (``occurrence``, the
iCalendar RECURRENCE-ID) so that one can be moved or skipped and the series still reads
right. ``sequence`` counts the significant changes, as calendars expect (SEQUENCE).

Everything here belongs to a relationship and is reached through
``relationships.selectors.get_membership_for_user``; coordinators see dates, statuses and
counts, never agendas, notes or reflections.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from programs.models import Programme
from relationships.models import Match, MatchMember

MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
TEXT_MAX_LENGTH = 4000


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class Series(models.Model):
    """ "Every other Tuesday at 17:00 until the programme ends": a stored repeat rule."""

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="meeting_series"
    )
    created_by = models.ForeignKey(
        MatchMember, verbose_name=_("created by"), on_delete=models.CASCADE, related_name="+"
    )
    rule = models.CharField(
        _("repeat rule"),
        max_length=200,
        help_text=_("An iCalendar RRULE, e.g. FREQ=WEEKLY;INTERVAL=2."),
    )
    starts_at = models.DateTimeField(_("first meeting"))
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    until = models.DateField(_("until"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    sequence = models.PositiveIntegerField(_("changes"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES) & Q(minutes__lte=MAX_MINUTES),
                name="series_length_within_limits",
            )
        ]

    def __str__(self) -> str:
        return str(_("Series %(id)s") % {"id": self.pk})


class Meeting(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        MISSED = "missed", _("Missed")

    UPCOMING = (Status.PROPOSED, Status.PLANNED)

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="meetings"
    )
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    # The start the series' rule gave this meeting (RECURRENCE-ID), kept when it moves.
    occurrence = models.DateTimeField(_("start in the series"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        MatchMember, verbose_name=_("proposed by"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    held_minutes = models.PositiveSmallIntegerField(
        _("actual length (minutes)"), null=True, blank=True
    )
    cancelled_by = models.ForeignKey(
        MatchMember,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=500, blank=True)
    sequence = models.PositiveIntegerField(_("changes"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES) & Q(minutes__lte=MAX_MINUTES),
                name="meeting_length_within_limits",
            ),
            models.CheckConstraint(
                condition=Q(held_minutes__isnull=True)
                | (Q(held_minutes__gte=1) & Q(held_minutes__lte=MAX_MINUTES)),
                name="meeting_held_length_within_limits",
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=True, occurrence__isnull=True)
                | Q(series__isnull=False, occurrence__isnull=False),
                name="meeting_occurrence_with_its_series",
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="meeting_once_per_occurrence"
            ),
        ]
        indexes = [models.Index(fields=["match", "status"], name="meeting_match_status")]

    def __str__(self) -> str:
        return str(_("Meeting %(id)s") % {"id": self.pk})

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def upcoming(self) -> bool:
        return self.status in self.UPCOMING


class Response(models.Model):
    """A member's answer to a proposed meeting: accepted, or another time proposed."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Asked for another time")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="responses"
    )
    member = models.ForeignKey(
        MatchMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer to a meeting")
        verbose_name_plural = _("answers to meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="response_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_answer_display()}"


class Topic(models.Model):
    """A discussion topic or an activity idea the coordinators offer, everywhere (no
    programme) or in one programme, in both languages."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Discussion topic")
        ACTIVITY = "activity", _("Activity idea")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="topics",
        help_text=_("Empty: offered in every programme."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOPIC)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("topic or activity idea")
        verbose_name_plural = _("topics and activity ideas")
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    author = models.ForeignKey(
        MatchMember, verbose_name=_("added by"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("topic"), max_length=300)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("from the topic bank"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    def label(self) -> str:
        """What the item says, for its reader: a bank topic taken as it is reads in the
        reader's language; anything the member wrote reads as they wrote it."""
        topic = self.topic
        if topic is not None and self.text in topic_titles(topic):
            return topic.title
        return self.text


def topic_titles(topic: Topic) -> set[str]:
    """A topic's title in every language it is written in."""
    names = (build_localized_fieldname("title", code) for code, _name in settings.LANGUAGES)
    return {title for title in (getattr(topic, name, None) for name in names) if title}


class Note(models.Model):
    """What a member wrote after a meeting: shared with the others, or a private
    reflection that only its author ever reads."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        MatchMember, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    private = models.BooleanField(_("private reflection"), default=False)
    text = models.TextField(_("note"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]
        constraints = [
            # One shared note and one reflection per member and meeting, edited in place.
            models.UniqueConstraint(
                fields=["meeting", "author", "private"], name="note_once_per_author_and_kind"
            )
        ]

    def __str__(self) -> str:
        return str(_("Note %(id)s") % {"id": self.pk})


class ActionItem(models.Model):
    """Something to do that came out of a meeting; it may become a step of a goal."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="actions"
    )
    author = models.ForeignKey(
        MatchMember, verbose_name=_("added by"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("what to do"), max_length=300)
    owner = models.ForeignKey(
        MatchMember,
        verbose_name=_("who does it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    # Set when it became a step of a goal (the goals app made it; no link back to goals).
    became_step_at = models.DateTimeField(_("made a goal step"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text
