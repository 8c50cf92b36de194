"""The starting topic bank, offered in every programme: discussion topics and activity
ideas in English and Swedish, in our own words. Coordinators add their programmes' own in
the admin; superusers change these. Running it again adds nothing (looked up by title);
going back removes only the global topics it made that nobody has changed."""

from django.db import migrations

TOPICS = [
    (
        "Where you stand at work today",
        "Var du står i arbetet i dag",
        "Your role, what takes your time, and what you would like to change about it.",
        "Din roll, vad som tar din tid och vad du skulle vilja ändra på.",
    ),
    (
        "Working with others",
        "Att arbeta med andra",
        "Colleagues, managers and teams: what works well, and what wears you down.",
        "Kollegor, chefer och team: vad som fungerar bra och vad som tar energi.",
    ),
    (
        "Leading people",
        "Att leda människor",
        "What kind of leader you want to be, and a situation where it was put to the test.",
        "Vilken sorts ledare du vill vara, och en situation där det sattes på prov.",
    ),
    (
        "Work and the rest of life",
        "Arbetet och resten av livet",
        "Where your time and energy go, and how you protect what matters outside work.",
        "Vart din tid och energi tar vägen, och hur du värnar det som betyder något utanför jobbet.",
    ),
    (
        "Planning your career",
        "Att planera sin karriär",
        "Where you want to be in a few years, and which step would take you closer.",
        "Var du vill vara om några år, och vilket steg som tar dig närmare.",
    ),
    (
        "Side jobs and internships",
        "Extrajobb och praktik",
        "How to find work on the side or an internship that teaches you something, or create one.",
        "Hur du hittar ett extrajobb eller en praktikplats som lär dig något, eller skapar en själv.",
    ),
    (
        "Negotiating your salary",
        "Att förhandla om lönen",
        "What others in the role earn, and how to prepare and argue for your own pay.",
        "Vad andra i rollen tjänar, och hur du förbereder dig och argumenterar för din egen lön.",
    ),
    (
        "Your thesis",
        "Ditt examensarbete",
        "Choosing a subject that matters to employers and to you, and finding a place to write it.",
        "Att välja ett ämne som betyder något för arbetsgivare och för dig, och var du kan skriva det.",
    ),
    (
        "Ethics at work",
        "Etik i arbetet",
        "What you do when your own values and your employer's way of working pull apart.",
        "Vad du gör när dina egna värderingar och arbetsgivarens sätt att arbeta drar åt olika håll.",
    ),
    (
        "Being responsible for a budget",
        "Att ha budgetansvar",
        "Owning costs and results: planning, following up, and saying no when you must.",
        "Att äga kostnader och resultat: planera, följa upp och säga nej när det behövs.",
    ),
    (
        "Building your network",
        "Att bygga sitt nätverk",
        "Who could help you on your way, how to reach them, and what you can offer in return.",
        "Vem som kan hjälpa dig på vägen, hur du når dem och vad du kan ge tillbaka.",
    ),
    (
        "Giving and receiving feedback",
        "Att ge och ta emot återkoppling",
        "How to say the hard thing kindly, and how to listen when it is said to you.",
        "Hur du säger det svåra på ett vänligt sätt, och hur du lyssnar när det sägs till dig.",
    ),
]

ACTIVITIES = [
    (
        "Lunch with a theme",
        "Lunch med ett tema",
        "Meet over lunch, at a table or on screen, and talk about one subject chosen beforehand.",
        "Ät lunch tillsammans, vid ett bord eller på skärmen, och prata om ett ämne ni valt i förväg.",
    ),
    (
        "Going through your CV",
        "Genomgång av ditt cv",
        "Read the CV and a cover letter together and agree on what to sharpen first.",
        "Läs cv:t och ett personligt brev tillsammans och kom överens om vad som ska skärpas först.",
    ),
    (
        "A practice interview",
        "En övningsintervju",
        "The mentor plays the employer for half an hour; then you talk about how it went.",
        "Mentorn spelar arbetsgivare en halvtimme, sedan pratar ni om hur det gick.",
    ),
    (
        "A study visit",
        "Ett studiebesök",
        "Visit a workplace you are curious about and meet the people who work there.",
        "Besök en arbetsplats du är nyfiken på och träffa dem som arbetar där.",
    ),
    (
        "A day at the mentor's work",
        "En dag på mentorns arbete",
        "Follow your mentor through an ordinary working day and ask about what you see.",
        "Följ med din mentor under en vanlig arbetsdag och fråga om det du ser.",
    ),
    (
        "A book read together",
        "En bok ni läser tillsammans",
        "Choose a book you both read, a chapter at a time, and discuss it at your meetings.",
        "Välj en bok som ni båda läser, ett kapitel i taget, och diskutera den när ni ses.",
    ),
]


def _bank():
    for kind, rows in (("topic", TOPICS), ("activity", ACTIVITIES)):
        for position, (title_en, title_sv, description_en, description_sv) in enumerate(
            rows, start=1
        ):
            yield kind, position, title_en, title_sv, description_en, description_sv


def add_bank(apps, schema_editor):
    Topic = apps.get_model("meetings", "Topic")
    for kind, position, title_en, title_sv, description_en, description_sv in _bank():
        Topic.objects.get_or_create(
            programme=None,
            title_en=title_en,
            defaults={
                "kind": kind,
                "position": position,
                "title": title_en,
                "title_sv": title_sv,
                "description": description_en,
                "description_en": description_en,
                "description_sv": description_sv,
            },
        )


def remove_bank(apps, schema_editor):
    Topic = apps.get_model("meetings", "Topic")
    for kind, _position, title_en, title_sv, description_en, _sv in _bank():
        Topic.objects.filter(
            programme=None,
            kind=kind,
            title_en=title_en,
            title_sv=title_sv,
            description_en=description_en,
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_bank, remove_bank)]
