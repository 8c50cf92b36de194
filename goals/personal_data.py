"""The personal data ``goals`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

AUTHOR = "author__enrolment__user"

DECLARATIONS = [
    PersonalData(
        model="goals.Goal",
        subject=AUTHOR,
        fields=(
            "match__programme__name",
            "title",
            "specific",
            "measure",
            "relevance",
            "target_date",
            "visibility",
            "status",
            "created_at",
            "completed_at",
        ),
        private_text=("title", "specific", "measure", "relevance"),
        on_erase=OnErase.BLANK,
        why="The goals the person wrote; kept without their words so the counts stay.",
    ),
    PersonalData(
        model="goals.Step",
        subject=f"goal__{AUTHOR}",
        fields=("goal__title", "text", "due_on", "done_at"),
        private_text=("text",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="goals.StatusChange",
        subject="by__enrolment__user",
        fields=("goal__title", "from_status", "status", "comment", "at"),
        private_text=("comment",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="goals.ProgressUpdate",
        subject=AUTHOR,
        fields=("goal__title", "on", "text"),
        private_text=("text",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="goals.Comment",
        subject=AUTHOR,
        fields=("update__goal__title", "at", "text"),
        private_text=("text",),
        on_erase=OnErase.BLANK,
    ),
]

NOT_PERSONAL = {
    "goals.GoalTemplate": "The programme's goal templates, written by its coordinators.",
}
