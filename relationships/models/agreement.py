"""What the members of a relationship agree on, the versions they signed, and the
first-meeting guide whose answers fill the agreement's terms.

An ``Agreement`` holds the terms as they stand now (how often and how they meet, how long,
the areas in focus, what each side expects). What members sign is an
``AgreementVersion``: a frozen copy of the programme's text and of the terms, numbered,
one per content (``digest``). Signing "what is shown now" finds or makes the version with
exactly that content, so a change to the terms or a new programme text gives a new
version that nobody has signed yet, and changing it back returns to the old one. A
``Signature`` is unique per version and member (a database constraint); the services take
the member from the signed-in person, never from the form.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Area, Programme

from .match import Match, MatchMember


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")
    MIXED = "mixed", _("A mix of these")


class Agreement(models.Model):
    """The terms a relationship settles, as they stand now."""

    match = models.OneToOneField(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="agreement"
    )
    cadence = models.CharField(
        _("how often we meet"), max_length=20, choices=Programme.Cadence.choices, blank=True
    )
    meeting_format = models.CharField(
        _("how we meet"), max_length=12, choices=MeetingFormat.choices, blank=True
    )
    place = models.CharField(
        _("usual place or video link"),
        max_length=300,
        blank=True,
        help_text=_("A café, an office, a room at the library, or the link you always use."),
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("how long a meeting lasts (minutes)"), null=True, blank=True
    )
    areas = models.ManyToManyField(Area, verbose_name=_("areas in focus"), blank=True)
    mentee_expectations = models.TextField(_("what the mentee expects"), blank=True)
    mentor_expectations = models.TextField(_("what the mentor expects"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return str(_("Agreement of %(match)s") % {"match": self.match_id})


class AgreementVersion(models.Model):
    """Exactly what was (or is to be) signed: the programme's text and the terms, frozen."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    # {"en": …, "sv": …}: the programme's text in the languages it was written in.
    programme_text = models.JSONField(_("programme's agreement text"), default=dict, blank=True)
    terms = models.JSONField(_("terms"), default=dict, blank=True)
    # What the text and terms are, in short (``services.agreement.digest``): one version
    # per content, so changing something and changing it back returns to that version.
    digest = models.CharField(_("content key"), max_length=16, default="", editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreement_version_numbered_once"
            ),
            models.UniqueConstraint(
                fields=["agreement", "digest"], name="agreement_version_once_per_content"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Version %(number)s") % {"number": self.number})


class Signature(models.Model):
    """One member signed one version, once."""

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    member = models.ForeignKey(
        MatchMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="signatures"
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "member"],
                name="signature_once_per_member_and_version",
                violation_error_message=_("You have already signed this version."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.version}"


class FirstMeetingGuide(models.Model):
    """The checklist the members go through at their first meeting, ticked together."""

    STEPS = ("introductions", "expectations", "topics", "structure")

    match = models.OneToOneField(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="guide"
    )
    introductions = models.BooleanField(_("we have introduced ourselves"), default=False)
    expectations = models.BooleanField(_("we have said what we expect"), default=False)
    topics = models.BooleanField(_("we have chosen topics and an agenda"), default=False)
    structure = models.BooleanField(_("we have agreed how we meet"), default=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("first-meeting guide")
        verbose_name_plural = _("first-meeting guides")

    def __str__(self) -> str:
        return str(_("First-meeting guide of %(match)s") % {"match": self.match_id})

    @property
    def done(self) -> bool:
        return self.completed_at is not None
