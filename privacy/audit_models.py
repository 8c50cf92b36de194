"""The log of confidential openings, for the admin's "Privacy → Confidential openings".

No table of its own: the openings are logged where they happen (``relationships.
ConfidentialRead`` for fit-check comments and end reasons, ``evaluations.ReportRead`` for
participants' reports), and ``privacy.audit`` reads both as one list. This model only gives
the page its place, name and permissions in the admin (no table is made: ``managed``
is off and nothing ever queries it).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConfidentialOpening(models.Model):
    class Meta:
        managed = False
        default_permissions = ("view",)
        verbose_name = _("confidential opening")
        verbose_name_plural = _("confidential openings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
