"""Orientation: a library of resources and the programme's events with their RSVPs."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Audience, Programme


class Event(models.Model):
    class Kind(models.TextChoices):
        KICK_OFF = "kick_off", _("Kick-off")
        INFORMATION = "information", _("Information meeting")
        NETWORKING = "networking", _("Networking meeting")
        WORKSHOP = "workshop", _("Workshop")
        CLOSING = "closing", _("Closing ceremony")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), default=30, help_text=_("How many people can come.")
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_capacity_at_least_one",
                violation_error_message=_("The capacity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(video_url=""),
                name="event_place_or_video_link",
                violation_error_message=_("Give a place, a video link or both."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk})

    def get_calendar_url(self) -> str:
        return reverse("events:calendar", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event must end after it starts.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("The capacity must be at least 1.")
        if not self.place and not self.video_url:
            errors["place"] = _("Give a place, a video link or both.")
        if errors:
            raise ValidationError(errors)

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())


class RSVP(models.Model):
    """One person's answer to one event.

    A person who is going holds a numbered seat. Seats are unique per event and numbered
    from 1, so the database itself refuses two people in one seat; the service hands out
    seats no higher than the capacity, under a lock on the event.
    """

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the wait-list")
        NOT_GOING = "not_going", _("Not going")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_rsvps",
    )
    status = models.CharField(_("answer"), max_length=12, choices=Status.choices)
    seat = models.PositiveIntegerField(_("seat"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    # When the answer last changed: the wait-list is served in this order (first come).
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["event", "answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                name="rsvp_one_per_person_and_event",
                violation_error_message=_("This person has already answered."),
            ),
            models.UniqueConstraint(
                fields=["event", "seat"],
                name="rsvp_one_person_per_seat",
                violation_error_message=_("This seat is taken."),
            ),
            models.CheckConstraint(
                condition=Q(seat__isnull=True) | Q(seat__gte=1),
                name="rsvp_seat_from_one",
            ),
            models.CheckConstraint(
                condition=Q(status="going", seat__isnull=False)
                | (~Q(status="going") & Q(seat__isnull=True)),
                name="rsvp_seat_if_and_only_if_going",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}: {self.get_status_display()}"
