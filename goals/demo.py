"""The demo's goals: goal templates for every running programme, in English and Swedish,
and in the entrepreneurs' programme Lina Hassan's goals with Karl Åberg — one under way
with its plan, a progress update and Karl's comment, one completed.

Made through the services, as the pages would; safe to run again: templates are looked up
by programme and title, goals by their author and title. Without the relationship (made
by ``relationships/demo.py``) the goals are skipped quietly.
"""

from datetime import timedelta

from django.utils import timezone

from programs.demo import Demo
from programs.models import Programme
from relationships.models import MatchMember

from .models import Goal, GoalTemplate
from .services import (
    comment_create,
    goal_create,
    goal_status_change,
    progress_update_create,
    step_create,
    step_mark,
    step_update,
)

PROGRAMME = "entrepreneurs-spring"
MENTEE = "lina.hassan@example.org"

CAREER = {
    "title_en": "A career-path plan",
    "title_sv": "En karriärplan",
    "specific_en": "The role I want in three years, and the next step on the way there.",
    "specific_sv": "Den roll jag vill ha om tre år, och nästa steg på vägen dit.",
    "measure_en": "I have applied for, or been offered, the next role.",
    "measure_sv": "Jag har sökt, eller blivit erbjuden, nästa roll.",
    "relevance_en": "Work that uses what I am best at, and where I can grow.",
    "relevance_sv": "Ett arbete där jag får använda det jag är bäst på och kan växa.",
    "steps_en": "List what I am good at and what I want to learn\n"
    "Talk to two people who have the role I want\n"
    "Update my CV and profile",
    "steps_sv": "Skriv ner vad jag är bra på och vad jag vill lära mig\n"
    "Prata med två personer som har den roll jag vill ha\n"
    "Uppdatera mitt cv och min profil",
    "position": 2,
}
BUSINESS = {
    "title_en": "A business plan",
    "title_sv": "En affärsplan",
    "specific_en": "A written plan for my business: customers, offer, prices, costs, funding.",
    "specific_sv": "En skriven plan för mitt företag: kunder, erbjudande, priser, kostnader, "
    "finansiering.",
    "measure_en": "The bank, or an investor, has read the plan and answered.",
    "measure_sv": "Banken, eller en investerare, har läst planen och svarat.",
    "relevance_en": "Without a plan nobody lends me money, and I do not know what to do first.",
    "relevance_sv": "Utan en plan lånar ingen ut pengar, och jag vet inte vad jag ska göra först.",
    "steps_en": "Describe my customers and what they pay for today\n"
    "Work out prices and costs for the first year\n"
    "Ask my mentor to read the draft",
    "steps_sv": "Beskriv mina kunder och vad de betalar för i dag\n"
    "Räkna ut priser och kostnader för första året\n"
    "Be min mentor läsa utkastet",
    "position": 1,
}


def _templates(programme: Programme) -> dict[str, GoalTemplate]:
    offered = [BUSINESS, CAREER] if programme.asks_business_idea else [CAREER]
    found = {}
    for spec in offered:
        template, _created = GoalTemplate.objects.get_or_create(
            programme=programme, title_en=spec["title_en"], defaults=spec
        )
        found[spec["title_en"]] = template
    return found


def seed(demo: Demo) -> None:
    running = [p for p in demo.programmes.values() if p.status == Programme.Status.RUNNING]
    templates = {p.slug: _templates(p) for p in running}
    lina = (
        MatchMember.objects.select_related("match__programme", "enrolment__user")
        .filter(enrolment__user__email=MENTEE, enrolment__programme__slug=PROGRAMME, current=True)
        .first()
    )
    if lina is None:
        return
    karl = lina.match.members.filter(role="mentor").select_related("enrolment__user").first()
    if karl is None or Goal.objects.filter(author=lina).exists():
        return
    programme, today = lina.match.programme, timezone.localdate()
    if today > programme.ends_on - timedelta(days=30):
        return  # a demo database older than its programme: no goals left to set
    plan = templates.get(PROGRAMME, {}).get(BUSINESS["title_en"])

    business = goal_create(
        member=lina,
        template=plan,
        title="A business plan my bank says yes to",
        specific="A plan for my catering company: lunch boxes for offices in Södermalm.",
        measure="The bank has read the plan and offered a start-up loan.",
        relevance="I need the loan for a van and a second cook before the autumn.",
        target_date=min(today + timedelta(days=60), programme.ends_on),
        visibility=Goal.Visibility.RELATIONSHIP,
        steps=[
            "Describe my customers and what they pay for lunch today",
            "Work out prices and costs for the first year",
        ],
    )
    first, second = business.steps.order_by("position")
    step_mark(member=lina, step=first, done=True)
    # Due in two days: Lina's step reminder goes out at nine (or at once, by day).
    step_update(
        member=lina,
        step=second,
        text=second.text,
        owner=lina,
        due_on=min(today + timedelta(days=2), programme.ends_on),
    )
    step_create(
        member=lina,
        goal=business,
        text="Karl reads the draft and marks what the bank will ask about",
        owner=karl,
        due_on=min(today + timedelta(days=21), programme.ends_on),
    )
    update = progress_update_create(
        member=lina,
        goal=business,
        on=today - timedelta(days=3),
        text="I asked ten offices what they pay for lunch: 95 to 120 kronor. "
        "My price of 110 kronor holds.",
    )
    comment_create(
        member=karl,
        update=update,
        text="Good work. Ask them how often too: the bank will want to see repeat orders.",
    )

    customers = goal_create(
        member=lina,
        title="My first three paying customers",
        specific="Three offices that order lunch from me every week.",
        measure="Three invoices paid.",
        relevance="Paying customers show the bank, and me, that the idea works.",
        target_date=min(today + timedelta(days=30), programme.ends_on),
        visibility=Goal.Visibility.RELATIONSHIP,
        steps=["Offer a free tasting week to five offices"],
    )
    step_mark(member=lina, step=customers.steps.get(), done=True)
    goal_status_change(
        member=lina,
        goal=customers,
        status=Goal.Status.OFF_TRACK,
        comment="Two offices said “maybe after the summer”.",
    )
    goal_status_change(
        member=lina, goal=customers, status=Goal.Status.COMPLETED, comment="Three invoices paid!"
    )
