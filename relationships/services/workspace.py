"""What members do in their workspace: write to each other, answer the fit check, choose
what contact details the others see."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import hooks, tasks
from ..models import MESSAGE_MAX_LENGTH, Channel, FirstMeetingGuide, FitCheck, MatchMember, Message
from .agreement import editable_check

#: The fit check opens after the first meeting: the guide done, or this long after matching.
FIT_CHECK_AFTER = timedelta(weeks=3)


def clean_text(text: str, *, limit: int, required: str) -> str:
    """Text a person wrote: trimmed, without NUL (which PostgreSQL refuses), within the
    limit. ``required`` is the message for an empty one."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError(required, code="required")
    if len(text) > limit:
        raise ValidationError(
            _("Keep it under %(limit)s characters (this one has %(length)s).")
            % {"limit": limit, "length": len(text)},
            code="max_length",
        )
    return text


@transaction.atomic
def message_send(*, member: MatchMember, body: str) -> Message:
    """A message from ``member`` to the other members, kept here and e-mailed to each once.

    The e-mail shows the author's name and the text and links back; it never carries an
    address the author did not choose to share."""
    editable_check(member)
    body = clean_text(body, limit=MESSAGE_MAX_LENGTH, required=_("Write your message first."))
    message = Message.objects.create(match_id=member.match_id, author=member, body=body)
    tasks.share_message.delay_on_commit(message.pk)
    return message


def fit_check_open(member: MatchMember, guide: FirstMeetingGuide | None, now=None) -> bool:
    """After the member's first meeting: one is held, the guide is done since they joined,
    or they joined three weeks ago."""
    now = now or timezone.now()
    joined = member.joined_at  # a newcomer to a group is asked after their own start
    if guide is not None and guide.done and guide.completed_at >= joined:
        return True
    if joined <= now - FIT_CHECK_AFTER:
        return True
    return hooks.meetings_held(member.match) > 0


@transaction.atomic
def fit_check_answer(*, member: MatchMember, answer: str, comment: str = "") -> FitCheck:
    """The member's own answer to "Is this a good fit?"; they may change it later. Only
    coordinators read it (and the comment meant for them), never the other members."""
    editable_check(member)
    guide = FirstMeetingGuide.objects.filter(match_id=member.match_id).first()
    if not fit_check_open(member, guide):
        raise ValidationError(_("The fit check opens after your first meeting."), code="not_yet")
    if answer not in FitCheck.Answer.values:
        raise ValidationError(_("Choose yes, not sure or no."), code="invalid")
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > 2000:
        raise ValidationError(_("Keep the comment under 2000 characters."), code="max_length")
    found, _created = FitCheck.objects.update_or_create(
        member=member,
        defaults={
            "match_id": member.match_id,
            "answer": answer,
            "comment": comment,
            "answered_at": timezone.now(),
        },
    )
    return found


@transaction.atomic
def contact_update(
    *, member: MatchMember, shares_email: bool, phone: str, preferred_channel: str
) -> MatchMember:
    """What the member shares with the others in this relationship (nothing by default)."""
    editable_check(member)
    if preferred_channel not in Channel.values:
        raise ValidationError(_("Choose how you prefer to be reached."), code="invalid")
    phone = (phone or "").replace("\x00", "").strip()
    if preferred_channel == Channel.EMAIL and not shares_email:
        raise ValidationError(
            _("To be reached by e-mail, share your e-mail address."), code="email_hidden"
        )
    if preferred_channel == Channel.PHONE and not phone:
        raise ValidationError(_("To be reached by phone, give a number."), code="no_phone")
    member.shares_email, member.phone, member.preferred_channel = (
        shares_email,
        phone,
        preferred_channel,
    )
    member.full_clean(exclude=["match", "enrolment", "mentor"])
    member.save(update_fields=["shares_email", "phone", "preferred_channel"])
    return member
