"""The privacy notice's versions on the programme's admin page (a read-only field): what
each version said, for the consents given to it."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .languages import language_name


@admin.display(description=_("earlier and current versions"))
def notice_versions(self, obj) -> str:
    versions = list(obj.notice_versions.order_by("-version")) if obj.pk else []
    if not versions:
        return "—"
    # Escaped: the coordinators' own words.
    items = format_html_join(
        "",
        "<li><strong>{}</strong> ({})<br>{}</li>",
        (
            (
                str(version),
                date_format(timezone.localtime(version.created_at), "SHORT_DATETIME_FORMAT"),
                format_html_join(
                    "",
                    '<span class="d-block">{}: {}</span>',
                    ((language_name(code), text) for code, text in sorted(version.texts.items())),
                )
                or "—",
            )
            for version in versions
        ),
    )
    return format_html('<ul class="notice-versions">{}</ul>', items)
