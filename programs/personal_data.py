"""The personal data ``programs`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

DECLARATIONS = [
    PersonalData(
        model="programs.Enrolment",
        subject="user",
        fields=("programme__name", "role", "status", "capacity", "created_at"),
        on_erase=OnErase.KEEP,
        why="Kept as a row so that the programme's counts do not change.",
    ),
    PersonalData(
        model="programs.ProgrammeStatusChange",
        subject="changed_by",
        exported=False,
        why="A coordinator's work record: who opened or closed a programme, and when.",
    ),
]

NOT_PERSONAL = {
    "programs.Programme": "The programme's own texts, written by its coordinators.",
    "programs.Area": "The programme's areas (leadership, career, …).",
    "programs.PrivacyNoticeVersion": "The texts of a programme's privacy notice, as they were.",
}
