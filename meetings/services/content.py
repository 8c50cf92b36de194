"""What members write about a meeting: the agenda before it, the notes after it and the
action items that came out of it.

Who may do what (the meeting page asks the same questions before it shows a form):

- **agenda** — every current member adds topics, in their own words or from the topic bank
  of the programme (and the global one); the mentees (every peer, in a peer programme) are
  invited to first, and the others see them and add theirs. Each member removes their own.
  A cancelled meeting's agenda no longer changes.
- **notes** — once the meeting has taken place (held, or its time has come; never a
  cancelled one) each member keeps one *shared note*, which the others read, and one
  *private reflection*, which nobody but its author ever reads. Both are found through the
  author's own membership, never by an id: no address lets one member write or read
  another's reflection.
- **action items** — after the meeting, like the notes: what to do, who does it (a current
  member), by when (within the programme). Its owner or its author ticks it done; its
  author removes it. It can become a step of one of the member's goals, through
  ``relationships.hooks.goal_step_makers`` (the goals' own rules decide).
- nothing changes once the relationship has ended (``editable_check``).

Every text is trimmed, loses its NUL characters and is kept within its limit.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from relationships import hooks
from relationships.models import MatchMember
from relationships.services import editable_check
from relationships.services.workspace import clean_text

from ..models import TEXT_MAX_LENGTH, ActionItem, AgendaItem, Meeting, Note, Topic
from . import own_meeting_check

ITEM_MAX_LENGTH = 300  # AgendaItem.text and ActionItem.text
MAX_AGENDA_ITEMS = 50
MAX_ACTION_ITEMS = 50


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked: two members adding at once get distinct positions and
    the limits hold."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _name(member: MatchMember) -> str:
    return member.enrolment.user.public_name


# --- The rules, each with its one message ---------------------------------------------------
def agenda_open_check(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            _("This meeting is cancelled: its agenda no longer changes."), code="cancelled"
        )


def took_place(meeting: Meeting) -> bool:
    """Notes and action items belong to a meeting that has taken place, or whose time has
    come: never to a cancelled one."""
    if meeting.status == Meeting.Status.CANCELLED:
        return False
    return meeting.status == Meeting.Status.HELD or meeting.starts_at <= timezone.now()


def took_place_check(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            _("This meeting was cancelled: there are no notes or action items to write."),
            code="cancelled",
        )
    if not took_place(meeting):
        raise ValidationError(
            _("Notes and action items come after the meeting: write them once it has begun."),
            code="future",
        )


def bank_check(member: MatchMember, topic: Topic) -> None:
    """A topic offered in the member's programme (its own, or a global one)."""
    if not topic.active or topic.programme_id not in (None, member.match.programme_id):
        raise ValidationError(_("Choose a topic this programme offers."), code="foreign_topic")


def owner_check(member: MatchMember, owner: MatchMember | None) -> None:
    if owner is not None and (owner.match_id != member.match_id or not owner.current):
        raise ValidationError(
            _("Choose who does it among the people in this relationship."), code="foreign_owner"
        )


def due_check(member: MatchMember, day: date | None) -> None:
    """A due date within the programme, and not already past."""
    if day is None:
        return
    programme = member.match.programme
    if not programme.starts_on <= day <= programme.ends_on:
        raise ValidationError(
            _("Choose a due date within the programme, between %(start)s and %(end)s.")
            % {
                "start": date_format(programme.starts_on, "DATE_FORMAT"),
                "end": date_format(programme.ends_on, "DATE_FORMAT"),
            },
            code="outside_programme",
        )
    if day < timezone.localdate():
        raise ValidationError(_("That day has passed: choose today or a later day."), code="past")


def action_mark_check(member: MatchMember, item: ActionItem) -> None:
    """Whoever does it, or whoever wrote it down, ticks it (anyone, when nobody owns it)."""
    if item.owner_id is None or member.pk in (item.owner_id, item.author_id):
        return
    raise ValidationError(
        _("%(owner)s does this: they or %(author)s tick it.")
        % {"owner": _name(item.owner), "author": _name(item.author)},
        code="not_owner",
    )


def author_check(member: MatchMember, author: MatchMember, what: str) -> None:
    if author.pk != member.pk:
        message = (
            _("Only %(name)s, who added this topic, removes it.")
            if what == "agenda"
            else _("Only %(name)s, who wrote this action item down, removes it.")
        )
        raise ValidationError(message % {"name": _name(author)}, code="not_author")


