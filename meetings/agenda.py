"""The meeting page's agenda, notes and action items (filled in by the agenda work):
``detail_context(member, meeting)`` adds what the meeting page shows of them."""


def detail_context(member, meeting) -> dict:
    return {}
