"""The closing reflection's e-mails, sent by a worker after the transaction commits. The
tasks take ids only; each e-mail goes out once, however often a task is delivered."""

from celery import shared_task

from notifications.tasks import email_task


@shared_task(ignore_result=True)
def invite_to_reflect(match_ids: list[int]) -> None:
    """Invite every member of these relationships who has not written their closing
    reflection yet, one task per recipient."""
    from relationships.models import MatchMember

    from .reflection_models import ClosingReflection

    written = ClosingReflection.objects.filter(match_id__in=match_ids).values("member_id")
    for match_id, user_id in (
        MatchMember.objects.filter(match_id__in=match_ids)
        .exclude(pk__in=written)
        .values_list("match_id", "enrolment__user")
    ):
        send_reflection_invitation.delay(match_id, user_id)


@email_task
def send_reflection_invitation(match_id: int, user_id: int) -> None:
    from accounts.models import User
    from relationships.models import Match, MatchMember

    from . import reflection_emails
    from .reflection_selectors import reflection_written

    match = Match.objects.select_related("programme").filter(pk=match_id).first()
    member = MatchMember.objects.filter(match_id=match_id, enrolment__user_id=user_id).first()
    if match is None or member is None or reflection_written(member):
        return  # deleted meanwhile, or written before the invitation went out
    reflection_emails.reflection_invitation(to=User.objects.get(pk=user_id), match=match)
