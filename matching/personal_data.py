"""The personal data ``matching`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

DECLARATIONS = [
    # Coordinators' own note on why two people must not be matched ("her manager"):
    # not shown to either, and gone when either is erased.
    PersonalData(
        model="matching.Exclusion",
        subject="first__user",
        exported=False,
        identifying=("note",),
        on_erase=OnErase.BLANK,
        why="A coordinator's note on a match to avoid (e.g. a manager and their report).",
    ),
    PersonalData(
        model="matching.Exclusion",
        subject="second__user",
        exported=False,
        identifying=("note",),
        on_erase=OnErase.BLANK,
        why="A coordinator's note on a match to avoid (e.g. a manager and their report).",
    ),
    PersonalData(
        model="matching.Preference",
        subject="chooser__user",
        fields=("chooser__programme__name", "chosen__user__display_name", "rank"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        model="matching.MatchingRun",
        subject="started_by",
        exported=False,
        why="A coordinator's matching round: their work record.",
    ),
    PersonalData(
        model="matching.Suggestion",
        subject="first__user",
        exported=False,
        why="The coordinators' matching proposals; the match itself is exported.",
    ),
    PersonalData(
        model="matching.MatchRequest",
        subject="mentee__user",
        fields=(
            "programme__name",
            "mentor__user__display_name",
            "rank",
            "message",
            "status",
            "created_at",
            "answered_at",
        ),
        private_text=("message",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="matching.MatchRequest",
        subject="mentor__user",
        fields=("programme__name", "status", "response_note", "answered_at"),
        private_text=("response_note",),
        on_erase=OnErase.BLANK,
        why="The mentor's own answer; the mentee's message is the mentee's.",
    ),
]

NOT_PERSONAL = {
    "matching.MatchingSettings": "A programme's matching weights.",
}
