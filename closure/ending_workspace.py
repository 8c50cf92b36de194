"""The workspace's way to the early end: a small section for current members of a current
relationship, read without a query (the member comes with its match)."""

from relationships.hooks import WorkspaceSection
from relationships.models import MatchMember


def workspace_section(member: MatchMember) -> WorkspaceSection | None:
    if not (member.current and member.match.is_current):
        return None
    return WorkspaceSection(
        template="closure/includes/ending_section.html", context={}, position=95
    )
