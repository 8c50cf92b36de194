"""The personal data ``events`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

DECLARATIONS = [
    PersonalData(
        model="events.RSVP",
        subject="user",
        fields=("event__title", "event__starts_at", "status", "attended", "answered_at"),
        on_erase=OnErase.KEEP,
        why="Kept, without a name, so that seats and attendance still add up.",
    ),
]

NOT_PERSONAL = {
    "events.Event": "The event's own texts, written by the programme's coordinators.",
}
