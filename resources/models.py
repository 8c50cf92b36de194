"""Orientation: a library of resources and the programme's events with their RSVPs."""

import os
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.models import Audience, Programme

RESOURCE_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "txt", "png", "jpg"]
# What each extension's content must be, by its signature (the ``filetype`` library reads
# the first bytes); a .txt file has no signature and must read as text instead.
RESOURCE_CONTENT = {
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "txt": {None},
}
SNIFF_BYTES = 64 * 1024


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, which is served to anyone in DEBUG.

    Only views that check access first read them. The location is read from the settings
    on every use (``PRIVATE_MEDIA_ROOT``, default ``<MEDIA_ROOT>/../private``), so tests
    and deployments can move it.
    """

    @property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT).parent / "private"
        return getattr(settings, "PRIVATE_MEDIA_ROOT", default)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def resource_storage() -> FileSystemStorage:
    return PrivateStorage()


def resource_max_upload_bytes() -> int:
    return int(getattr(settings, "RESOURCE_MAX_UPLOAD_MB", 10) * 1024 * 1024)


def validate_resource_size(file) -> None:
    limit = resource_max_upload_bytes()
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; a resource may be at most %(limit)s."),
            code="file_too_big",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def validate_resource_content(file) -> None:
    """The file is what its name says: an executable renamed ``evil.pdf`` is refused."""
    extension = Path(file.name).suffix.lower().lstrip(".")
    allowed = RESOURCE_CONTENT.get(extension)
    if allowed is None or file.size > resource_max_upload_bytes():
        return  # the extension's and the size's validators answer these
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    found = filetype.guess_mime(head)
    if found in allowed and (found is not None or _reads_as_text(head)):
        return
    raise ValidationError(
        _("The file's content is not a .%(extension)s file. Choose the original file again."),
        code="file_content",
        params={"extension": extension},
    )


def _reads_as_text(head: bytes) -> bool:
    """UTF-8 (the sniffed head may end inside a character) or a legacy 8-bit encoding
    without control characters: binary files are full of them."""
    if b"\0" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:
            return True
    return not any(byte < 32 and byte not in b"\t\n\r\f" for byte in head)


class Resource(models.Model):
    """A link or a document for a programme's participants, or for every programme's."""

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SWEDISH = "sv", _("Swedish")
        ANY = "any", _("Any language")

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"),
        upload_to="resources/%Y/%m/",
        storage=resource_storage,
        blank=True,
        max_length=255,
        validators=[
            FileExtensionValidator(RESOURCE_EXTENSIONS),
            validate_resource_size,
            validate_resource_content,
        ],
        help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument text, plain text, PNG or JPG."),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    language = models.CharField(
        _("language"), max_length=3, choices=Language.choices, default=Language.ANY
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="resources",
        null=True,
        blank=True,
        help_text=_("Leave empty for a resource for every programme."),
    )
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="resource_link_or_file",
                violation_error_message=_("Give either a link or a file, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if bool(self.url) == bool(self.file):
            message = (
                _("Give either a link or a file, not both.")
                if self.url
                else _("Give a link or upload a file.")
            )
            raise ValidationError({"url": message})

    def get_download_url(self) -> str:
        return reverse("resources:download", kwargs={"pk": self.pk})

    def get_target_url(self) -> str:
        return self.url or self.get_download_url()

    @property
    def file_name(self) -> str:
        return Path(self.file.name).name if self.file else ""
