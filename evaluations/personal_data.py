"""The personal data ``evaluations`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

MEMBER = "member__enrolment__user"

DECLARATIONS = [
    PersonalData(
        model="evaluations.FollowUp",
        subject="match__members__enrolment__user",
        exported=False,
        identifying=("note",),
        on_erase=OnErase.BLANK,
        why=(
            "A coordinator's log of a call or visit to the relationship, their working "
            "note; on erasure the note goes, as it may name the person."
        ),
    ),
    PersonalData(
        model="evaluations.MidpointReview",
        subject=MEMBER,
        fields=("match__programme__name", "good", "better", "change", "written_at"),
        private_text=("good", "better", "change"),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="evaluations.ParticipantReport",
        subject=MEMBER,
        fields=(
            "match__programme__name",
            "period",
            "how_going",
            "meetings_since",
            "to_coordinator",
            "written_at",
        ),
        private_text=("to_coordinator",),
        on_erase=OnErase.BLANK,
        why="The person's own words to the coordinator are theirs.",
    ),
    PersonalData(
        model="evaluations.ReportRead",
        subject="reader",
        exported=False,
        why="The log of a coordinator reading a report: an audit record.",
    ),
    PersonalData(
        model="evaluations.SurveyReceipt",
        subject="user",
        fields=("survey__title", "occasion"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        model="evaluations.SurveyResponse",
        subject="respondent",
        fields=("survey__title", "occasion", "role", "answered_at"),
        on_erase=OnErase.KEEP,
        why="Named answers only; an anonymous survey's are no one's.",
    ),
    PersonalData(
        model="evaluations.SurveyAnswer",
        subject="response__respondent",
        fields=("response__survey__title", "question__text", "number", "choices", "text"),
        private_text=("text",),
        on_erase=OnErase.BLANK,
        why="Numbers and choices stay for the results; the written answer goes.",
    ),
]

NOT_PERSONAL = {
    "evaluations.Survey": "The programme's surveys, written by its coordinators.",
    "evaluations.SurveyQuestion": "The programme's survey questions.",
}
