"""E-mails about applications and imports go out from a worker, after the commit."""

from celery import shared_task

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


@shared_task
def dispatch_new_applications_digests() -> int:
    """Every morning (beat, see migration ``0003_new_applications_digest_schedule``): each
    coordinator with applications submitted in the last day gets one summary e-mail."""
    from datetime import timedelta

    from django.db import transaction
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from accounts.models import User
    from programs.models import Programme

    from .models import Application

    since = timezone.now() - timedelta(days=1)
    new = Application.objects.filter(
        programme=OuterRef("programme"), submitted_at__gte=since
    ).exclude(status=Application.Status.DRAFT)
    named = Programme.coordinators.through.objects.filter(user=OuterRef("pk")).filter(Exists(new))
    coordinators = User.objects.filter(Exists(named), is_staff=True, is_active=True)
    ids = list(coordinators.values_list("pk", flat=True))
    day = timezone.localdate().isoformat()
    for user_id in ids:
        transaction.on_commit(
            lambda user_id=user_id: send_new_applications_digest.delay(
                user_id, since.isoformat(), day
            )
        )
    return len(ids)


@email_task
def send_new_applications_digest(user_id: int, since: str, day: str) -> None:
    from datetime import datetime

    from accounts.models import User

    emails.new_applications_digest(User.objects.get(pk=user_id), datetime.fromisoformat(since), day)
