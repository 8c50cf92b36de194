"""The personal data ``intake`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

DECLARATIONS = [
    PersonalData(
        model="intake.Application",
        subject="user",
        fields=(
            "programme__name",
            "role",
            "status",
            "about_me",
            "organisation",
            "department",
            "manager_email",
            "career_level",
            "expertise",
            "goals",
            "languages",
            "meeting_formats",
            "city",
            "availability",
            "working_style",
            "capacity",
            "business_idea",
            "consent_given_at",
            "consent_notice_version",
            "submitted_at",
            "decided_at",
        ),
        private_text=("about_me", "expertise", "goals", "business_idea"),
        identifying=("organisation", "department", "manager_email", "city"),
        on_erase=OnErase.BLANK,
        why="Kept as a row (without the person's words) so the intake's counts stay.",
    ),
    PersonalData(
        model="intake.Answer",
        subject="application__user",
        fields=("application__programme__name", "question__text", "value"),
        private_text=("value",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="intake.ApplicationStatusChange",
        subject="application__user",
        fields=("application__programme__name", "from_status", "to_status", "changed_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        model="intake.Interview",
        subject="application__user",
        # The interviewer's notes are their working notes, written for the programme's
        # decision; the person gets the decision itself (the application's status) and
        # the day of the interview. On erasure the notes go: they are about the person.
        fields=("application__programme__name", "held_on"),
        identifying=("notes",),
        on_erase=OnErase.BLANK,
    ),
]

DECLARATIONS.append(
    PersonalData(
        model="intake.ConsentRecord",
        subject="user",
        fields=(
            "programme__name",
            "notice_version",
            "notice_digest",
            "language",
            "given_at",
            "withdrawn_at",
        ),
        # The record of a consent is kept after an erasure (it proves what was agreed to,
        # and when); it holds ids, a version, a digest and dates, none of the person's words.
        on_erase=OnErase.KEEP,
    )
)

NOT_PERSONAL = {
    "intake.Question": "The programme's own questions, written by its coordinators.",
}
