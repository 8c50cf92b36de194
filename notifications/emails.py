"""Every e-mail a person receives from us goes out here, once.

Each app keeps one function per e-mail (its ``emails.py``) that calls ``send``. Every e-mail
has three templates under ``templates/emails/``: ``<name>-subject.txt``, ``<name>-body.txt``
and ``<name>-body.html``, rendered in the recipient's language and time zone, whoever
triggered it. ``attachments`` (files such as a calendar invitation) are made at render time
too, in that same language and time zone, and go out with the one message.

``send`` records a ``Delivery`` keyed by (kind, recipient, what it is about, occasion) and
sends only while that record is not *sent*. The row is locked while the message goes out,
so two workers running the same task send one e-mail. A failure is written down with the
error and raised again, for the task's retry policy (``notifications.tasks.email_task``).
The one gap left: a worker killed after the mail server accepted a message but before the
record committed sends that message again on the retry. Nothing else sends anything twice.
"""

from collections.abc import Callable, Iterable
from urllib.parse import urlparse

from celery import current_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User

from . import kinds, preferences
from .models import Delivery, Preference


def absolute_url(path: str) -> str:
    """A full address for a link in an e-mail (``SITE_URL`` + path)."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """The site's host name (``SITE_URL``'s), e.g. for calendar UIDs that stay the same for
    an object's whole life."""
    return urlparse(settings.SITE_URL).hostname or "mentorship"


# (filename, content, MIME type), e.g. ("meeting.ics", b"BEGIN:VCALENDAR…",
# "text/calendar; method=REQUEST").
Attachment = tuple[str, bytes, str]


def about_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _programme_id(obj: models.Model) -> int | None:
    if obj._meta.label == "programs.Programme":
        return obj.pk
    return getattr(obj, "programme_id", None)


def send(
    name: str,
    *,
    to: User,
    about: models.Model,
    occasion: str = "",
    context: dict | None = None,
    programme_id: int | None = None,
    attachments: Callable[[], Iterable[Attachment]] | Iterable[Attachment] | None = None,
    link: str = "",
    unsubscribe: str = "",
) -> bool:
    """Send e-mail ``name`` to ``to`` about ``about`` unless it went out already.

    ``attachments``: (filename, bytes, MIME type) triples, or a function without arguments
    that returns them, called while the message is rendered (in the recipient's language
    and time zone) and only when it is to go out. ``link``: the page the e-mail is about
    (by default the context's first ``…_url``), which the weekly digest links to.
    ``unsubscribe``: the kind its one-click unsubscribe turns off, when not its own.

    The recipient's choice for the e-mail's kind is applied here, for every e-mail alike:
    turned off, it is recorded as such and not sent; kept for the digest, its subject and
    link are recorded for the weekly digest. True when it was sent now.
    """
    key = {"kind": name, "recipient": to, "about": about_key(about), "occasion": str(occasion)}
    delivery, _created = Delivery.objects.get_or_create(
        **key, defaults={"programme_id": programme_id or _programme_id(about)}
    )
    if delivery.status in Delivery.FINAL or delivery.status == Delivery.Status.IN_DIGEST:
        return False
    kind = kinds.of_email(name)
    mode = preferences.mode_for(to, kind)
    if mode == Preference.Mode.OFF:
        _settle(delivery, Delivery.Status.TURNED_OFF)
        return False
    if mode == Preference.Mode.DIGEST:
        context = {"recipient": to, **(context or {})}
        link = link or _first_link(context)
        with translation.override(to.preferred_language), timezone.override(to.time_zone):
            summary = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        _settle(delivery, Delivery.Status.IN_DIGEST, summary=summary[:300], link=link[:500])
        return False
    try:
        # Rendered before anything is locked: the lock is held for the mail server alone.
        message = _render(
            name,
            to=to,
            context=context,
            attachments=attachments,
            unsubscribe=unsubscribe or (kind.name if kind else ""),
        )
    except Exception as error:
        record_failure(delivery, error)
        raise
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status == Delivery.Status.SENT:
            return False  # another worker sent it while we rendered
        try:
            message.send()
        except Exception as error:
            failure = error
        else:
            delivery.status, delivery.sent_at, delivery.last_error = (
                Delivery.Status.SENT,
                timezone.now(),
                "",
            )
            delivery.attempts += 1
            delivery.save(update_fields=["status", "sent_at", "last_error", "attempts"])
            return True
    # Outside the block, so that the record of the failure is kept when we raise.
    record_failure(delivery, failure)
    raise failure


def _settle(delivery: Delivery, status: str, **fields) -> None:
    """A final state reached without sending, unless a worker has sent it meanwhile."""
    Delivery.objects.filter(pk=delivery.pk).exclude(status__in=Delivery.FINAL).update(
        status=status, **fields
    )


def _first_link(context: dict) -> str:
    for key, value in context.items():
        if key.endswith("_url") and key != "site_url" and isinstance(value, str):
            return value
    return absolute_url("/")


def record_failure(delivery: Delivery, failure: Exception) -> None:
    """ "Trying again" while the sending task will retry; "not delivered" after its last try,
    for an error no retry mends (a broken template), and outside a task."""
    from .tasks import RETRY_ON

    task = current_task if current_task and current_task.request.id else None
    retries_left = (
        task is not None
        and isinstance(failure, RETRY_ON)
        and task.request.retries < (task.max_retries or 0)
    )
    Delivery.objects.filter(pk=delivery.pk).exclude(status=Delivery.Status.SENT).update(
        status=Delivery.Status.RETRYING if retries_left else Delivery.Status.FAILED,
        task_id=task.request.id if task else "",
        attempts=models.F("attempts") + 1,
        last_error=f"{type(failure).__name__}: {failure}"[:2000],
    )


def _render(
    name: str, *, to: User, context: dict | None, attachments=None, unsubscribe: str = ""
) -> EmailMultiAlternatives:
    context = {"recipient": to, "site_url": settings.SITE_URL.rstrip("/"), **(context or {})}
    headers = {}
    if unsubscribe:
        # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" to this address.
        unsubscribe_url = absolute_url(preferences.unsubscribe_path(to, unsubscribe))
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        context["unsubscribe_url"] = unsubscribe_url
        kind = kinds.get(unsubscribe)
        context["kind_label"] = kind.label if kind else ""
    context["preferences_url"] = absolute_url(reverse("notifications:preferences"))
    with translation.override(to.preferred_language), timezone.override(to.time_zone):
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body.txt", context)
        text = text.rstrip() + "\n\n" + render_to_string("emails/includes/footer.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
        files = list((attachments() if callable(attachments) else attachments) or ())
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    message = EmailMultiAlternatives(subject, text, to=[to.email], headers=headers)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in files:
        if mimetype.startswith("text/calendar"):
            # An invitation also travels as the message's last alternative, as the big
            # calendar services send theirs: Outlook offers Accept and Decline, and updates
            # its entry, only for that form; the others read the attached file as well.
            message.attach_alternative(content.decode(), mimetype)
        message.attach(filename, content, mimetype)
    return message


def sent_before(recipient_id: int, about: Iterable[models.Model]) -> bool:
    """Whether any e-mail about one of ``about`` has gone out to this person (e.g. an
    invitation that put a meeting in their calendar, which a change must then update)."""
    keys = [about_key(obj) for obj in about]
    return Delivery.objects.filter(
        recipient_id=recipient_id, about__in=keys, status=Delivery.Status.SENT
    ).exists()
