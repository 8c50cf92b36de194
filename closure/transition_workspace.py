"""The workspace's "After the programme" card, for a member whose relationship is over or
whose programme is closing: the way to the next-step resources and the alumni. One query
(for the alumni choice), only when the card is shown."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from relationships.hooks import NextStep, WorkspaceSection
from relationships.models import MatchMember

from .alumni_models import Alumnus
from .transition_selectors import ENDING


def workspace_section(member: MatchMember) -> WorkspaceSection | None:
    match = member.match
    programme = match.programme
    if match.is_current and programme.status not in ENDING:
        return None
    after_url = reverse("closure:after", kwargs={"slug": programme.slug})
    joined = Alumnus.objects.filter(user=member.enrolment.user_id, programme=programme).exists()
    steps = [] if joined else [NextStep(_("Choose whether to join the alumni"), after_url)]
    return WorkspaceSection(
        template="closure/includes/after_section.html",
        context={"after_url": after_url, "joined": joined, "programme": programme},
        next_steps=steps,
        position=90,
    )
