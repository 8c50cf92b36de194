"""A member's certificate (diploma): issued once the programme's rule is met, or granted
by a coordinator by hand. Its code is what the verification link carries: unguessable,
unique, and the only way to look a certificate up from outside."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relationships.models import MatchMember

CODE_BYTES = 18  # 24 characters of URL-safe base64: 144 bits


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


class Certificate(models.Model):
    member = models.OneToOneField(
        MatchMember,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="certificate",
    )
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_code, editable=False
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    # Empty when the programme's rule issued it; the coordinator's when granted by hand.
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by hand by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return str(_("Certificate %(id)s") % {"id": self.pk})
