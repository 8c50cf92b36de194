"""The meetings' part of the workspace page, in a fixed number of queries: what comes up,
what waits for this member's answer, what should be marked held, and the next steps."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from relationships.hooks import NextStep, WorkspaceSection
from relationships.models import MatchMember

from . import selectors
from .agenda import AGENDA_SETTERS
from .models import AgendaItem, Meeting

SHOWN = 3


def workspace_section(member: MatchMember) -> WorkspaceSection:
    agenda = AgendaItem.objects.filter(meeting=OuterRef("pk"))
    coming = list(selectors.upcoming(member).annotate(has_agenda=Exists(agenda))[: SHOWN + 1])
    to_answer = list(selectors.awaiting_answer(member)[:1])
    to_mark = list(selectors.due_to_mark(member)[:1])
    counts = selectors.counts(member.match_id)
    steps = []
    if to_answer:
        steps.append(NextStep(_("Answer the proposed meeting"), _url(member, to_answer[0])))
    if to_mark:
        when = date_format(localtime(to_mark[0].starts_at), "DATE_FORMAT")
        steps.append(
            NextStep(_("Did you meet on %(day)s?") % {"day": when}, _url(member, to_mark[0]))
        )
    if coming and not coming[0].has_agenda and member.role in AGENDA_SETTERS:
        # The mentee (each peer) proposes the topics: invited first, the others may add.
        steps.append(
            NextStep(_("Add topics to the next meeting's agenda"), _url(member, coming[0]))
        )
    if not counts[Meeting.Status.PLANNED] and not counts[Meeting.Status.PROPOSED]:
        label = (
            _("Plan your first meeting")
            if not counts[Meeting.Status.HELD]
            else _("Plan your next meeting")
        )
        steps.append(NextStep(label, reverse("meetings:new", kwargs={"pk": member.match_id})))
    return WorkspaceSection(
        template="meetings/includes/workspace_section.html",
        context={
            "coming": coming[:SHOWN],
            "more": len(coming) > SHOWN,
            "counts": counts,
            "list_url": reverse("meetings:list", kwargs={"pk": member.match_id}),
            "new_url": reverse("meetings:new", kwargs={"pk": member.match_id}),
        },
        next_steps=steps,
        position=20,
    )


def _url(member: MatchMember, meeting: Meeting) -> str:
    return reverse("meetings:detail", kwargs={"pk": member.match_id, "meeting": meeting.pk})
