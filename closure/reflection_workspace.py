"""The closing reflection's part of the workspace page: a card with where it stands for
this member, and the next step when it is open — after the relationship has ended too,
since that is when it is written. Two queries, whatever the number of members."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from relationships.hooks import NextStep, WorkspaceSection
from relationships.models import MatchMember

from . import reflection_services as services
from .reflection_models import ClosingReflection


def reflection_state(member: MatchMember, written: set[int], members: int) -> str:
    """ "waiting" (not open yet), "open", "mine" (written, waiting for the others) or
    "done" (every member wrote theirs)."""
    if members and len(written) >= members:
        return "done"
    if member.pk in written:
        return "mine"
    return "open" if services.reflection_is_open(member.match) else "waiting"


def workspace_section(member: MatchMember) -> WorkspaceSection:
    match = member.match
    written = set(
        ClosingReflection.objects.filter(match_id=match.pk).values_list("member_id", flat=True)
    )
    members = MatchMember.objects.filter(match_id=match.pk).count()
    state = reflection_state(member, written, members)
    url = reverse("closure:reflection", kwargs={"pk": match.pk})
    steps = []
    if state == "open":
        steps.append(NextStep(_("Write your closing reflection"), url, after_end=True))
    return WorkspaceSection(
        template="closure/includes/reflection_section.html",
        context={
            "state": state,
            "written": len(written),
            "members": members,
            "opens_on": services.opens_on(match.programme),
            "reflection_url": url,
        },
        next_steps=steps,
        position=80,
    )
