"""The one retry policy for every task that sends e-mail.

A task that sends e-mail is declared with ``@email_task``. It retries on SMTP and connection
errors (``SMTPException`` and socket errors, timeouts included, are all ``OSError``) up to
eight times with exponential backoff and full jitter: each wait is a random time up to
1, 2, 4, 8, 16, 32, 60 and 60 minutes, so a mail server that is down for an hour or two
still gets the message. Each try goes through ``notifications.emails.send``, so what was
sent is never sent again; while tries are left the ``Delivery`` reads "trying again", and
after the last failure "not delivered", with the server's answer — coordinators see both
in the admin.
"""

from smtplib import SMTPException

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import OperationalError

# A database that is briefly unreachable or busy (the embedded SQLite while another
# process writes) is retried like a mail server that is: the record makes it safe.
RETRY_ON = (SMTPException, ConnectionError, TimeoutError, OSError, OperationalError)
RETRY_POLICY = {
    "autoretry_for": RETRY_ON,
    "retry_backoff": settings.EMAIL_RETRY_BACKOFF,
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


class EmailTask(DjangoTask):
    """A backstop: marks the task's e-mails "not delivered" once it has failed for good
    (``send`` already does on the last try; this catches a failure outside ``send``)."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from .models import Delivery

        Delivery.objects.filter(task_id=task_id).exclude(status=Delivery.Status.SENT).update(
            status=Delivery.Status.FAILED
        )
        super().on_failure(exc, task_id, args, kwargs, einfo)


def email_task(function=None, **options):
    """``shared_task`` with the e-mail retry policy (options may add a name and the like)."""

    def wrap(function):
        return shared_task(base=EmailTask, **RETRY_POLICY, **options)(function)

    return wrap(function) if function is not None else wrap


@shared_task(ignore_result=True)
def dispatch_reminders(job: str) -> int:
    """One pass of a reminder job (beat runs one entry per job, every few minutes): claims
    what is due and queues a task for each. Returns how many it claimed."""
    from . import jobs

    found = jobs.get(job)
    if found is None:
        raise LookupError(f"No reminder job is called {job!r}.")
    result = jobs.dispatch(found)
    return len(result.claimed) + len(result.handed_again)


@email_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_due_reminder(delivery_id: int) -> None:
    """Send one claimed reminder. Acknowledged only once done, and given back to the broker
    when its worker dies, so a reminder is never lost; ``emails.send`` never sends it twice."""
    from . import jobs

    jobs.deliver(delivery_id)
