"""Who is due a reminder about a step of a goal (``notifications.jobs`` claims and sends them).

- **Step due soon**: the step's owner, ``STEP_REMINDER_DAYS_BEFORE`` (2) days before its due
  date, from nine in the morning by their own clock, while the step is open.
- **Step overdue**: the owner again, from nine the morning after the due date, if the step
  is still open.

Each goes once per step and due date: the due date is the occasion, so a step given a new
date is reminded of again. Only to the owner while they are a current member of a running
relationship (not paused, not ended) who still reads the goal — a private goal's steps are
its author's alone — and not for a goal already completed.

What is missed is caught up, within limits: a due-soon reminder found late still goes until
the due day is over (after that it is the overdue one's turn); an overdue one goes within
``OVERDUE_WITHIN_DAYS`` of the due date, so steps long overdue when the job first runs
(it was turned off, or the data is old) are not announced all at once.
"""

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import emails, jobs, kinds
from notifications.models import Delivery
from relationships.models import Match

from .models import Goal, Step
from .selectors import may_see, owner_sees_goal

STEP_DUE_SOON = "step-due-soon"
STEP_OVERDUE = "step-overdue"
STEP_REMINDERS = "step-reminders"

OVERDUE_WITHIN_DAYS = 7
# A person's date is at most a day from the server's (UTC-12 to UTC+14): the queries look a
# day wider than the rule, and the recipient's own clock decides.
ZONE_SLACK = timedelta(days=1)

kinds.register(
    kinds.Kind(
        STEP_REMINDERS,
        _("Reminders about your steps"),
        (STEP_DUE_SOON, STEP_OVERDUE),
        _(
            "A step of a goal that is yours to do: shortly before it is due, and the morning "
            "after if it is not marked done."
        ),
        order=41,
    )
)


def days_before() -> int:
    return max(int(getattr(settings, "STEP_REMINDER_DAYS_BEFORE", 2)), 0)


def _open_steps(due_from: date, due_to: date):
    """(step, due date, programme, owner's user, their time zone) of open steps due between
    the two days, owned by a current member of a running relationship who reads the goal."""
    return (
        Step.objects.filter(
            owner_sees_goal(),
            done_at__isnull=True,
            due_on__gte=due_from,
            due_on__lte=due_to,
            owner__current=True,
            goal__match__status__in=Match.RUNNING,
        )
        .exclude(goal__status=Goal.Status.COMPLETED)
        .values_list(
            "pk",
            "due_on",
            "goal__match__programme_id",
            "owner__enrolment__user_id",
            "owner__enrolment__user__time_zone",
        )
    )


def _due(user_id: int, step_id: int, due_on: date, programme_id: int) -> jobs.Due:
    # The due date is the occasion: a step given a new date is reminded of again.
    return jobs.Due(user_id, f"goals.step:{step_id}", due_on.isoformat(), programme_id)


def _due_soon_now(due_on: date, zone, now: datetime) -> bool:
    """From nine on the morning N days before, until the due day is over."""
    return (
        jobs.morning_of(due_on - timedelta(days=days_before()), zone, now)
        and jobs.local_date(now, zone) <= due_on
    )


def _overdue_now(due_on: date, zone, now: datetime) -> bool:
    """From nine on the morning after, for ``OVERDUE_WITHIN_DAYS``."""
    day_after = due_on + timedelta(days=1)
    return jobs.morning_of(day_after, zone, now) and jobs.local_date(
        now, zone
    ) < day_after + timedelta(days=OVERDUE_WITHIN_DAYS)


def find_steps_due_soon(now: datetime) -> list[jobs.Due]:
    today = now.astimezone(UTC).date()
    rows = _open_steps(today - ZONE_SLACK, today + timedelta(days=days_before()) + ZONE_SLACK)
    return [
        _due(user_id, step_id, due_on, programme_id)
        for step_id, due_on, programme_id, user_id, zone in rows
        if _due_soon_now(due_on, zone, now)
    ]


def find_steps_overdue(now: datetime) -> list[jobs.Due]:
    today = now.astimezone(UTC).date()
    rows = _open_steps(today - timedelta(days=OVERDUE_WITHIN_DAYS + 1) - ZONE_SLACK, today)
    return [
        _due(user_id, step_id, due_on, programme_id)
        for step_id, due_on, programme_id, user_id, zone in rows
        if _overdue_now(due_on, zone, now)
    ]


def _still_due(delivery: Delivery) -> Step | None:
    """The step, when it is still open with this due date, still its recipient's, in a
    running relationship, in a goal they read that is not completed."""
    step = (
        Step.objects.select_related(
            "goal__match__programme", "goal__author__enrolment__user", "owner__enrolment__user"
        )
        .filter(pk=jobs.about_pk(delivery))
        .first()
    )
    if (
        step is None
        or step.done
        or step.due_on is None
        or step.due_on.isoformat() != delivery.occasion
        or step.owner is None
        or not step.owner.current
        or step.owner.enrolment.user_id != delivery.recipient_id
        or step.goal.match.status not in Match.RUNNING
        or step.goal.is_completed
        or not may_see(step.owner, step.goal)
    ):
        return None
    return step


def _send(name: str, step: Step, delivery: Delivery) -> None:
    goal, owner = step.goal, step.owner
    own = goal.author_id == owner.pk
    emails.send(
        name,
        to=delivery.recipient,
        about=step,
        occasion=delivery.occasion,
        programme_id=goal.match.programme_id,
        context={
            "goal_url": emails.absolute_url(
                reverse("goals:detail", kwargs={"pk": goal.match_id, "goal": goal.pk})
            ),
            "step": step.text,
            "due": step.due_on,
            "goal": goal.title,
            "programme": goal.match.programme,
            # Someone else's goal: they set the dates, so they are the one to ask for time.
            "author": "" if own else goal.author.enrolment.user.public_name,
        },
    )


def send_step_due_soon(delivery: Delivery) -> None:
    step = _still_due(delivery)
    zone = delivery.recipient.time_zone
    if step is None or jobs.local_date(timezone.now(), zone) > step.due_on:
        jobs.drop(delivery)  # done, moved, not theirs any more — or overdue by now
        return
    _send(STEP_DUE_SOON, step, delivery)


def send_step_overdue(delivery: Delivery) -> None:
    step = _still_due(delivery)
    if step is None:
        jobs.drop(delivery)
        return
    _send(STEP_OVERDUE, step, delivery)


jobs.register(
    jobs.Job(
        name=STEP_DUE_SOON,
        email=STEP_DUE_SOON,
        label=_("A step due soon"),
        timing=_(
            "2 days before the step's due date, at 9:00 by its owner's clock "
            "(STEP_REMINDER_DAYS_BEFORE)"
        ),
        find=find_steps_due_soon,
        send=send_step_due_soon,
        every_minutes=15,
    )
)

jobs.register(
    jobs.Job(
        name=STEP_OVERDUE,
        email=STEP_OVERDUE,
        label=_("A step overdue"),
        timing=_("The morning after the step's due date, at 9:00 by its owner's clock"),
        find=find_steps_overdue,
        send=send_step_overdue,
        every_minutes=15,
    )
)
