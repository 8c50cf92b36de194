"""The e-mails after a member ended their relationship early, sent by a worker after the
transaction commits. Arguments are ids only: the words are read from the match."""

from celery import shared_task

from notifications.tasks import email_task


@shared_task
def report_early_end(match_id: int) -> None:
    """The one who ended it gets a confirmation, each of the programme's coordinators word
    to rematch: one task per recipient, each e-mail sent once however often this runs."""
    from relationships.models import Match

    match = Match.objects.select_related("programme").get(pk=match_id)
    if match.ended_by_id is not None:
        send_end_confirmation.delay(match_id, match.ended_by_id)
    for user_id in match.programme.coordinators.values_list("pk", flat=True):
        send_rematch_notice.delay(match_id, user_id)


@email_task
def send_end_confirmation(match_id: int, user_id: int) -> None:
    from accounts.models import User
    from relationships.models import Match

    from . import ending_emails

    match = Match.objects.select_related("programme").get(pk=match_id)
    ending_emails.early_end_confirmation(match=match, to=User.objects.get(pk=user_id))


@email_task
def send_rematch_notice(match_id: int, user_id: int) -> None:
    from accounts.models import User
    from relationships.models import Match

    from . import ending_emails

    match = Match.objects.select_related("programme", "ended_by").get(pk=match_id)
    ending_emails.early_end_to_coordinator(match=match, to=User.objects.get(pk=user_id))
