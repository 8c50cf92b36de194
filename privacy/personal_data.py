"""The personal data ``privacy`` holds (see ``accounts.personal_data``): the records of
retention, consent and audit declare themselves here as they are added."""

from accounts.personal_data import PersonalData

DECLARATIONS: list[PersonalData] = []

NOT_PERSONAL: dict[str, str] = {
    "privacy.ProgrammeRetention": "When a programme's texts were deleted, and how many.",
    "privacy.ConfidentialOpening": "No table: it places the log of openings in the admin.",
}
