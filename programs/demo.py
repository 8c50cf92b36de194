"""The demo's base: people, three programmes and their enrolments, and the ``Demo`` that
every app's ``demo.py`` receives from ``seed_demo``.

Each app with something to show adds its part in ``<app>/demo.py`` (``seed(demo)``); the
command calls them in the order of ``INSTALLED_APPS``, so a part may build on the ones
below it. Safe to run again: people are looked up by e-mail, programmes by slug, and what
exists is left as it is (a coordinator may have moved a demo programme on; that is kept).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User

from .models import Enrolment, Programme
from .services import coordinator_grant, programme_transition

DEMO_PASSWORD = "mentorship-demo"  # noqa: S105 -- printed for the demo on purpose

MENTORS = [
    ("Anna Lindqvist", "sv", "Stockholm"),
    ("Björn Ekström", "sv", "Göteborg"),
    ("Carin Holm", "sv", "Malmö"),
    ("David Okafor", "en", "Stockholm"),
    ("Eva Sjöberg", "sv", "Uppsala"),
    ("Farah Haddad", "sv", "Stockholm"),
    ("Gustav Berg", "sv", "Linköping"),
    ("Helena Nyström", "sv", "Umeå"),
    ("Ismail Yilmaz", "en", "Göteborg"),
    ("Johanna Wikström", "sv", "Stockholm"),
    ("Karl Åberg", "sv", "Örebro"),
    ("Linnea Forsberg", "sv", "Malmö"),
    ("Maria Costa", "en", "Stockholm"),
    ("Nils Dahl", "sv", "Västerås"),
    ("Olivia Grant", "en", "Uppsala"),
]
MENTEES = [
    "Adam Persson",
    "Amira Saleh",
    "Axel Lund",
    "Beatrice Moreau",
    "Cecilia Strand",
    "Daniel Kowalski",
    "Elin Bergqvist",
    "Emil Sandberg",
    "Fatima Ali",
    "Filip Norén",
    "Hanna Eriksson",
    "Hugo Lindberg",
    "Ida Magnusson",
    "Jonas Hedlund",
    "Julia Söderberg",
    "Kevin Nguyen",
    "Klara Engström",
    "Leo Axelsson",
    "Lina Hassan",
    "Lucas Holmberg",
    "Maja Blom",
    "Mohammed Rahimi",
    "Nora Falk",
    "Oskar Jakobsson",
    "Priya Raman",
    "Rebecka Öberg",
    "Samuel Isaksson",
    "Sara Lindgren",
    "Tove Ahlberg",
    "Yusuf Demir",
]

PROGRAMMES = [
    {
        "slug": "new-managers-2027",
        "name_sv": "Mentorskap för nya chefer 2027",
        "name_en": "Mentoring for new managers 2027",
        "description_sv": (
            "Ett års mentorskap för dig som nyligen blivit chef. Du får en erfaren mentor "
            "från en annan del av organisationen och träffas ungefär en gång i månaden för "
            "att prata ledarskap, svåra samtal och hur man hittar sin egen stil."
        ),
        "description_en": (
            "A year of mentoring for people who recently became managers: an experienced "
            "mentor from another part of the organisation, about one meeting a month."
        ),
        "kind": Programme.Kind.ONE_TO_ONE,
        "matching_mode": Programme.MatchingMode.COORDINATOR,
        "status": Programme.Status.INTAKE_OPEN,
        "offset_start": 60,
        "length": 365,
        "min_meetings": 12,
        "meeting_length_minutes": 90,
        "meeting_cadence": Programme.Cadence.MONTHLY,
        "follow_up_offsets": [30, 180],
        "languages": ["sv", "en"],
    },
    {
        "slug": "entrepreneurs-spring",
        "name_en": "Mentors for new entrepreneurs",
        "name_sv": "Mentorer för nya företagare",
        "description_en": (
            "Five months with a mentor who has built a business before you. Bring your "
            "business idea; your mentor brings experience of customers, funding and the "
            "first hires. At least four meetings, from 45 minutes to two hours each."
        ),
        "description_sv": (
            "Fem månader med en mentor som själv har drivit företag. Du tar med din "
            "affärsidé, mentorn sin erfarenhet av kunder, finansiering och de första "
            "anställningarna."
        ),
        "asks_business_idea": True,
        "kind": Programme.Kind.ONE_TO_ONE,
        "matching_mode": Programme.MatchingMode.MENTEE_REQUESTS,
        "status": Programme.Status.RUNNING,
        "offset_start": -40,
        "length": 150,
        "min_meetings": 4,
        "meeting_length_minutes": 90,
        "meeting_cadence": Programme.Cadence.FORTNIGHTLY,
        "follow_up_offsets": [60],
        "languages": ["sv", "en", "ar"],
    },
    {
        "slug": "peer-circle-hr",
        "name_sv": "Kollegialt mentorskap – HR",
        "name_en": "Peer mentoring – HR",
        "description_sv": (
            "Kollegor på liknande nivå stöttar varandra i par eller trior. Ni sätter egna "
            "mål och delar erfarenheter om rekrytering, arbetsmiljö och förändring."
        ),
        "description_en": (
            "Colleagues at a similar level support each other in pairs or trios, set their "
            "own goals and share experience of recruitment, work environment and change."
        ),
        "kind": Programme.Kind.PEER,
        "matching_mode": Programme.MatchingMode.PEER_POOL,
        "status": Programme.Status.INTAKE_OPEN,
        "offset_start": 30,
        "length": 180,
        "min_meetings": 6,
        "meeting_length_minutes": 60,
        "meeting_cadence": Programme.Cadence.MONTHLY,
        "follow_up_offsets": [90],
        "languages": ["sv"],
    },
]


PAGE_TEXTS = {
    "purpose_en": (
        "To give people in a new situation a sounding board: someone outside their own line "
        "who has been there, listens and asks the questions that move things forward."
    ),
    "purpose_sv": (
        "Att ge den som står inför något nytt ett bollplank: någon utanför den egna "
        "linjen som har varit där, lyssnar och ställer frågorna som för en framåt."
    ),
    "how_it_works_en": (
        "We read every application and talk briefly with each applicant. Pairs are formed "
        "from what mentees want to develop and what mentors can offer. After a joint kick-off "
        "the pair meets on its own, at a place and time that suits both."
    ),
    "how_it_works_sv": (
        "Vi läser alla ansökningar och pratar en stund med varje sökande. Paren sätts ihop "
        "utifrån vad adepten vill utveckla och vad mentorn kan erbjuda. Efter en gemensam "
        "kick-off träffas paret på egen hand, där och när det passar båda."
    ),
    "mentor_guide_en": (
        "Your role is to listen, share what you have learned and ask good questions — not to "
        "solve your mentee's problems. Be available as agreed and say so early if something "
        "is not working."
    ),
    "mentor_guide_sv": (
        "Din roll är att lyssna, dela med dig av det du lärt dig och ställa bra frågor – inte "
        "att lösa adeptens problem. Var tillgänglig som ni kommit överens om och säg till "
        "tidigt om något inte fungerar."
    ),
    "mentee_guide_en": (
        "You drive the mentoring: propose topics before each meeting, come prepared and be "
        "open to feedback. Your mentor gives their time; make good use of it."
    ),
    "mentee_guide_sv": (
        "Du driver mentorskapet: föreslå ämnen inför varje möte, kom förberedd och var öppen "
        "för återkoppling. Din mentor ger av sin tid – använd den väl."
    ),
    "peer_guide_en": (
        "You are both giver and receiver. Take turns leading the conversation and keep what "
        "your colleagues share to yourself."
    ),
    "peer_guide_sv": (
        "Ni är både givare och mottagare. Turas om att leda samtalet och håll det kollegorna "
        "berättar för er själva."
    ),
    "privacy_notice_en": (
        "We use your application to select and match participants and to follow up the "
        "programme. Only the programme's coordinators read it. We delete applications that "
        "did not lead to a place six months after the programme has started."
    ),
    "privacy_notice_sv": (
        "Vi använder din ansökan för att välja ut och matcha deltagare och för att följa upp "
        "programmet. Bara programmets koordinatorer läser den. Ansökningar som inte ledde "
        "till en plats raderas sex månader efter att programmet startat."
    ),
}

AREAS = [
    ("Leadership", "Ledarskap"),
    ("Career", "Karriär"),
    ("Starting a business", "Starta företag"),
    ("Family and work", "Familj och arbete"),
    ("Health", "Hälsa"),
    ("Finances", "Ekonomi"),
]

AGREEMENT = (
    "Vi lovar att hålla det vi pratar om mellan oss, att komma förberedda och i tid, och "
    "att säga till i god tid om vi behöver flytta ett möte. Vi träffas minst så många "
    "gånger som programmet anger och hör av oss till koordinatorn om något inte fungerar.\n\n"
    "We keep what we discuss between us, come prepared and on time, give notice when a "
    "meeting must move, meet at least as often as the programme asks, and tell the "
    "coordinator if something does not work."
)


def demo_email(name: str) -> str:
    table = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")
    return name.translate(table).lower().replace(" ", ".") + "@example.org"


@dataclass
class Demo:
    """What the apps' demo parts share: the programmes by slug, the coordinator, the logins
    to print, and one way to make a person or a programme."""

    today: date = field(default_factory=timezone.localdate)
    programmes: dict[str, Programme] = field(default_factory=dict)
    coordinator: User | None = None
    logins: list[tuple[str, str]] = field(default_factory=list)  # (who, e-mail)
    # One hash for everyone: hashing ~80 passwords one by one takes several seconds.
    password_hash: str = field(default_factory=lambda: make_password(DEMO_PASSWORD))

    def person(self, email: str, name: str, language: str = "sv", **extra) -> User:
        user, _created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "preferred_language": language,
                "password": self.password_hash,
                **extra,
            },
        )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def named(self, name: str, language: str = "sv") -> User:
        """A demo person whose login is made from their name."""
        return self.person(demo_email(name), name, language)

    def programme(self, spec: dict) -> Programme:
        """A programme from ``spec`` (created once, then walked to its status)."""
        spec = dict(spec)
        slug = spec.pop("slug")
        status = spec.pop("status")
        starts_on = self.today + timedelta(days=spec.pop("offset_start"))
        ends_on = starts_on + timedelta(days=spec.pop("length"))
        programme, created = Programme.objects.get_or_create(
            slug=slug,
            defaults={
                **spec,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "application_deadline": max(self.today, starts_on - timedelta(days=14))
                if status == Programme.Status.INTAKE_OPEN
                else starts_on - timedelta(days=14),
                "agreement_text": AGREEMENT,
                **PAGE_TEXTS,
            },
        )
        coordinator_grant(user=self.coordinator, programme=programme)
        if created:
            self._advance(programme, status)
        self.programmes[slug] = programme
        return programme

    def _advance(self, programme: Programme, status: str) -> None:
        """Walk a new programme from draft to ``status`` the way a coordinator would."""
        path = list(Programme.Status.values)  # draft, intake open, matching, running, ...
        for step in path[1 : path.index(status) + 1]:
            programme_transition(programme=programme, to_status=step, by=self.coordinator)

    def enrol(self, programme: Programme, user: User, role: str, capacity: int = 1) -> None:
        Enrolment.objects.get_or_create(
            programme=programme, user=user, defaults={"role": role, "capacity": capacity}
        )


def seed(demo: Demo) -> None:
    demo.person("admin@example.org", "Site Admin", "en", is_staff=True, is_superuser=True)
    demo.coordinator = demo.person("coordinator@example.org", "Karin Coordinator", "sv")
    demo.logins += [
        ("Site admin (superuser):", "admin@example.org"),
        ("Coordinator (admin):", "coordinator@example.org"),
        ("A mentor:", demo_email(MENTORS[0][0])),
        ("A mentee:", demo_email(MENTEES[0])),
    ]
    mentors = [demo.named(name, language) for name, language, _city in MENTORS]
    mentees = [demo.named(name, "sv" if i % 3 else "en") for i, name in enumerate(MENTEES)]
    for spec in PROGRAMMES:
        demo.programme(spec)
    managers = demo.programmes["new-managers-2027"]
    entrepreneurs = demo.programmes["entrepreneurs-spring"]
    for i, mentor in enumerate(mentors):
        target = managers if i < 10 else entrepreneurs
        demo.enrol(target, mentor, Enrolment.Role.MENTOR, capacity=2 if i % 3 == 0 else 1)
    for i, mentee in enumerate(mentees):
        if i < 18:
            demo.enrol(managers, mentee, Enrolment.Role.MENTEE)
        elif i < 24:
            demo.enrol(entrepreneurs, mentee, Enrolment.Role.MENTEE)
        else:
            demo.enrol(demo.programmes["peer-circle-hr"], mentee, Enrolment.Role.PEER)
