"""Sending our own e-mails: one function per e-mail elsewhere, this one way to render them.

Every e-mail has three templates under ``templates/emails/``: ``<name>-subject.txt``,
``<name>-body.txt`` and ``<name>-body.html``. They are rendered in the recipient's
language and time zone, whoever triggered the e-mail.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User


def absolute_url(path: str) -> str:
    """A full address for a link in an e-mail (``SITE_URL`` + path)."""
    return settings.SITE_URL.rstrip("/") + path


def send(name: str, *, to: User, context: dict | None = None) -> None:
    context = {"recipient": to, "site_url": settings.SITE_URL.rstrip("/"), **(context or {})}
    with translation.override(to.preferred_language), timezone.override(to.time_zone):
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    message = EmailMultiAlternatives(subject, text, to=[to.email])
    message.attach_alternative(html, "text/html")
    message.send()