# --- The agenda ------------------------------------------------------------------------------
@transaction.atomic
def agenda_item_add(
    *, member: MatchMember, meeting: Meeting, text: str = "", topic: Topic | None = None
) -> AgendaItem:
    """A topic on the meeting's agenda, last: in the member's words, from the topic bank,
    or both (a bank topic with the member's own angle on it)."""
    editable_check(member)
    own_meeting_check(member, meeting)
    meeting = _locked(meeting)
    agenda_open_check(meeting)
    if topic is not None:
        bank_check(member, topic)
    text = (text or "").replace("\x00", "").strip() or (topic.title if topic else "")
    text = clean_text(
        text, limit=ITEM_MAX_LENGTH, required=_("Write a topic or choose one from the bank.")
    )
    existing = meeting.agenda.aggregate(last=Max("position"), n=Count("pk"))
    if existing["n"] >= MAX_AGENDA_ITEMS:
        raise ValidationError(
            _("An agenda holds at most %(count)s topics.") % {"count": MAX_AGENDA_ITEMS},
            code="too_many",
        )
    return AgendaItem.objects.create(
        meeting=meeting,
        author=member,
        text=text,
        topic=topic,
        position=(existing["last"] or 0) + 1,
    )


@transaction.atomic
def agenda_item_remove(*, member: MatchMember, item: AgendaItem) -> None:
    editable_check(member)
    own_meeting_check(member, item.meeting)
    agenda_open_check(item.meeting)
    author_check(member, item.author, "agenda")
    item.delete()


# --- Notes -----------------------------------------------------------------------------------
@transaction.atomic
def note_save(*, member: MatchMember, meeting: Meeting, private: bool, text: str) -> Note | None:
    """The member's own shared note (``private=False``) or private reflection, written or
    rewritten in place; an empty text removes it. There is no other member to name: the
    author is always ``member``."""
    editable_check(member)
    own_meeting_check(member, meeting)
    took_place_check(meeting)
    text = (text or "").replace("\x00", "").strip()
    mine = Note.objects.filter(meeting=meeting, author=member, private=private)
    if not text:
        mine.delete()
        return None
    text = clean_text(text, limit=TEXT_MAX_LENGTH, required="")
    # One of each per member and meeting (the unique constraint); a second tab saving at
    # the same moment finds the first one's row and rewrites it.
    note, _created = Note.objects.update_or_create(
        meeting=meeting, author=member, private=private, defaults={"text": text}
    )
    return note


# --- Action items ----------------------------------------------------------------------------
@transaction.atomic
def action_item_add(
    *,
    member: MatchMember,
    meeting: Meeting,
    text: str,
    owner: MatchMember | None = None,
    due_on: date | None = None,
) -> ActionItem:
    editable_check(member)
    own_meeting_check(member, meeting)
    meeting = _locked(meeting)
    took_place_check(meeting)
    errors = {}
    try:
        text = clean_text(text, limit=ITEM_MAX_LENGTH, required=_("Say what is to be done."))
    except ValidationError as error:
        errors["text"] = error
    for name, check, value in (("owner", owner_check, owner), ("due_on", due_check, due_on)):
        try:
            check(member, value)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)
    if meeting.actions.count() >= MAX_ACTION_ITEMS:
        raise ValidationError(
            _("A meeting holds at most %(count)s action items.") % {"count": MAX_ACTION_ITEMS},
            code="too_many",
        )
    return ActionItem.objects.create(
        meeting=meeting, author=member, text=text, owner=owner, due_on=due_on
    )


@transaction.atomic
def action_item_mark(*, member: MatchMember, item: ActionItem, done: bool) -> ActionItem:
    editable_check(member)
    own_meeting_check(member, item.meeting)
    action_mark_check(member, item)
    item.done = done
    item.save(update_fields=["done"])
    return item


@transaction.atomic
def action_item_remove(*, member: MatchMember, item: ActionItem) -> None:
    editable_check(member)
    own_meeting_check(member, item.meeting)
    author_check(member, item.author, "action")
    item.delete()


def step_draft(item: ActionItem) -> hooks.StepDraft:
    """The action item as the goals take it: its owner only while still a member."""
    owner = item.owner if item.owner_id and item.owner.current else None
    return hooks.StepDraft(text=item.text, owner=owner, due_on=item.due_on)


@transaction.atomic
def action_item_to_step(*, member: MatchMember, item: ActionItem, goal_id) -> str:
    """The action item becomes a step of one of the member's goals (once); the goal's
    address. The goals stage decides which goals may take it and checks the step."""
    editable_check(member)
    own_meeting_check(member, item.meeting)
    maker = hooks.goal_step_maker()
    if maker is None:
        raise ValidationError(_("There are no goals here to add a step to."), code="no_goals")
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if locked.became_step_at is not None:
        raise ValidationError(_("This action item is already a step of a goal."), code="twice")
    url = maker.make(member, goal_id, step_draft(item))
    item.became_step_at = timezone.now()
    ActionItem.objects.filter(pk=item.pk).update(became_step_at=item.became_step_at)
    return url
