"""Where the stages that form or use relationships plug in (imports run one way)."""

from collections.abc import Callable

#: ``(item) -> str``: words for one item of a match's stored explanation. Matching, which
#: wrote the explanation, registers how to read it.
explanation_describers: list[Callable[[dict], str]] = []


def describe_explanation(items: list[dict]) -> list[str]:
    if not explanation_describers:
        return []
    describe = explanation_describers[-1]
    return [describe(item) for item in items]
