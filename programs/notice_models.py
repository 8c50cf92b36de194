"""Every version of a programme's privacy notice, as it read: what a consent refers to."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def notice_texts(programme) -> dict[str, str]:
    """The notice in every language it is written in (``privacy_notice_<code>``)."""
    texts = {
        code: getattr(programme, f"privacy_notice_{code}", "") or ""
        for code, _name in settings.LANGUAGES
    }
    return {code: text for code, text in texts.items() if text}


def notice_digest(texts: dict[str, str]) -> str:
    """SHA-256 of the texts: the same words in the same languages give the same digest."""
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


class PrivacyNoticeVersion(models.Model):
    """A programme's privacy notice at one version, kept once the version has been in use;
    never changed afterwards (a changed notice is a new version)."""

    programme = models.ForeignKey(
        "programs.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="notice_versions",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    texts = models.JSONField(_("text, per language"), default=dict, blank=True)
    digest = models.CharField(_("SHA-256 of the text"), max_length=64)
    created_at = models.DateTimeField(_("in use from"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")
        ordering = ["programme", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "version"], name="privacy_notice_version_once"
            )
        ]

    def __str__(self) -> str:
        return str(_("Version %(version)s") % {"version": self.version})

    def text_in(self, language: str) -> str:
        return self.texts.get(language) or next(iter(self.texts.values()), "")


def notice_version_keep(*, programme) -> PrivacyNoticeVersion:
    """The programme's current notice version, kept with its text (made on first use).
    A version's text is the one it had when first kept: the admin starts a new version
    whenever the text changes."""
    texts = notice_texts(programme)
    version, _created = PrivacyNoticeVersion.objects.get_or_create(
        programme=programme,
        version=programme.privacy_notice_version,
        defaults={"texts": texts, "digest": notice_digest(texts)},
    )
    return version
