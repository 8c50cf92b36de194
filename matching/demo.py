"""Demo matching for ``seed_demo``: three programmes in the matching stage, ready to try.

- A coordinator-led one-to-one programme: 12 mentees and 6 mentors (12 places in all) with
  full applications, one mentee whose manager is a mentor, one do-not-match pair and a few
  wishes, so a matching round has real choices and real rules to respect.
- A programme where mentees request a mentor themselves.
- A peer programme with seven peers: an odd number, so the pairing has to form a trio.

Like the rest of the seed, rows are looked up before they are made, and written straight
to the models (with their status history), so nothing is e-mailed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from intake.demo import record_history
from intake.models import Application
from matching.models import Exclusion, Preference
from programs.demo import AREAS, Demo, demo_email
from programs.models import Area, Enrolment, Programme

MATCHING_PROGRAMMES = [
    {
        "slug": "leadership-autumn",
        "name_en": "Leadership mentoring – autumn round",
        "name_sv": "Mentorskap i ledarskap – höstomgången",
        "description_en": (
            "Six months with an experienced leader from another part of the region's "
            "employers. The coordinators match each mentee with a mentor from their "
            "applications and the wishes people give."
        ),
        "description_sv": (
            "Ett halvår med en erfaren ledare från en annan arbetsgivare i regionen. "
            "Koordinatorerna matchar varje adept med en mentor utifrån ansökningarna och "
            "de önskemål deltagarna lämnar."
        ),
        "kind": Programme.Kind.ONE_TO_ONE,
        "matching_mode": Programme.MatchingMode.COORDINATOR,
        "status": Programme.Status.MATCHING,
        "offset_start": 10,
        "length": 180,
        "min_meetings": 6,
        "meeting_length_minutes": 60,
        "meeting_cadence": Programme.Cadence.MONTHLY,
        "follow_up_offsets": [30, 90],
        "languages": ["sv", "en"],
    },
    {
        "slug": "first-job-mentors",
        "name_en": "Mentors for your first job",
        "name_sv": "Mentorer för första jobbet",
        "description_en": (
            "For people in their first years at work: read the mentors' profiles and ask "
            "the one you would like. Each mentor answers within a few days."
        ),
        "description_sv": (
            "För dig som är ny i arbetslivet: läs mentorernas profiler och fråga den du "
            "vill ha. Mentorn svarar inom några dagar."
        ),
        "kind": Programme.Kind.ONE_TO_ONE,
        "matching_mode": Programme.MatchingMode.MENTEE_REQUESTS,
        "status": Programme.Status.MATCHING,
        "offset_start": 14,
        "length": 120,
        "min_meetings": 4,
        "meeting_length_minutes": 60,
        "meeting_cadence": Programme.Cadence.FORTNIGHTLY,
        "follow_up_offsets": [45],
        "languages": ["sv", "en"],
    },
    {
        "slug": "peer-circle-it",
        "name_en": "Peer mentoring – IT team leads",
        "name_sv": "Kollegialt mentorskap – teamledare inom IT",
        "description_en": (
            "Team leads in IT meet in pairs or trios to share what works: planning, "
            "on-call load, hiring and keeping a team together."
        ),
        "description_sv": (
            "Teamledare inom IT träffas i par eller trior och delar det som fungerar: "
            "planering, jourbelastning, rekrytering och att hålla ihop ett team."
        ),
        "kind": Programme.Kind.PEER,
        "matching_mode": Programme.MatchingMode.PEER_POOL,
        "status": Programme.Status.MATCHING,
        "offset_start": 10,
        "length": 150,
        "min_meetings": 5,
        "meeting_length_minutes": 60,
        "meeting_cadence": Programme.Cadence.MONTHLY,
        "follow_up_offsets": [60],
        "languages": ["sv", "en"],
    },
]


@dataclass(frozen=True)
class Person:
    """One demo participant and the application they were accepted on."""

    name: str
    language: str  # the person's own language; "en" people apply in English only
    city: str
    organisation: str
    department: str
    career: str
    areas: tuple[str, ...]
    expertise: str
    goals: str
    style: str  # five answers 1–5, in the order of Application.WorkingStyle
    formats: tuple[str, ...] = ("video", "in_person")
    availability: tuple[str, ...] = ("weekday_daytime",)
    capacity: int = 1
    manager: str = ""  # the name of their manager, when that person is in the demo too


# --- Coordinator-led one-to-one: 6 mentors with 1–3 places, 12 mentees -----------------
# fmt: off
LEADERSHIP_MENTORS = [
    Person("Agnes Wallin", "sv", "Stockholm", "Region Norr", "IT", "senior",
           ("Leadership", "Career"),
           "Leading large IT teams through reorganisation; budgets; building trust.",
           "Stay close to the questions new managers face today.",
           "45243", capacity=3, availability=("weekday_daytime", "weekday_evenings")),
    Person("Bertil Nord", "sv", "Göteborg", "Fraktbolaget AB", "Operations", "senior",
           ("Leadership", "Health"),
           "Operations management, shift planning, difficult conversations, work environment.",
           "Give back what my own mentor gave me.",
           "53124", capacity=2, formats=("in_person", "phone")),
    Person("Chloe Martin", "en", "Stockholm", "Nordbanken", "Finance", "manager",
           ("Career", "Finances"),
           "Finance leadership, international teams, negotiating a career move.",
           "Help someone find their own way of leading.",
           "34435", formats=("video",), availability=("weekday_evenings",)),
    Person("Dragan Petrovic", "sv", "Malmö", "Kommunen", "HR", "senior",
           ("Leadership", "Family and work"),
           "Labour law, recruitment, leading leaders, balancing work and family.",
           "Learn how a new generation of managers thinks.",
           "42352", capacity=2, availability=("weekday_daytime", "weekends")),
    Person("Elisabeth Ström", "sv", "Uppsala", "Region Norr", "HR", "senior",
           ("Health", "Family and work"),
           "Coaching, stress and recovery, leading through change in health care.",
           "Share what I have learned about sustainable leadership.",
           "25511", formats=("in_person", "video")),
    Person("Felix Andersson", "en", "Umeå", "Fraktbolaget AB", "IT", "entrepreneur",
           ("Leadership", "Starting a business", "Career"),
           "Founding and growing a tech company, hiring, product strategy, delegating.",
           "Meet people who want to build something of their own.",
           "54145", capacity=3, formats=("video", "phone"),
           availability=("weekday_evenings", "weekends")),
]
# fmt: on

# fmt: off
LEADERSHIP_MENTEES = [
    Person("Alva Johansson", "sv", "Stockholm", "Region Norr", "IT", "manager",
           ("Leadership",), "Giving feedback; leading people who used to be my peers.",
           "Feel confident in my first year as a team manager.", "45233",
           manager="Agnes Wallin"),
    Person("Benjamin Lundqvist", "sv", "Göteborg", "Fraktbolaget AB", "Operations",
           "experienced", ("Leadership", "Health"),
           "Shift planning and difficult conversations with my team.",
           "Become the manager my team deserves, without burning out.", "53224",
           formats=("in_person",)),
    Person("Cornelia Svensson", "en", "Stockholm", "Nordbanken", "Risk", "experienced",
           ("Career", "Finances"), "Negotiating a promotion; leading an international team.",
           "A clear plan for the next step in my finance career.", "34425",
           formats=("video",), availability=("weekday_evenings",)),
    Person("Dawit Tesfaye", "sv", "Malmö", "Kommunen", "Social services", "manager",
           ("Leadership", "Family and work"), "Recruitment and leading through change.",
           "Lead well while my children are small.", "42343",
           availability=("weekday_daytime", "weekends")),
    Person("Ebba Holmström", "sv", "Uppsala", "Region Norr", "Care", "manager",
           ("Health", "Leadership"), "Stress, recovery and sustainable leadership.",
           "Keep my team healthy through a hard winter.", "25412"),
    Person("Fredrik Nyberg", "sv", "Umeå", "Fraktbolaget AB", "IT", "early",
           ("Starting a business", "Career"), "Product strategy and hiring my first developer.",
           "Understand whether I should start my own company.", "54145",
           formats=("video", "phone"), availability=("weekday_evenings",)),
    Person("Greta Lindahl", "sv", "Malmö", "Kommunen", "Education", "manager",
           ("Leadership",), "Leading leaders and delegating more.",
           "Stop doing my team's work for them.", "33332"),
    Person("Hassan Jama", "en", "Stockholm", "Nordbanken", "Customer service", "manager",
           ("Career", "Leadership"), "International teams and my career move into finance.",
           "Find out what a move into finance leadership would take.", "44435",
           formats=("video",), availability=("weekday_evenings",)),
    Person("Ingrid Sundberg", "sv", "Umeå", "Region Norr", "Finance", "experienced",
           ("Finances", "Career"), "Budgets and presenting numbers to the management team.",
           "Take the step to head of unit.", "45234"),
    Person("Jakob Ek", "sv", "Göteborg", "Fraktbolaget AB", "Sales", "experienced",
           ("Health", "Family and work"), "Balancing work and family; saying no.",
           "More energy at work and at home.", "22511", formats=("phone", "in_person")),
    Person("Kim Larsson", "sv", "Stockholm", "Kommunen", "IT", "manager",
           ("Leadership", "Starting a business"), "Reorganisation and building trust in IT.",
           "Lead my unit through the coming reorganisation.", "45144",
           availability=("weekday_daytime", "weekday_evenings")),
    Person("Lejla Hodzic", "sv", "Malmö", "Nordbanken", "Risk", "early",
           ("Career",), "Labour law questions and recruitment as a new manager.",
           "Grow into a leadership role in the next two years.", "32353",
           availability=("weekends",)),
]
# fmt: on

# One do-not-match pair: they work side by side today (the coordinator's note says why).
EXCLUSION = ("Benjamin Lundqvist", "Bertil Nord", "Work closely together today.")
# A few mentees have already said whom they would like, most wanted first.
WISHES = {
    "Cornelia Svensson": ["Chloe Martin", "Agnes Wallin"],
    "Dawit Tesfaye": ["Dragan Petrovic"],
    "Hassan Jama": ["Chloe Martin", "Felix Andersson"],
}

# --- Mentees request a mentor -------------------------------------------------------------
# fmt: off
REQUEST_MENTORS = [
    Person("Malin Åkesson", "sv", "Stockholm", "Region Norr", "Communications", "senior",
           ("Career",), "Personal branding, networking, changing careers.",
           "Help young people get a good start.", "34334", capacity=2),
    Person("Nikola Jovanovic", "sv", "Göteborg", "Fraktbolaget AB", "IT", "manager",
           ("Career", "Starting a business"), "Software careers, side projects, freelancing.",
           "Share the mistakes I made early on.", "45254"),
    Person("Sofia Rossi", "en", "Malmö", "Nordbanken", "Finance", "senior",
           ("Career", "Finances"), "Salary negotiation, personal finances, finance careers.",
           "Meet people at the start of their careers.", "43425", capacity=2,
           formats=("video",)),
]
REQUEST_MENTEES = [
    Person("Oscar Wennberg", "sv", "Stockholm", "Kommunen", "IT", "student",
           ("Career",), "Choosing between a job offer and further studies.",
           "Make a good first career choice.", "44343"),
    Person("Paula Nilsson", "sv", "Göteborg", "Fraktbolaget AB", "Logistics", "early",
           ("Career",), "Negotiating my first salary review.", "Know my worth.", "35424"),
    Person("Rami Khalil", "en", "Malmö", "Nordbanken", "Finance", "early",
           ("Finances", "Career"), "Understanding finance careers in Sweden.",
           "Build a network in my new country.", "45335", formats=("video",)),
    Person("Signe Dahlgren", "sv", "Uppsala", "Region Norr", "Care", "early",
           ("Career",), "Whether to specialise or lead.", "Choose a direction.", "23412"),
    Person("Tobias Wikander", "sv", "Stockholm", "Kommunen", "Communications", "student",
           ("Career", "Starting a business"), "Freelancing beside my studies.",
           "Start a small business of my own.", "54155"),
]
# fmt: on

# --- Peer pool: seven, so one trio -----------------------------------------------------------
# fmt: off
PEERS = [
    Person(name, language, city, organisation, "IT", "manager", ("Leadership",), expertise,
           goals, style)
    for name, language, city, organisation, expertise, goals, style in [
        ("Ulla Berglund", "sv", "Stockholm", "Region Norr", "On-call rotas; agile planning.",
         "Less firefighting, more planning.", "45233"),
        ("Viktor Hansson", "sv", "Göteborg", "Fraktbolaget AB", "Hiring developers.",
         "Keep good people in my team.", "34324"),
        ("Wilma Forsman", "sv", "Umeå", "Region Norr", "Remote teams; onboarding.",
         "Hold a remote team together.", "44343"),
        ("Xin Li", "en", "Stockholm", "Nordbanken", "Security and compliance work.",
         "Lead without being the best engineer.", "53434"),
        ("Yasmin Omar", "sv", "Malmö", "Kommunen", "Procurement of IT systems.",
         "Say no to stakeholders with confidence.", "42515"),
        ("Zacharias Holm", "sv", "Stockholm", "Kommunen", "Agile planning; budgets.",
         "Plan a year ahead for once.", "35224"),
        ("Åsa Lindholm", "sv", "Uppsala", "Region Norr", "Onboarding and mentoring juniors.",
         "Grow into leading team leads.", "44445"),
    ]
]
# fmt: on

# New demo logins printed by seed_demo: (what to try, the person's name).
MATCHING_LOGINS = [
    ("Give wishes (mentee):", "Cornelia Svensson"),
    ("Find a mentor (mentee):", "Oscar Wennberg"),
    ("A peer (peer pool):", "Ulla Berglund"),
]

STATEMENTS = [code for code, _label in Application.WorkingStyle.choices]


def _working_style(answers: str) -> dict[str, int]:
    return {code: int(value) for code, value in zip(STATEMENTS, answers, strict=True)}


def _areas(programme: Programme, names: set[str]) -> dict[str, Area]:
    """The programme's own areas, in both languages, made once."""
    found = {}
    for position, (name_en, name_sv) in enumerate(AREAS):
        if name_en in names:
            found[name_en], _created = Area.objects.get_or_create(
                programme=programme,
                name_en=name_en,
                defaults={"name_sv": name_sv, "position": position},
            )
    return found


