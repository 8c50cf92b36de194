"""Demo intake for ``seed_demo``: areas, questions and applications in every status.

Written straight to the models with their status history, so seeding sends no e-mails.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from intake.models import Application, ApplicationStatusChange, Interview, Question
from programs.demo import AREAS, Demo
from programs.models import Area, Enrolment

APPLICANT_LOGIN = "applicant.submitted@example.org"


QUESTIONS = [
    {
        "text_en": "How do you prefer to receive feedback?",
        "text_sv": "Hur vill du helst få återkoppling?",
        "kind": Question.Kind.SINGLE_CHOICE,
        "options_en": "Straight to the point\nGently, with examples\nIn writing first",
        "options_sv": "Rakt på sak\nVarsamt, med exempel\nSkriftligt först",
    },
    {
        "text_en": "How important is it that your partner works in the same field?",
        "text_sv": "Hur viktigt är det att den du matchas med arbetar inom samma område?",
        "help_text_en": "1 = not at all, 5 = very",
        "help_text_sv": "1 = inte alls, 5 = mycket",
        "kind": Question.Kind.SCALE,
    },
    {
        "text_en": "Can you attend the kick-off in person?",
        "text_sv": "Kan du delta på plats vid kick-offen?",
        "kind": Question.Kind.YES_NO,
    },
    {
        "text_en": "Anything else we should know?",
        "text_sv": "Något mer vi borde veta?",
        "kind": Question.Kind.LONG_TEXT,
        "required": False,
    },
]

# (name, role, status, interviewed)
APPLICANTS = [
    ("Applicant Draft", "mentee", Application.Status.DRAFT, False),
    ("Applicant Submitted", "mentee", Application.Status.SUBMITTED, False),
    ("Applicant Interviewed", "mentor", Application.Status.SUBMITTED, True),
    ("Applicant Waitlisted", "mentee", Application.Status.WAITLISTED, True),
    ("Applicant Declined", "mentee", Application.Status.DECLINED, True),
    ("Applicant Withdrawn", "mentor", Application.Status.WITHDRAWN, False),
]

PATHS = {
    Application.Status.DRAFT: [],
    Application.Status.SUBMITTED: ["submitted"],
    Application.Status.WAITLISTED: ["submitted", "waitlisted"],
    Application.Status.DECLINED: ["submitted", "declined"],
    Application.Status.WITHDRAWN: ["submitted", "withdrawn"],
    Application.Status.ACCEPTED: ["submitted", "accepted"],
}


def record_history(
    application: Application, by: User, applicant_steps=("submitted", "withdrawn")
) -> None:
    """The status changes that led to the application's status, as if made in the app."""
    previous = Application.Status.DRAFT
    for step in PATHS[application.status]:
        ApplicationStatusChange.objects.create(
            application=application,
            from_status=previous,
            to_status=step,
            changed_by=application.user if step in applicant_steps else by,
        )
        previous = step


def _application(programme, user, role, status, coordinator, areas, questions, idx):
    now = timezone.now()
    submitted = status != Application.Status.DRAFT
    application, created = Application.objects.get_or_create(
        programme=programme,
        user=user,
        defaults={
            "role": role,
            "status": status,
            "about_me": "Demo: a few lines about my background and what I do today.",
            "organisation": ["Region Norr", "Fraktbolaget AB", "Kommunen", "Nordbanken"][idx % 4],
            "department": ["IT", "HR", "Finance", "Operations"][idx % 4],
            "career_level": (
                Application.CareerLevel.SENIOR
                if role == "mentor"
                else Application.CareerLevel.MANAGER
            ),
            "expertise": "Leading through change; difficult conversations."
            if role == "mentor"
            else "Giving feedback; planning my first year as a manager.",
            "goals": "Demo: what I hope to get out of the programme.",
            "languages": ["sv", "en"] if idx % 2 else ["sv"],
            "meeting_formats": ["video", "in_person"] if idx % 3 else ["phone"],
            "city": ["Stockholm", "Umeå", "Göteborg", "Malmö"][idx % 4],
            "availability": ["weekday_evenings"] if idx % 2 else ["weekday_daytime", "weekends"],
            "capacity": 2 if role == "mentor" else 1,
            "consent_given_at": now - timedelta(days=10) if submitted else None,
            "consent_notice_version": programme.privacy_notice_version if submitted else None,
            "submitted_at": now - timedelta(days=10) if submitted else None,
            "decided_at": now - timedelta(days=3) if status in Application.DECISIONS else None,
        },
    )
    if not created:
        return application
    application.areas.set(areas[idx % len(areas) : idx % len(areas) + 2])
    for question in questions:
        if question.kind == Question.Kind.SCALE:
            value = 1 + idx % 5
        elif question.kind == Question.Kind.YES_NO:
            value = bool(idx % 2)
        elif question.kind == Question.Kind.SINGLE_CHOICE:
            value = idx % 3
        else:
            continue
        application.answers.create(question=question, value=value)
    record_history(application, coordinator)
    return application


def seed(demo: Demo) -> None:
    coordinator = demo.coordinator
    managers = demo.programmes["new-managers-2027"]
    demo.logins.append(("An applicant (submitted):", APPLICANT_LOGIN))
    areas = []
    for position, (name_en, name_sv) in enumerate(AREAS):
        area, _created = Area.objects.get_or_create(
            programme=managers,
            name_en=name_en,
            defaults={"name_sv": name_sv, "position": position},
        )
        areas.append(area)
    questions = []
    for position, spec in enumerate(QUESTIONS):
        question, _created = Question.objects.get_or_create(
            programme=managers,
            text_en=spec["text_en"],
            defaults={**{k: v for k, v in spec.items() if k != "text_en"}, "position": position},
        )
        questions.append(question)

    # Everybody already enrolled in the programme came in through an accepted application.
    enrolled = Enrolment.objects.filter(programme=managers).select_related("user")
    for idx, enrolment in enumerate(enrolled):
        _application(
            managers,
            enrolment.user,
            enrolment.role,
            Application.Status.ACCEPTED,
            coordinator,
            areas,
            questions,
            idx,
        )
    for idx, (name, role, status, interviewed) in enumerate(APPLICANTS):
        email = name.lower().replace(" ", ".") + "@example.org"
        user = demo.person(email, name, "sv" if idx % 2 else "en")
        application = _application(managers, user, role, status, coordinator, areas, questions, idx)
        if interviewed and not application.interviews.exists():
            Interview.objects.create(
                application=application,
                held_on=timezone.localdate() - timedelta(days=5),
                interviewer=coordinator,
                notes="Demo: motivated, clear about what they want from a mentor.",
                recommendation={
                    Application.Status.WAITLISTED: Interview.Recommendation.WAITLIST,
                    Application.Status.DECLINED: Interview.Recommendation.DECLINE,
                }.get(status, Interview.Recommendation.ACCEPT),
            )
