"""The certificate's card in the workspace, once the relationship has ended (four queries)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from relationships.hooks import NextStep, WorkspaceSection
from relationships.models import MatchMember

from .certificate_selectors import eligibility


def workspace_section(member: MatchMember) -> WorkspaceSection | None:
    if member.match.is_current:
        return None
    state = eligibility(member)
    url = reverse("closure:certificate", kwargs={"pk": member.match_id})
    steps = []
    if state.available and state.certificate is None:
        steps.append(NextStep(_("Download your certificate"), url))
    return WorkspaceSection(
        template="closure/includes/certificate_section.html",
        context={"state": state, "url": url},
        next_steps=steps,
        position=80,
    )
