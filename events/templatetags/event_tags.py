from django import template

from programs.models import Audience, Programme
from programs.selectors import active_enrolments, programmes_coordinated_by

from ..models import Event
from ..selectors import events_for_user, upcoming

register = template.Library()


@register.inclusion_tag("events/includes/programme_events.html", takes_context=True)
def programme_events(context, programme: Programme, limit: int = 5) -> dict:
    """Upcoming events on a programme's page.

    Participants and coordinators see the events meant for them, linked to the RSVP page.
    Anyone else sees the published events of a programme that takes applications, as a
    plain list: what the programme offers, with nothing to open.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    involved = (
        user is not None
        and user.is_authenticated
        and (
            programmes_coordinated_by(user).filter(pk=programme.pk).exists()
            or active_enrolments(user).filter(programme=programme).exists()
        )
    )
    if involved:
        events = events_for_user(user).filter(programme=programme, published=True)
    elif programme.status == Programme.Status.INTAKE_OPEN:
        # Visitors see what the programme offers everyone, not one role's own events.
        events = Event.objects.filter(
            programme=programme, published=True, audience=Audience.EVERYONE
        )
    else:
        events = Event.objects.none()
    return {
        "programme": programme,
        "events": list(upcoming(events)[:limit]),
        "linked": involved,
    }
