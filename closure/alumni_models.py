"""A person who chose, after a programme, to stay on as one of its alumni."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Programme


class Alumnus(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="alumni_of",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="alumni"
    )
    # "Invite me to come back as a mentor in the next programme."
    invite_as_mentor = models.BooleanField(_("invite me back as a mentor"), default=True)
    opted_in_at = models.DateTimeField(_("joined the alumni"), default=timezone.now)

    class Meta:
        verbose_name = _("alumnus")
        verbose_name_plural = _("alumni")
        ordering = ["-opted_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="alumnus_once_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.programme}"
