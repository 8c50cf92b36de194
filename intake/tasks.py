"""E-mails about applications and imports go out from a worker, after the commit."""

from notifications.tasks import email_task

from . import emails


@email_task
def send_application_email(application_id: int, kind: str, occasion: int | str = "") -> None:
    from .models import Application

    application = Application.objects.select_related("programme", "user").get(pk=application_id)
    emails.application_update(application, kind, occasion)


@email_task
def send_participant_email(kind: str, user_id: int, programme_id: int, role: str, by_id) -> None:
    """The invitation (new account) or the "you were added" e-mail after an import."""
    from accounts.models import User
    from programs.models import Programme

    send = (
        emails.participant_invitation_send
        if kind == "invitation"
        else emails.participant_added_send
    )
    send(
        user=User.objects.get(pk=user_id),
        programme=Programme.objects.get(pk=programme_id),
        role=role,
        by=User.objects.filter(pk=by_id).first() if by_id else None,
    )
