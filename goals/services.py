"""Every change to goals: setting and editing them, the action plan, status, progress.

Who may do what (the views ask the same questions before showing a form):

- a goal is its **author's**: a mentee, or each peer in a peer programme. The author
  alone edits it, plans its steps, changes its status and writes its progress updates;
  a status is the author's own judgement of where they stand, so the mentor does not set it;
- whoever **owns a step** (the mentor, say: "introduce me to a banker") ticks it done;
- everyone who **reads the goal** comments on its progress updates;
- nothing changes once the relationship has ended (``editable_check``).

Every text is trimmed, loses its NUL characters (PostgreSQL refuses them) and is kept
within its limit; a date must fall within the programme and, when it is set, not in the
past. A status change locks the goal's row and numbers its history; the unique number
per goal is the database's backstop against two changes recorded as one.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from relationships.models import MatchMember
from relationships.services import editable_check
from relationships.services.workspace import clean_text

from . import tasks
from .models import (
    STATUS_COMMENT_MAX_LENGTH,
    STEP_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Goal,
    GoalTemplate,
    ProgressUpdate,
    StatusChange,
    Step,
    Visibility,
)
from .selectors import current_members, holds_goals, may_see, visibility_choices

GOAL_FIELDS = ("title", "specific", "measure", "relevance", "target_date", "visibility")
MAX_STEPS_AT_ONCE = 20


# --- The rules, each with its one message ---------------------------------------------------
def tidy(text: str | None, *, limit: int, required: str | None = None) -> str:
    """Text a person wrote, trimmed and without NUL; ``required`` says what to write."""
    text = (text or "").replace("\x00", "").strip()
    if not text and required is None:
        return ""
    return clean_text(text, limit=limit, required=required or "")


def day_words(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def date_check(member: MatchMember, day: date | None, *, what: str = "target") -> None:
    """A target or due date within the programme, and not already past."""
    if day is None:
        return
    programme = member.match.programme
    if not programme.starts_on <= day <= programme.ends_on:
        text = (
            _("Choose a target date within the programme, between %(start)s and %(end)s.")
            if what == "target"
            else _("Choose a due date within the programme, between %(start)s and %(end)s.")
        )
        raise ValidationError(
            text % {"start": day_words(programme.starts_on), "end": day_words(programme.ends_on)},
            code="outside_programme",
        )
    if day < timezone.localdate():
        raise ValidationError(_("That day has passed: choose today or a later day."), code="past")


def measure_required() -> str:
    return _("Say how you will measure success: how will you know you are there?")


def author_check(member: MatchMember, goal: Goal) -> None:
    if goal.author_id != member.pk:
        raise ValidationError(
            _("Only the goal's author, %(author)s, changes this.")
            % {"author": goal.author.enrolment.user.public_name},
            code="not_author",
        )


def holder_check(member: MatchMember) -> None:
    if not holds_goals(member):
        raise ValidationError(
            _("Goals are the mentee's own. As a mentor you comment on progress and may own steps."),
            code="not_holder",
        )


def visibility_check(member: MatchMember, visibility: str) -> None:
    allowed = {value for value, _label in visibility_choices(member.match.programme)}
    if visibility not in allowed:
        raise ValidationError(_("Choose who sees the goal."), code="invalid")


def owner_check(goal: Goal, owner: MatchMember | None) -> None:
    """A step's owner is a current member of the goal's relationship who reads the goal."""
    if owner is None:
        return
    if owner.match_id != goal.match_id or not owner.current or not may_see(owner, goal):
        raise ValidationError(
            _("Choose the step's owner among the people in this relationship who see the goal."),
            code="foreign_owner",
        )


def step_change_check(member: MatchMember, step: Step) -> None:
    """The author plans; a step's owner may tick their own step."""
    if step.owner_id != member.pk:
        author_check(member, step.goal)


def _touch(goal: Goal, now=None) -> None:
    """The goal's last activity: what the coordinators' list reads."""
    goal.updated_at = now or timezone.now()
    Goal.objects.filter(pk=goal.pk).update(updated_at=goal.updated_at)


