"""The retention date in a member's workspace: when this programme's texts are deleted.
No query: the date comes from the programme's end and ``RETENTION_MONTHS``."""

from programs.models import site_today
from programs.retention import texts_deleted_on
from relationships.hooks import WorkspaceSection
from relationships.models import MatchMember


def workspace_section(member: MatchMember) -> WorkspaceSection:
    deleted_on = texts_deleted_on(member.match.programme)
    return WorkspaceSection(
        template="privacy/includes/retention_section.html",
        context={"deleted_on": deleted_on, "deleted": deleted_on <= site_today()},
        position=90,
    )
