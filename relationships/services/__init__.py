"""Every change to a relationship: its lifecycle (``lifecycle``: start, pause and resume,
end), its agreement and first-meeting guide (``agreement``), and what members do in its
workspace (``workspace``)."""

from .agreement import (
    agreement_sign,
    agreement_terms_update,
    editable_check,
    guide_update,
    relationship_ended,
)
from .lifecycle import (
    already_matched,
    match_complete,
    match_create,
    match_end,
    match_ended,
    match_pause,
    match_resume,
    mentor_full,
    mentor_without_places,
    people_check,
)
from .workspace import contact_update, fit_check_answer, fit_check_open, message_send

__all__ = [
    "agreement_sign",
    "agreement_terms_update",
    "already_matched",
    "contact_update",
    "editable_check",
    "fit_check_answer",
    "fit_check_open",
    "guide_update",
    "match_complete",
    "match_create",
    "match_end",
    "match_ended",
    "match_pause",
    "match_resume",
    "mentor_full",
    "mentor_without_places",
    "message_send",
    "people_check",
    "relationship_ended",
]
