"""The relationship's own e-mails, sent by a worker after the transaction commits."""

from celery import shared_task

from notifications.tasks import email_task


@shared_task
def send_introductions(match_id: int, newcomers: list[int] | None = None) -> None:
    """Introduce every member of a match to the other(s), one task per recipient.

    When a group grows (``newcomers``: their enrolment ids), the newcomers get the
    introduction to everyone and the members already there a note about who joined.
    Running this twice (a redelivered message) queues the same e-mails again, and each is
    sent once: ``notifications`` keeps the record.
    """
    from .models import MatchMember

    for user_id, enrolment_id in MatchMember.objects.filter(match_id=match_id).values_list(
        "enrolment__user", "enrolment"
    ):
        joined = newcomers if newcomers is not None and enrolment_id not in newcomers else None
        send_introduction.delay(match_id, user_id, joined, newcomers)


@email_task
def send_introduction(
    match_id: int, user_id: int, joined: list[int] | None = None, newcomers=None
) -> None:
    from accounts.models import User

    from . import emails
    from .models import Match

    match = Match.objects.select_related("programme").get(pk=match_id)
    emails.match_introduction(
        match=match, to=User.objects.get(pk=user_id), joined=joined, newcomers=newcomers
    )


@shared_task
def announce_early_end(match_id: int, *_earlier_arguments) -> None:
    """Tell every member of a match that ended early, but the one who ended it, one task
    per recipient; each e-mail is sent once, however often the task is delivered. The
    words to them are read from the match (a task's arguments carry no personal data;
    ``_earlier_arguments`` takes the message a task queued before then still carries, and
    drops it)."""
    from .models import Match, MatchMember

    ended_by = Match.objects.filter(pk=match_id).values_list("ended_by", flat=True).first()
    recipients = (
        MatchMember.objects.filter(match_id=match_id)
        .exclude(enrolment__user_id=ended_by)
        .values_list("enrolment__user", flat=True)
    )
    for user_id in recipients:
        send_end_notice.delay(match_id, user_id)


@email_task
def send_end_notice(match_id: int, user_id: int, *_earlier_arguments) -> None:
    from accounts.models import User

    from . import emails
    from .models import Match

    match = Match.objects.select_related("programme", "ended_by").get(pk=match_id)
    emails.match_ended_early(match=match, to=User.objects.get(pk=user_id))


@shared_task
def share_message(message_id: int) -> None:
    """E-mail a workspace message to each other current member, one task per recipient."""
    from .models import MatchMember, Message

    message = Message.objects.get(pk=message_id)
    recipients = (
        MatchMember.objects.filter(match_id=message.match_id, current=True)
        .exclude(pk=message.author_id)
        .values_list("enrolment__user", flat=True)
    )
    for user_id in recipients:
        send_message_copy.delay(message_id, user_id)


@email_task
def send_message_copy(message_id: int, user_id: int) -> None:
    from accounts.models import User

    from . import emails
    from .models import Message

    message = Message.objects.select_related("match__programme", "author__enrolment__user").get(
        pk=message_id
    )
    emails.workspace_message(message=message, to=User.objects.get(pk=user_id))


@shared_task
def announce_pause(match_id: int, key: str, by_id: int | None = None) -> None:
    """Tell the other current members that the relationship is paused, one task each."""
    from .models import MatchMember

    recipients = (
        MatchMember.objects.filter(match_id=match_id, current=True)
        .exclude(enrolment__user_id=by_id)
        .values_list("enrolment__user", flat=True)
    )
    for user_id in recipients:
        send_pause_notice.delay(match_id, user_id, key)


@email_task
def send_pause_notice(match_id: int, user_id: int, key: str) -> None:
    from accounts.models import User

    from . import emails
    from .models import Match

    match = Match.objects.select_related("programme", "paused_by").get(pk=match_id)
    if match.is_paused and match.pause_key == key:  # not if resumed (or paused anew) since
        emails.match_paused(match=match, to=User.objects.get(pk=user_id))
