"""The personal data ``closure`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

MEMBER = "member__enrolment__user"

DECLARATIONS = [
    PersonalData(
        model="closure.ClosingReflection",
        subject=MEMBER,
        fields=(
            "match__programme__name",
            "achieved",
            "expectations_met",
            "way_of_working",
            "going_on",
            "stay_in_touch",
            "stay_in_touch_how",
            "written_at",
        ),
        private_text=("achieved", "way_of_working", "going_on", "stay_in_touch_how"),
        on_erase=OnErase.BLANK,
        why="Only the person's own reflection; kept without its words for the outcomes.",
    ),
    PersonalData(
        model="closure.GoalRating",
        subject=f"reflection__{MEMBER}",
        fields=("goal__title", "reached", "level_at_start", "level_now"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        model="closure.Certificate",
        subject=MEMBER,
        fields=("member__match__programme__name", "issued_at", "revoked_at"),
        on_erase=OnErase.DELETE,
        why="A certificate names its holder: it goes, and its link then says not genuine.",
    ),
    PersonalData(
        model="closure.Alumnus",
        subject="user",
        fields=("programme__name", "invite_as_mentor", "opted_in_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        model="closure.ProgrammeClosing",
        subject="closed_by",
        exported=False,
        why="Which coordinator closed the programme: their work record.",
    ),
]

NOT_PERSONAL: dict[str, str] = {}
