"""The personal data ``resources`` holds (see ``accounts.personal_data``)."""

from accounts.personal_data import PersonalData

DECLARATIONS = [
    PersonalData(
        model="resources.Resource",
        subject="created_by",
        exported=False,
        why="A resource a coordinator published for the programme: theirs by role.",
    ),
]

NOT_PERSONAL: dict[str, str] = {}
