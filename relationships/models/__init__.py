"""The relationship (``match.py``), its agreement and first-meeting guide
(``agreement.py``), and what members write in the workspace (``workspace.py``)."""

from .agreement import (
    Agreement,
    AgreementVersion,
    FirstMeetingGuide,
    MeetingFormat,
    Signature,
)
from .match import Channel, Match, MatchMember, pause_key
from .workspace import MESSAGE_MAX_LENGTH, ConfidentialRead, FitCheck, Message

__all__ = [
    "MESSAGE_MAX_LENGTH",
    "Agreement",
    "AgreementVersion",
    "Channel",
    "ConfidentialRead",
    "FirstMeetingGuide",
    "FitCheck",
    "Match",
    "MatchMember",
    "MeetingFormat",
    "Message",
    "Signature",
    "pause_key",
]
