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
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"