def _fields(member: MatchMember, values: dict, *, changed_date: bool) -> dict:
    """A goal's fields, cleaned; every problem at once, each on its field."""
    cleaned = {
        "target_date": values.get("target_date"),
        "visibility": values.get("visibility") or Visibility.RELATIONSHIP,
    }
    errors = {}
    texts = {
        "title": (TITLE_MAX_LENGTH, _("Give the goal a title.")),
        "specific": (TEXT_MAX_LENGTH, None),
        "measure": (TEXT_MAX_LENGTH, measure_required()),
        "relevance": (TEXT_MAX_LENGTH, None),
    }
    for name, (limit, message) in texts.items():
        try:
            cleaned[name] = tidy(values.get(name), limit=limit, required=message)
        except ValidationError as error:
            errors[name] = error
    if cleaned["target_date"] is None:
        errors["target_date"] = ValidationError(_("Choose a target date."), code="required")
    elif changed_date:
        try:
            date_check(member, cleaned["target_date"])
        except ValidationError as error:
            errors["target_date"] = error
    try:
        visibility_check(member, cleaned["visibility"])
    except ValidationError as error:
        errors["visibility"] = error
    if errors:
        raise ValidationError(errors)
    return cleaned


def step_lines(text: str | None) -> list[str]:
    """Steps typed one a line, each within the limit."""
    lines = [line.strip() for line in (text or "").replace("\x00", "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MAX_STEPS_AT_ONCE:
        raise ValidationError(
            _("Start with at most %(count)s steps; add more later.") % {"count": MAX_STEPS_AT_ONCE},
            code="too_many",
        )
    for line in lines:
        tidy(line, limit=STEP_MAX_LENGTH, required="")
    return lines


# --- Goals ----------------------------------------------------------------------------------
@transaction.atomic
def goal_create(
    *,
    member: MatchMember,
    template: GoalTemplate | None = None,
    steps: list[str] | None = None,
    **values,
) -> Goal:
    """A new goal of ``member``'s, optionally started from a template of the programme,
    with its first steps (each owned by the author until they give it to someone)."""
    editable_check(member)
    holder_check(member)
    if template is not None and template.programme_id != member.match.programme_id:
        raise ValidationError(_("Choose a template of this programme."), code="foreign_template")
    cleaned = _fields(member, values, changed_date=True)
    lines = step_lines("\n".join(steps or []))
    now = timezone.now()
    goal = Goal.objects.create(
        match_id=member.match_id,
        author=member,
        template=template,
        created_at=now,
        updated_at=now,
        **cleaned,
    )
    Step.objects.bulk_create(
        Step(goal=goal, text=line, owner=member, position=position)
        for position, line in enumerate(lines, start=1)
    )
    return goal


@transaction.atomic
def goal_update(*, member: MatchMember, goal: Goal, **values) -> Goal:
    """The author changes what the goal says, its date or who sees it. A narrower
    audience is refused while a step is owned by someone who would lose sight of it."""
    editable_check(member)
    author_check(member, goal)
    unknown = set(values) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a goal: {sorted(unknown)}")
    merged = {name: getattr(goal, name) for name in GOAL_FIELDS} | values
    cleaned = _fields(member, merged, changed_date=merged["target_date"] != goal.target_date)
    before = goal.visibility
    for name, value in cleaned.items():
        setattr(goal, name, value)
    if cleaned["visibility"] != before:
        owners = [
            step.owner
            for step in goal.steps.select_related("owner__enrolment__user")
            if step.owner is not None and not may_see(step.owner, goal)
        ]
        if owners:
            names = ", ".join(sorted({o.enrolment.user.public_name for o in owners}))
            raise ValidationError(
                {
                    "visibility": _(
                        "%(people)s would no longer see this goal but own steps of it: "
                        "give those steps to someone else first."
                    )
                    % {"people": names}
                }
            )
    goal.updated_at = timezone.now()
    goal.save()
    return goal


def status_check(goal: Goal, status: str, comment: str) -> None:
    """A change of status, with the comment it needs (what holds it back, off track)."""
    if status not in Goal.Status.values:
        raise ValidationError({"status": _("Choose on track, off track or completed.")})
    if status == goal.status:
        raise ValidationError(
            {
                "status": _("The goal is already “%(status)s”.")
                % {"status": goal.get_status_display()}
            },
            code="unchanged",
        )
    if status == Goal.Status.OFF_TRACK and not comment:
        raise ValidationError(
            {"comment": _("Say in a few words what holds the goal back.")}, code="required"
        )


@transaction.atomic
def goal_status_change(
    *, member: MatchMember, goal: Goal, status: str, comment: str = ""
) -> StatusChange:
    """The author says where the goal stands, with a short comment (required when it is
    off track: what holds it back). Completing it tells the others who read it."""
    editable_check(member)
    author_check(member, goal)
    comment = tidy(comment, limit=STATUS_COMMENT_MAX_LENGTH)
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    status_check(locked, status, comment)
    now = timezone.now()
    number = (locked.status_changes.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            change = StatusChange.objects.create(
                goal=locked,
                number=number,
                from_status=locked.status,
                status=status,
                comment=comment,
                by=member,
                at=now,
            )
    except IntegrityError as error:  # two changes at once got past the lock (never expected)
        raise ValidationError(_("The goal changed meanwhile. Try again."), code="race") from error
    locked.status = status
    locked.completed_at = now if status == Goal.Status.COMPLETED else None
    locked.updated_at = now
    locked.save(update_fields=["status", "completed_at", "updated_at"])
    goal.status, goal.completed_at, goal.updated_at = status, locked.completed_at, now
    if status == Goal.Status.COMPLETED and goal.visibility != Visibility.PRIVATE:
        tasks.announce_completion.delay_on_commit(goal.pk)
    return change


def completion_recipients(goal: Goal) -> list[MatchMember]:
    """Who is told that ``goal`` is completed: the others who read it (private: nobody)."""
    if goal.visibility == Visibility.PRIVATE:
        return []
    return [m for m in current_members(goal.author) if m.pk != goal.author_id and may_see(m, goal)]


# --- The action plan ------------------------------------------------------------------------
def _step_values(member, goal, *, text, owner, due_on, changed_date: bool) -> dict:
    errors = {}
    try:
        text = tidy(text, limit=STEP_MAX_LENGTH, required=_("Say what the step is."))
    except ValidationError as error:
        errors["text"] = error
    try:
        owner_check(goal, owner)
    except ValidationError as error:
        errors["owner"] = error
    if changed_date:
        try:
            date_check(member, due_on, what="due")
        except ValidationError as error:
            errors["due_on"] = error
    if errors:
        raise ValidationError(errors)
    return {"text": text, "owner": owner, "due_on": due_on}


@transaction.atomic
def step_create(
    *,
    member: MatchMember,
    goal: Goal,
    text: str,
    owner: MatchMember | None = None,
    due_on: date | None = None,
) -> Step:
    editable_check(member)
    author_check(member, goal)
    values = _step_values(member, goal, text=text, owner=owner, due_on=due_on, changed_date=True)
    last = goal.steps.aggregate(n=Max("position"))["n"] or 0
    step = Step.objects.create(goal=goal, position=last + 1, **values)
    _touch(goal)
    return step


@transaction.atomic
def step_update(
    *,
    member: MatchMember,
    step: Step,
    text: str,
    owner: MatchMember | None = None,
    due_on: date | None = None,
) -> Step:
    editable_check(member)
    author_check(member, step.goal)
    values = _step_values(
        member, step.goal, text=text, owner=owner, due_on=due_on, changed_date=due_on != step.due_on
    )
    for name, value in values.items():
        setattr(step, name, value)
    step.save(update_fields=list(values))
    _touch(step.goal)
    return step


@transaction.atomic
def step_mark(*, member: MatchMember, step: Step, done: bool) -> Step:
    """Tick a step done, or not done after all: the author, or the step's owner."""
    editable_check(member)
    step_change_check(member, step)
    step.done_at = (step.done_at or timezone.now()) if done else None
    step.save(update_fields=["done_at"])
    _touch(step.goal)
    return step


@transaction.atomic
def step_delete(*, member: MatchMember, step: Step) -> None:
    editable_check(member)
    author_check(member, step.goal)
    step.delete()
    _touch(step.goal)


# --- Progress -------------------------------------------------------------------------------
@transaction.atomic
def progress_update_create(
    *, member: MatchMember, goal: Goal, text: str, on: date | None = None
) -> ProgressUpdate:
    """The author writes how it goes, about a day from the goal's start up to today."""
    editable_check(member)
    author_check(member, goal)
    errors = {}
    try:
        text = tidy(text, limit=TEXT_MAX_LENGTH, required=_("Write what happened first."))
    except ValidationError as error:
        errors["text"] = error
    today = timezone.localdate()
    on = on or today
    began = min(timezone.localdate(goal.created_at), member.match.programme.starts_on)
    if not began <= on <= today:
        errors["on"] = ValidationError(
            _("Choose a day between %(start)s and today.") % {"start": day_words(began)},
            code="outside",
        )
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(goal=goal, author=member, on=on, text=text)
    _touch(goal, update.created_at)
    return update


@transaction.atomic
def comment_create(*, member: MatchMember, update: ProgressUpdate, text: str) -> Comment:
    """Anyone who reads the goal comments on its progress."""
    editable_check(member)
    if not may_see(member, update.goal):  # the views never get here; the rule is kept anyway
        raise ValidationError(_("This goal is not shared with you."), code="hidden")
    text = tidy(text, limit=TEXT_MAX_LENGTH, required=_("Write your comment first."))
    comment = Comment.objects.create(update=update, author=member, text=text)
    _touch(update.goal, comment.at)
    return comment
