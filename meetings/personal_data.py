"""The personal data ``meetings`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

AUTHOR = "author__enrolment__user"

DECLARATIONS = [
    PersonalData(
        model="meetings.Meeting",
        subject="match__members__enrolment__user",
        fields=(
            "match__programme__name",
            "starts_at",
            "minutes",
            "format",
            "place",
            "status",
            "held_minutes",
        ),
        on_erase=OnErase.KEEP,
        why="The relationship's meetings: facts the other members keep and the counts use.",
    ),
    PersonalData(
        model="meetings.Meeting",
        subject="cancelled_by__enrolment__user",
        fields=("match__programme__name", "starts_at", "cancel_reason"),
        private_text=("cancel_reason",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="meetings.Series",
        subject="created_by__enrolment__user",
        fields=("match__programme__name", "rule", "starts_at", "until", "minutes", "format"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        model="meetings.Response",
        subject="member__enrolment__user",
        fields=("meeting__starts_at", "answer", "answered_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        model="meetings.AgendaItem",
        subject=AUTHOR,
        fields=("meeting__starts_at", "text", "created_at"),
        private_text=("text",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="meetings.Note",
        subject=AUTHOR,
        fields=("meeting__starts_at", "private", "text", "created_at"),
        private_text=("text",),
        on_erase=OnErase.BLANK,
        why="Only the person's own notes, shared or private: another's private note is theirs.",
    ),
    PersonalData(
        model="meetings.ActionItem",
        subject=AUTHOR,
        fields=("meeting__starts_at", "text", "due_on", "done"),
        private_text=("text",),
        on_erase=OnErase.BLANK,
    ),
]

NOT_PERSONAL = {
    "meetings.Topic": "The programme's topic bank, written by its coordinators.",
}