def _enrol(demo: Demo, programme, person: Person, role: str, coordinator, areas, manager_email):
    """The person, their accepted application and the place it gave them."""
    user = demo.named(person.name, person.language)
    now = timezone.now()
    application, created = Application.objects.get_or_create(
        programme=programme,
        user=user,
        defaults={
            "role": role,
            "status": Application.Status.ACCEPTED,
            "about_me": (
                f"I work in {person.department} at {person.organisation} in {person.city}."
            ),
            "organisation": person.organisation,
            "department": person.department,
            "manager_email": manager_email,
            "career_level": person.career,
            "expertise": person.expertise,
            "goals": person.goals,
            "languages": ["en"] if person.language == "en" else ["sv", "en"],
            "meeting_formats": list(person.formats),
            "city": person.city,
            "availability": list(person.availability),
            "working_style": _working_style(person.style),
            "capacity": person.capacity,
            "consent_given_at": now - timedelta(days=21),
            "consent_notice_version": programme.privacy_notice_version,
            "submitted_at": now - timedelta(days=21),
            "decided_at": now - timedelta(days=7),
        },
    )
    if created:
        application.areas.set([areas[name] for name in person.areas])
        record_history(application, coordinator)
    enrolment, _created = Enrolment.objects.get_or_create(
        programme=programme, user=user, defaults={"role": role, "capacity": person.capacity}
    )
    return enrolment


