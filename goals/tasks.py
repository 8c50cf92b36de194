"""The goals' e-mails, sent by a worker after the transaction commits."""

from celery import shared_task

from notifications.tasks import email_task


@shared_task
def announce_completion(goal_id: int) -> None:
    """Tell the others who read a completed goal, one task per recipient; each e-mail is
    sent once per goal and person, however often the task is delivered."""
    from .models import Goal
    from .services import completion_recipients

    goal = Goal.objects.select_related("author__enrolment__user", "match").get(pk=goal_id)
    for member in completion_recipients(goal):
        send_completion_notice.delay(goal_id, member.enrolment.user_id)


@email_task
def send_completion_notice(goal_id: int, user_id: int) -> None:
    from accounts.models import User

    from . import emails
    from .models import Goal

    goal = Goal.objects.select_related("match__programme", "author__enrolment__user").get(
        pk=goal_id
    )
    emails.goal_completed(goal=goal, to=User.objects.get(pk=user_id))
