"""The personal data ``privacy`` holds (see ``accounts.personal_data``): the records of
retention, consent and audit declare themselves here as they are added."""

from accounts.personal_data import PersonalData

DECLARATIONS: list[PersonalData] = []

NOT_PERSONAL: dict[str, str] = {}
