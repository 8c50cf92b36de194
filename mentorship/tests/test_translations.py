"""Every string a person reads exists in Swedish."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_swedish_catalogue_has_no_missing_or_fuzzy_translations():
    with PO.open("rb") as handle:
        catalogue = read_po(handle)

    def translated(message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return all(strings) and not message.fuzzy

    missing = [message.id for message in catalogue if message.id and not translated(message)]
    assert len(catalogue) > 100
    assert missing == []


def test_placeholders_survive_translation():
    placeholders = re.compile(r"%\(\w+\)[sd]")

    def found(text: str) -> set[str]:
        return set(placeholders.findall(text))

    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(found(i) for i in ids))
        for string in strings:
            assert found(string) <= allowed, message.id
        assert found(strings[-1]) == found(ids[-1]), message.id


def test_swedish_is_written_as_a_swede_writes_it():
    """Words a Swede stumbles over: library Swedish ("epost-adress", "mail",
    "Vänligen …"), literal translations ("integritetsmeddelande", "e-brev") and the home
    page's old garden path ("Mentorsprogram för samman personer …")."""
    stumbles = re.compile(
        r"\bepost|\bmail(et|s)?\b|\bvänligen\b|för samman personer|integritetsmeddelande"
        r"|\be-brev|\bmöt din",
        re.IGNORECASE,
    )
    with PO.open("rb") as handle:
        catalogue = read_po(handle)

    found = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [string for string in strings if string and stumbles.search(string)]
    assert found == []
