"""A programme's closing settings, one row per programme, made when first saved."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Programme
from resources.models import Resource


class ProgrammeClosing(models.Model):
    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="closing"
    )
    # The certificate's rule: each part can be turned off; a coordinator can still grant
    # a certificate by hand to someone who does not meet it.
    certificate_needs_meetings = models.BooleanField(
        _("certificate needs the minimum of meetings held"), default=True
    )
    certificate_needs_reflection = models.BooleanField(
        _("certificate needs the closing reflection written"), default=True
    )
    resources = models.ManyToManyField(
        Resource,
        verbose_name=_("next-step resources"),
        blank=True,
        related_name="+",
        help_text=_("Shown to members when they close, for what comes next."),
    )
    next_programme = models.ForeignKey(
        Programme,
        verbose_name=_("next programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Alumni who want to come back as mentors are invited to it."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("programme closing")
        verbose_name_plural = _("programme closings")

    def __str__(self) -> str:
        return str(self.programme)
