"""The one retry policy for every task that sends e-mail.

A task that sends e-mail is declared with ``@email_task``: it retries on SMTP and connection
errors (``SMTPException`` and socket errors are both ``OSError``) with exponential backoff
and jitter, from about half a minute up to an hour apart, seven tries in all. Each try goes
through ``notifications.emails.send``, so the ones that succeed are never repeated; the
failure of the last try stays in the ``Delivery`` record that coordinators see in the admin.
"""

from smtplib import SMTPException

from celery import shared_task

RETRY_ON = (SMTPException, ConnectionError, TimeoutError, OSError)
RETRY_POLICY = {
    "autoretry_for": RETRY_ON,
    "retry_backoff": 30,
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 6,
}


def email_task(function=None, **options):
    """``shared_task`` with the e-mail retry policy (options may add a name and the like)."""

    def wrap(function):
        return shared_task(**RETRY_POLICY, **options)(function)

    return wrap(function) if function is not None else wrap
