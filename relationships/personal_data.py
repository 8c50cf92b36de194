"""The personal data ``relationships`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import OnErase, PersonalData

MEMBER = "members__enrolment__user"

DECLARATIONS = [
    PersonalData(
        model="relationships.Match",
        subject=MEMBER,
        fields=(
            "programme__name",
            "status",
            "started_at",
            "agreement_signed_at",
            "paused_until",
            "ended_at",
        ),
        on_erase=OnErase.KEEP,
        why="The relationship's facts; it stays so the others keep their workspace.",
    ),
    # The reason for ending goes to the coordinators only; it is the ender's own words,
    # so the ender gets it back, and no other member does.
    PersonalData(
        model="relationships.Match",
        subject="ended_by",
        fields=("programme__name", "ended_at", "end_category", "end_reason", "end_message"),
        private_text=("end_reason", "end_message"),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="relationships.Match",
        subject="paused_by",
        fields=("programme__name", "paused_at", "paused_until", "pause_reason"),
        private_text=("pause_reason",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="relationships.MatchMember",
        subject="enrolment__user",
        fields=(
            "match__programme__name",
            "role",
            "joined_at",
            "current",
            "shares_email",
            "phone",
            "preferred_channel",
        ),
        identifying=("phone",),
        on_erase=OnErase.BLANK,
    ),
    PersonalData(
        model="relationships.Agreement",
        subject=f"match__{MEMBER}",
        fields=(
            "match__programme__name",
            "cadence",
            "meeting_format",
            "place",
            "meeting_minutes",
            "mentee_expectations",
            "mentor_expectations",
        ),
        on_erase=OnErase.KEEP,
        why="The agreement the members wrote and signed together: it stays theirs too.",
    ),
    PersonalData(
        model="relationships.AgreementVersion",
        subject=f"agreement__match__{MEMBER}",
        exported=False,
        why="Earlier wordings of the shared agreement; the export shows the current one.",
    ),
    PersonalData(
        model="relationships.Signature",
        subject="member__enrolment__user",
        fields=("version__agreement__match__programme__name", "version__number", "signed_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        model="relationships.Message",
        subject="author__enrolment__user",
        fields=("match__programme__name", "sent_at", "body"),
        private_text=("body",),
        on_erase=OnErase.BLANK,
        why="Only the person's own messages: the others' are theirs.",
    ),
    PersonalData(
        model="relationships.FitCheck",
        subject="member__enrolment__user",
        fields=("match__programme__name", "answer", "comment", "answered_at"),
        private_text=("comment",),
        on_erase=OnErase.BLANK,
        why="Only the person's own answer: another member's is never shown to them.",
    ),
    PersonalData(
        model="relationships.ConfidentialRead",
        subject="reader",
        exported=False,
        why="The log of a coordinator opening a confidential item: an audit record.",
    ),
]

NOT_PERSONAL = {
    "relationships.FirstMeetingGuide": "Ticks of the first meeting's checklist.",
}