def _seed_programme(demo: Demo, programme, sides, coordinator) -> dict[str, Enrolment]:
    """Everyone on ``sides`` ([(role, people)], managers' side first), by name."""
    everyone = [person for _role, people in sides for person in people]
    areas = _areas(programme, {name for person in everyone for name in person.areas})
    enrolled: dict[str, Enrolment] = {}
    for role, people in sides:
        for person in people:
            manager = enrolled.get(person.manager)
            enrolled[person.name] = _enrol(
                demo,
                programme,
                person,
                role,
                coordinator,
                areas,
                manager_email=manager.user.email if manager else "",
            )
    return enrolled


def seed(demo: Demo) -> None:
    for spec in MATCHING_PROGRAMMES:
        demo.programme(spec)
    programmes, coordinator = demo.programmes, demo.coordinator
    demo.logins += [(label, demo_email(name)) for label, name in MATCHING_LOGINS]
    leadership = _seed_programme(
        demo,
        programmes["leadership-autumn"],
        [(Enrolment.Role.MENTOR, LEADERSHIP_MENTORS), (Enrolment.Role.MENTEE, LEADERSHIP_MENTEES)],
        coordinator,
    )
    first, second, note = EXCLUSION
    Exclusion.objects.get_or_create(
        first=leadership[first],
        second=leadership[second],
        defaults={
            "programme": programmes["leadership-autumn"],
            "note": note,
            "created_by": coordinator,
        },
    )
    for chooser, chosen in WISHES.items():
        if not Preference.objects.filter(chooser=leadership[chooser]).exists():
            Preference.objects.bulk_create(
                Preference(chooser=leadership[chooser], chosen=leadership[name], rank=rank)
                for rank, name in enumerate(chosen, start=1)
            )
    _seed_programme(
        demo,
        programmes["first-job-mentors"],
        [(Enrolment.Role.MENTOR, REQUEST_MENTORS), (Enrolment.Role.MENTEE, REQUEST_MENTEES)],
        coordinator,
    )
    _seed_programme(demo, programmes["peer-circle-it"], [(Enrolment.Role.PEER, PEERS)], coordinator)
