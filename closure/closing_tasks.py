"""Closure's e-mails, sent by a worker after the closing (or the opt-in) is committed.

The fan-out tasks queue one e-mail task per person; each e-mail is sent once (the
``Delivery`` record), so a task run twice sends nothing twice. Imported by the services,
so a worker knows these tasks as soon as the app is ready.
"""

from celery import shared_task

from notifications.tasks import email_task


@shared_task(ignore_result=True)
def invite_to_closing_event(event_id: int) -> int:
    """Queue the closing ceremony's invitation to everyone of the programme's completed
    relationships. Returns how many were queued."""
    from events.models import Event

    from .closing_selectors import closing_people

    event = Event.objects.filter(pk=event_id, published=True).select_related("programme").first()
    if event is None:
        return 0
    queued = 0
    for user_id in closing_people(event.programme).values_list("pk", flat=True):
        email_closing_event_invitation.delay(event.pk, user_id)
        queued += 1
    return queued


@email_task
def email_closing_event_invitation(event_id: int, user_id: int) -> bool:
    from accounts.models import User
    from events.models import Event
    from events.selectors import user_may_rsvp

    from . import closing_emails

    event = Event.objects.filter(pk=event_id).select_related("programme").first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if event is None or user is None or not user_may_rsvp(user, event) or event.is_past():
        return False  # unpublished, for another role, or over by the time a worker ran
    return closing_emails.closing_event_invitation(to=user, event=event)


@shared_task(ignore_result=True)
def invite_alumni(alumnus_ids: list[int]) -> int:
    """Queue the invitation to the next programme for each of these alumni."""
    for alumnus_id in alumnus_ids:
        email_alumni_invitation.delay(alumnus_id)
    return len(alumnus_ids)


@email_task
def email_alumni_invitation(alumnus_id: int) -> bool:
    from . import closing_emails
    from .transition_selectors import invitation_for

    found = invitation_for(alumnus_id)
    if found is None:
        return False  # left the alumni, changed their mind, or the intake has closed
    alumnus, next_programme = found
    return closing_emails.alumni_invitation(alumnus=alumnus, next_programme=next_programme)
