"""E-mails about applications go out from a worker, after the decision is committed."""

from celery import shared_task

from . import emails


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_email(application_id: int, kind: str) -> None:
    from .models import Application

    application = Application.objects.select_related("programme", "user").get(pk=application_id)
    emails.application_update(application, kind)
