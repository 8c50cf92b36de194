"""The dashboard's e-mails, sent by a worker after the coordinator's click."""

from celery import shared_task

from notifications.tasks import email_task


@shared_task(ignore_result=True)
def queue_nudges(match_ids: list[int], by_id: int, day: str) -> None:
    """A coordinator's nudge to every current member of ``match_ids``, one task each."""
    from relationships.models import MatchMember

    for match_id, user_id in MatchMember.objects.filter(
        match_id__in=match_ids, current=True
    ).values_list("match_id", "enrolment__user_id"):
        send_nudge.delay(match_id, user_id, by_id, day)


@email_task
def send_nudge(match_id: int, user_id: int, by_id: int, day: str) -> None:
    from accounts.models import User
    from relationships.models import Match

    from . import emails

    match = Match.objects.select_related("programme").filter(pk=match_id).first()
    if match is None or not match.is_running:
        return
    emails.coordinator_nudge(
        to=User.objects.get(pk=user_id),
        match=match,
        by=User.objects.filter(pk=by_id).first(),
        day=day,
    )
