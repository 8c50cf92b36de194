"""What coordinators see of the closing reflections on the relationships' admin: how many
members wrote theirs and when the last did — never a text. Applied by
``relationships.admin`` through ``coordinator_facts``."""

from django.contrib import admin
from django.db.models import OuterRef
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relationships.hooks import CoordinatorFacts

from .reflection_selectors import last_written_expression, members_expression, written_expression


def annotate(matches):
    return matches.annotate(
        closing_written=written_expression(OuterRef("pk")),
        closing_members=members_expression(OuterRef("pk")),
        closing_last=last_written_expression(OuterRef("pk")),
    )


@admin.display(description=gettext_lazy("closing reflections"), ordering="closing_written")
def closing_reflections(match) -> str:
    written = getattr(match, "closing_written", 0)
    if not written:
        return "–"
    return _("%(n)d of %(total)d written, last %(day)s") % {
        "n": written,
        "total": getattr(match, "closing_members", written),
        "day": date_format(localtime(match.closing_last), "SHORT_DATE_FORMAT"),
    }


def last_activity():
    return last_written_expression(OuterRef("pk"))


FACTS = CoordinatorFacts(
    annotate=annotate, columns=[closing_reflections], last_activity=last_activity
)
