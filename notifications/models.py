"""The record that makes every e-mail go out once.

One ``Delivery`` row per (kind, recipient, the object it is about, occasion), unique in the
database. A task that runs twice — redelivered by the broker after a lost acknowledgement,
retried after a mail-server hiccup, or started by two workers at once — finds the row
already *sent* and sends nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Status(models.TextChoices):
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Not delivered yet: trying again")
        FAILED = "failed", _("Not delivered")
        TURNED_OFF = "off", _("Not sent: turned off by the recipient")
        IN_DIGEST = "digest", _("Waiting for the weekly digest")
        DIGESTED = "digested", _("Sent in the weekly digest")
        NOT_DUE = "not_due", _("Not sent: no longer due")

    # What no later run changes.
    FINAL = (Status.SENT, Status.TURNED_OFF, Status.DIGESTED, Status.NOT_DUE)

    kind = models.CharField(_("e-mail"), max_length=60)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # "<app label>.<model>:<pk>" of what the e-mail is about: one text column, so any
    # stage's object can be named without a foreign key to every app.
    about = models.CharField(_("about"), max_length=100)
    # What makes a second e-mail of the same kind about the same thing a new one: a new
    # decision, a new answer, a reminder's date. Empty when there is only ever one.
    occasion = models.CharField(_("occasion"), max_length=100, blank=True)
    # Only so coordinators see the e-mails of their own programmes (by name, not import).
    programme = models.ForeignKey(
        "programs.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The sending task; its retries keep the id. send() marks the last try's failure, and
    # EmailTask.on_failure is the backstop.
    task_id = models.CharField(
        _("sending task"), max_length=255, blank=True, editable=False, db_index=True
    )
    # A reminder's dispatcher pass that claimed this row (its unique key is the claim), and
    # when: a claim whose task was lost is handed to a worker again after a while.
    claim = models.CharField(_("claimed by"), max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True, editable=False)
    # For the weekly digest: the subject in the recipient's language and the page it is about.
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "about", "occasion"], name="delivery_once"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["claim"], name="delivery_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


class Preference(models.Model):
    """A person's choice for one kind of e-mail (``notifications.kinds``); no row is "on"."""

    class Mode(models.TextChoices):
        ON = "on", _("Send it")
        DIGEST = "digest", _("In a weekly digest")
        OFF = "off", _("Do not send it")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    kind = models.CharField(_("kind of e-mail"), max_length=60)
    mode = models.CharField(_("choice"), max_length=10, choices=Mode.choices, default=Mode.ON)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.mode}"
