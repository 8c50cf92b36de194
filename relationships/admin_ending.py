"""How a relationship ended, in the coordinators' admin: the category and who ended it on
the match's page, and the reason behind a link of its own, since the reason is a
confidential item: each opening is logged (``ConfidentialRead``, item ``END_REASON``),
and the log is shown with it so that the coordinators keep each other honest.
``MatchAdmin`` mixes it in.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ConfidentialRead, Match
from .selectors import get_match_for_coordinator

READS_SHOWN = 10


def end_reason_reads(match: Match):
    return ConfidentialRead.objects.filter(
        match=match, item=ConfidentialRead.Item.END_REASON
    ).select_related("reader")


def _ended_by(match: Match) -> str:
    """A member by name and role, anyone else (a coordinator, the programme's close) as such."""
    if match.ended_by_id is None:
        return _("the site")
    for member in match.members.all():
        if member.enrolment.user_id == match.ended_by_id:
            return _("%(name)s (%(role)s)") % {
                "name": member.enrolment.user,
                "role": member.get_role_display().lower(),
            }
    return _("%(name)s (coordinator)") % {"name": match.ended_by}


class EndingAdminMixin:
    """For ``MatchAdmin``: the ending's field on the match's page and its reason's page."""

    @admin.display(description=gettext_lazy("how it ended"))
    def ending(self, obj: Match):
        """The outcome; for an early end its category, who ended it, and a link to read the
        reason (never the reason itself on this page)."""
        if obj.status == Match.Status.COMPLETED:
            return _("Completed")
        if obj.status != Match.Status.ENDED_EARLY:
            return "–"
        parts = [
            format_html(
                "<strong>{}</strong>: {}",
                obj.get_end_category_display() or _("No category recorded"),
                _("ended early by %(who)s") % {"who": _ended_by(obj)},
            )
        ]
        if obj.end_reason:
            parts.append(
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:relationships_match_end_reason", args=[obj.pk]),
                    _("Read the reason (the opening is logged)"),
                )
            )
        reads = list(end_reason_reads(obj)[:READS_SHOWN])
        if reads:
            parts.append(
                format_html(
                    "{}<ul>{}</ul>",
                    _("Opened by:"),
                    format_html_join(
                        "",
                        "<li>{} · {}</li>",
                        (
                            (date_format(localtime(r.read_at), "DATETIME_FORMAT"), r.reader or "–")
                            for r in reads
                        ),
                    ),
                )
            )
        return format_html_join("", "<div>{}</div>", ((part,) for part in parts))

    def ending_urls(self) -> list:
        view = self.admin_site.admin_view(self.end_reason_view)
        return [path("<str:object_id>/end-reason/", view, name="relationships_match_end_reason")]

    def end_reason_view(self, request, object_id: str):
        """Why the relationship ended, for the programme's coordinators; each opening is
        logged. Another programme's relationship, or a missing one, answers 404."""
        match = get_match_for_coordinator(request.user, object_id)
        if not self.has_view_permission(request, match):
            raise PermissionDenied
        if match.status != Match.Status.ENDED_EARLY:
            reason = ""
        else:
            reason = match.end_reason
            ConfidentialRead.objects.create(
                match=match, reader=request.user, item=ConfidentialRead.Item.END_REASON
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reason for ending"),
            "match": match,
            "original": match,
            "reason": reason,
            "ended_by": _ended_by(match),
            "reads": end_reason_reads(match)[:READS_SHOWN],
            "back": reverse("admin:relationships_match_change", args=[match.pk]),
            "rematch_url": reverse("admin:matching_programme", args=[match.programme_id]),
        }
        return TemplateResponse(request, "admin/relationships/match/end_reason.html", context)
