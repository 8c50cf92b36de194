"""Every consent given to a programme's privacy notice: append-only.

The application holds the consent in force (``consent_given_at``, cleared when it is
withdrawn or reopened); a ``ConsentRecord`` is made each time someone consents and is
never changed afterwards, except that ``withdrawn_at`` is set once when they take it back.
It names the notice's version, keeps the version's text (``PrivacyNoticeVersion``) and the
digest of the words shown at that moment, and the language they read it in.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programs.models import PrivacyNoticeVersion, Programme


class ConsentRecord(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    application = models.ForeignKey(
        "intake.Application",
        verbose_name=_("application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_records",
    )
    notice_version = models.PositiveSmallIntegerField(_("privacy notice version"))
    # The version's kept text; empty for consents given before versions were kept.
    notice = models.ForeignKey(
        PrivacyNoticeVersion,
        verbose_name=_("privacy notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    notice_digest = models.CharField(_("SHA-256 of the text shown"), max_length=64, blank=True)
    language = models.CharField(_("read in"), max_length=10, blank=True)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
            )
        ]
        indexes = [models.Index(fields=["user", "programme"], name="consent_by_person")]

    def __str__(self) -> str:
        return str(_("Consent to version %(version)s") % {"version": self.notice_version})
