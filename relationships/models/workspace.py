"""What members write in their workspace: messages to each other, and each member's
private answer to the fit check (for the coordinator, never for the other members)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .match import Match, MatchMember

MESSAGE_MAX_LENGTH = 4000


class Message(models.Model):
    """A short note from one member to the others, kept in the workspace and e-mailed."""

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        MatchMember, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Message %(id)s") % {"id": self.pk})


class FitCheck(models.Model):
    """One member's answer to "Is this a good fit?", once per membership."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NOT_SURE = "not_sure", _("Not sure")
        NO = "no", _("No")

    member = models.OneToOneField(
        MatchMember, verbose_name=_("member"), on_delete=models.CASCADE, related_name="fit_check"
    )
    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="fit_checks"
    )
    answer = models.CharField(_("is this a good fit?"), max_length=10, choices=Answer.choices)
    comment = models.TextField(
        _("comment for the coordinator"),
        blank=True,
        max_length=2000,
        help_text=_("Optional. Only the programme's coordinators read it, never the others."),
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("fit check")
        verbose_name_plural = _("fit checks")
        ordering = ["answered_at"]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_answer_display()}"


class ConfidentialRead(models.Model):
    """A coordinator opened something members wrote for coordinators only (DESIGN: such
    openings are logged): who, which relationship, what, when."""

    class Item(models.TextChoices):
        FIT_CHECK_COMMENTS = "fit_check_comments", _("Fit-check comments")
        END_REASON = "end_reason", _("Reason for ending")

    match = models.ForeignKey(
        Match, verbose_name=_("match"), on_delete=models.CASCADE, related_name="+"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    item = models.CharField(_("what"), max_length=30, choices=Item.choices)
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        verbose_name = _("confidential item read")
        verbose_name_plural = _("confidential items read")
        ordering = ["-read_at"]

    def __str__(self) -> str:
        return f"{self.get_item_display()} · {self.read_at:%Y-%m-%d %H:%M}"
