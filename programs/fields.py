"""Guards for ids that arrive from the browser.

``"²".isdigit()`` is true and a 30-digit number overflows the database's integer, so an
id is accepted only as plain ASCII digits that fit a 64-bit key.
"""

import re

from django import forms

_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: object) -> int | None:
    """The id in ``value``, or None if it is not one."""
    text = str(value)
    return int(text) if _ID.fullmatch(text) else None


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rejects forged ids with the usual "not one of the choices" message, not a 500."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
