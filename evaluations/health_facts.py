"""The relationships' health on the coordinators' list of relationships and on each
relationship's admin page: its state and the reasons in words (``health``). The list works
it out once for the page's rows (``prepare``: three queries, whatever their number); a
relationship's page, for the one. Applied by ``relationships.admin`` through
``coordinator_facts``."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy

from relationships.hooks import CoordinatorFacts
from relationships.models import Match

from .health import assess

MISSING = object()


def prepare(matches) -> None:
    """Each of ``matches`` (a list page's rows) gets its ``health``: None once ended."""
    rows = list(matches)
    found = assess(Match.objects.filter(pk__in=[m.pk for m in rows]), timezone.now())
    for match in rows:
        match.health = found.get(match.pk)


@admin.display(description=gettext_lazy("health"))
def health(match) -> str:
    found = getattr(match, "health", MISSING)
    if found is MISSING:  # a relationship's own page
        prepare([match])
        found = match.health
    if found is None:
        return "–"
    badge = format_html('<span class="health-badge state-{}">{}</span>', found.state, found.label)
    if not found.reasons:
        return badge
    reasons = format_html_join("", "<li>{}</li>", ((str(r),) for r in found.reasons))
    return format_html('{}<ul class="health-reasons">{}</ul>', badge, reasons)


FACTS = CoordinatorFacts(
    annotate=lambda matches: matches, columns=[health], prepare=prepare, leading=True
)
