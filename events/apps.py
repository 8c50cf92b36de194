from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    coordinator_permissions = {
        "event": ("view", "add", "change", "delete"),
        "rsvp": ("view", "change"),
    }

    def ready(self) -> None:
        from programs.hooks import enrolment_withdrawn

        from .services import rsvps_release

        def release_seats(sender, *, user, programme_id, **kwargs) -> None:
            rsvps_release(user=user, programme_id=programme_id)

        enrolment_withdrawn.connect(release_seats, weak=False, dispatch_uid="events.release")
