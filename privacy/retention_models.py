"""The retention job's record: one row per programme whose texts it deleted."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Programme


class ProgrammeRetention(models.Model):
    """Made when the job starts on a programme, ``done_at`` set when nothing is left: a
    run stopped halfway leaves it open, and the next run finishes it. ``counts`` say how
    many rows of each kind were deleted or blanked (numbers only, never text)."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("texts due for deletion on"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    counts = models.JSONField(_("deleted or blanked"), default=dict, blank=True)

    class Meta:
        verbose_name = _("texts deleted after the retention period")
        verbose_name_plural = _("texts deleted after the retention period")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return str(self.programme)
