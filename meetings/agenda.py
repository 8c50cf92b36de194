"""The meeting page's agenda, notes and action items: ``detail_context(member, meeting)``
adds what the page shows of them and the forms the member may use, in a fixed number of
queries (the agenda, the notes the member reads, the action items, the topic bank, and the
goals the member may add a step to), whatever the meeting holds."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from programs.models import Enrolment
from relationships import hooks
from relationships.models import MatchMember

from . import selectors
from .forms import ActionItemForm, AgendaItemForm, NoteForm
from .models import Meeting
from .services import content

#: Who is invited to set the agenda first: the mentees, and every peer.
AGENDA_SETTERS = (Enrolment.Role.MENTEE, Enrolment.Role.PEER)


def detail_context(
    member: MatchMember,
    meeting: Meeting,
    *,
    members: list[MatchMember] | None = None,
    agenda_form: AgendaItemForm | None = None,
    shared_form: NoteForm | None = None,
    private_form: NoteForm | None = None,
    action_form: ActionItemForm | None = None,
) -> dict:
    """Forms come unbound unless a refused post hands its own back, as it was sent."""
    if members is None:
        members = list(
            MatchMember.objects.filter(match_id=member.match_id, current=True).select_related(
                "enrolment__user"
            )
        )
    editable = member.current and member.match.is_current
    may_add_topics = editable and meeting.status != Meeting.Status.CANCELLED
    after = content.took_place(meeting)
    may_write = editable and after

    agenda = list(selectors.agenda_of(meeting))
    for item in agenda:
        item.may_remove = may_add_topics and item.author_id == member.pk

    notes = list(selectors.notes_for(member, meeting))
    mine = {note.private: note for note in notes if note.author_id == member.pk}
    others = [note for note in notes if note.author_id != member.pk and not note.private]

    actions = list(selectors.actions_of(meeting))
    _offer_steps(member, actions, may_write)
    for action in actions:
        action.may_tick = may_write and _may(content.action_mark_check, member, action)
        action.may_remove = may_write and action.author_id == member.pk

    if may_add_topics and agenda_form is None:
        agenda_form = AgendaItemForm(topics=list(selectors.topics_for(member.match.programme)))
    if may_write:
        shared_form = shared_form or NoteForm(
            private=False, initial={"text": getattr(mine.get(False), "text", "")}
        )
        private_form = private_form or NoteForm(
            private=True, initial={"text": getattr(mine.get(True), "text", "")}
        )
        action_form = action_form or ActionItemForm(member=member, members=members)
    return {
        "agenda": agenda,
        "agenda_form": agenda_form if may_add_topics else None,
        "sets_agenda_first": member.role in AGENDA_SETTERS,
        "group": member.match.programme.kind == member.match.programme.Kind.GROUP,
        "after_meeting": after,
        "my_note": mine.get(False),
        "my_reflection": mine.get(True),
        "others_notes": others,
        "shared_form": shared_form if may_write else None,
        "private_form": private_form if may_write else None,
        "actions": actions,
        "action_form": action_form if may_write else None,
    }


def _may(check, *args) -> bool:
    try:
        check(*args)
    except ValidationError:
        return False
    return True


def _offer_steps(member: MatchMember, actions: list, may_write: bool) -> None:
    """Each open action item's ``step_choices``: the goals it may become a step of (one
    call of the goals' hook for all of them)."""
    for action in actions:
        action.step_choices = []
    maker = hooks.goal_step_maker()
    waiting = [a for a in actions if a.became_step_at is None]
    if not may_write or maker is None or not waiting:
        return
    drafts = [content.step_draft(action) for action in waiting]
    for action, choices in zip(waiting, maker.choices(member, drafts), strict=True):
        action.step_choices = choices
