"""Demo resources for ``seed_demo``: a small library for the new managers' programme."""

from programs.demo import Demo
from resources.models import Resource

RESOURCES = [
    # (title, summary, url, audience, language)
    (
        "Första mötet – en checklista",
        "Presentation, förväntningar, ämnen och hur ni ska träffas.",
        "https://example.org/resurser/forsta-motet",
        "everyone",
        "sv",
    ),
    (
        "SMART goals in practice",
        "How to turn a wish into a goal you can follow up.",
        "https://example.org/resources/smart-goals",
        "mentee",
        "en",
    ),
    (
        "Att ställa frågor som öppnar",
        "För mentorer: coachande frågor i stället för färdiga svar.",
        "https://example.org/resurser/coachande-fragor",
        "mentor",
        "sv",
    ),
    (
        "Discussion topics and activity ideas",
        "Work situation, leadership, balancing work and life, career planning and more.",
        "https://example.org/resources/topics",
        "everyone",
        "any",
    ),
]


def seed(demo: Demo) -> None:
    managers, coordinator = demo.programmes["new-managers-2027"], demo.coordinator
    for title, summary, url, audience, language in RESOURCES:
        Resource.objects.get_or_create(
            programme=managers,
            title=title,
            defaults={
                "summary": summary,
                "url": url,
                "audience": audience,
                "language": language,
                "published": True,
                "created_by": coordinator,
            },
        )
