"""The demo's surveys, in the entrepreneurs' programme, in English and Swedish: a mid-point
and a final survey ready to use (published, anonymous), and a short named one after the
first meeting. Coordinators copy them to other programmes with the admin's "copy" action.
Safe to run again: nothing is made once the programme has surveys."""

from accounts.models import User
from programs.demo import Demo

from .survey_models import Survey, SurveyQuestion

PROGRAMME = "entrepreneurs-spring"
K = SurveyQuestion.Kind

SURVEYS = [
    {
        "title": ("Mid-point survey", "Halvtidsenkät"),
        "intro": (
            "Halfway there: a few minutes on how the programme works for you.",
            "Halvvägs: några minuter om hur programmet fungerar för dig.",
        ),
        "timing": Survey.Timing.MIDPOINT,
        "questions": [
            (
                K.SCALE,
                ("How useful are your meetings so far?", "Hur givande är era möten hittills?"),
            ),
            (
                K.SCALE,
                (
                    "How well do you and your match work together?",
                    "Hur väl fungerar ert samarbete?",
                ),
            ),
            (
                K.MULTIPLE_CHOICE,
                ("What has helped you most?", "Vad har hjälpt dig mest?"),
                (
                    "The agenda before meetings\nOur goals\nThe topic bank\nThe events",
                    "Agendan före mötena\nVåra mål\nÄmnesbanken\nTräffarna",
                ),
            ),
            (
                K.TEXT,
                ("What could make the second half better?", "Vad kan göra andra halvan bättre?"),
            ),
        ],
    },
    {
        "title": ("Final survey", "Slutenkät"),
        "intro": (
            "Thank you for taking part. Tell us how it went, so the next round gets better.",
            "Tack för att du var med. Berätta hur det gick, så blir nästa omgång bättre.",
        ),
        "timing": Survey.Timing.FINAL,
        "questions": [
            (
                K.SCALE,
                ("How satisfied are you with the programme?", "Hur nöjd är du med programmet?"),
            ),
            (
                K.NPS,
                (
                    "How likely are you to recommend it to a friend?",
                    "Hur troligt är det att du rekommenderar det till en vän?",
                ),
            ),
            (
                K.SINGLE_CHOICE,
                ("Did you reach your goals?", "Nådde du dina mål?"),
                (
                    "Yes, all of them\nSome of them\nNot yet",
                    "Ja, alla\nNågra av dem\nInte än",
                ),
            ),
            (K.TEXT, ("Anything else you want to tell us?", "Något mer du vill berätta?")),
        ],
    },
    {
        "title": ("After your first meeting", "Efter ert första möte"),
        "intro": ("", ""),
        "timing": Survey.Timing.FIRST_MEETING,
        "anonymous": False,
        "open_days": 7,
        "questions": [
            (K.SCALE, ("How was your first meeting?", "Hur var ert första möte?")),
            (
                K.TEXT,
                (
                    "Anything your coordinator should know?",
                    "Något som koordinatorn bör veta?",
                ),
            ),
        ],
    },
]


def seed(demo: Demo) -> None:
    programme = demo.programmes.get(PROGRAMME)
    if programme is None or Survey.objects.filter(programme=programme).exists():
        return
    for spec in SURVEYS:
        survey = Survey.objects.create(
            programme=programme,
            title_en=spec["title"][0],
            title_sv=spec["title"][1],
            intro_en=spec["intro"][0],
            intro_sv=spec["intro"][1],
            timing=spec["timing"],
            anonymous=spec.get("anonymous", True),
            open_days=spec.get("open_days", 14),
            status=Survey.Status.PUBLISHED,
        )
        for position, (kind, text, *choices) in enumerate(spec["questions"], start=1):
            en, sv = choices[0] if choices else ("", "")
            SurveyQuestion.objects.create(
                survey=survey,
                position=position,
                kind=kind,
                text_en=text[0],
                text_sv=text[1],
                choices_en=en,
                choices_sv=sv,
                required=kind != K.TEXT,
            )
    _answer_first_meetings(programme, demo)


# How the demo's members found their first meeting (1–5), by e-mail; others answer 4.
FIRST_MEETING_SCORES = {"lina.hassan@example.org": 5, "karl.aberg@example.org": 4}


def _answer_first_meetings(programme, demo: Demo) -> None:
    """The members who have had their first meeting answered "after your first meeting"
    on the day it opened, so that the dashboard shows a response rate and a score."""
    from django.core.exceptions import ValidationError

    from .survey_selectors import invitees, occasions_for
    from .survey_services import survey_answer

    survey = Survey.objects.filter(programme=programme, timing=Survey.Timing.FIRST_MEETING).first()
    if survey is None:
        return
    scale = [q.pk for q in survey.questions.all() if q.kind == SurveyQuestion.Kind.SCALE]
    users = {u.pk: u for u in User.objects.filter(enrolments__programme=programme)}
    for invitee in invitees([programme.pk]):
        user = users.get(invitee.user_id)
        if user is None:
            continue
        for occasion in occasions_for(survey, invitee):
            if occasion.opens_on > demo.today:
                continue
            score = FIRST_MEETING_SCORES.get(user.email, 4)
            try:
                survey_answer(
                    survey=survey,
                    occasion=occasion,
                    user=user,
                    role=invitee.role,
                    answers=dict.fromkeys(scale, score),
                    today=occasion.opens_on,
                )
            except ValidationError:
                continue  # answered already, or not asked: left as it is
