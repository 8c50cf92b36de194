"""The issue's journey in the real Chromium: the coordinator closes the programme in the
admin, after seeing what is still open; the mentee and the mentor each write their closing
reflection and then read the other's; the mentee downloads the certificate (the PDF rendered
to an image and read here); its verification link confirms it to a visitor and tells
nothing else; the mentor joins the alumni and is invited back as a mentor by e-mail."""

import re
from datetime import timedelta

import pypdfium2 as pdfium
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.browser import sign_in
from accounts.tests.factories import UserFactory
from events.models import Event
from events.tests.factories import EventFactory
from goals.tests.factories import GoalFactory
from intake.tests.factories import person
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match
from relationships.services import match_create

from ..alumni_models import Alumnus
from ..closing_models import ProgrammeClosing
from ..models import Certificate, ClosingReflection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADAM_ACHIEVED = "Adam: I led the budget round on my own."
ADAM_WAY = "Adam: every second week at the café worked."
MAJA_ACHIEVED = "Maja: I learned to ask, not tell."
MAJA_WAY = "Maja: Adam always came prepared."
GOAL = "Lead the budget round"


@pytest.fixture
def world(db, settings, live_server):
    settings.SITE_URL = live_server.url  # the links in the PDF and the e-mails
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        slug="leaders-2027",
        status=Programme.Status.RUNNING,
        starts_on=today - timedelta(days=170),
        ends_on=today - timedelta(days=1),
        min_meetings=4,
    )
    cora = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    coordinator_grant(user=cora, programme=programme)
    maja = person(
        programme,
        Enrolment.Role.MENTOR,
        user=UserFactory(
            email="maja@example.org", display_name="Maja Mentor", preferred_language="en"
        ),
    )
    adam = person(
        programme,
        city="Umeå",
        user=UserFactory(email="adam@example.org", display_name="Adam Adept"),
    )
    match = match_create(programme=programme, mentor=maja, mentees=[adam], origin="manual", by=cora)
    Match.objects.filter(pk=match.pk).update(
        status=Match.Status.ACTIVE, started_at=timezone.now() - timedelta(days=160)
    )
    match.refresh_from_db()
    GoalFactory(match=match, author=match.members.get(role="mentee"), title=GOAL)
    for weeks in (20, 15, 10, 5):  # the programme's minimum, held
        MeetingFactory(
            match=match,
            status=Meeting.Status.HELD,
            starts_at=timezone.now() - timedelta(weeks=weeks),
        )
    EventFactory(
        programme=programme,
        kind=Event.Kind.CLOSING,
        title="Closing ceremony 2027",
        starts_at=timezone.now() + timedelta(days=14),
        published=True,
    )
    upcoming = ProgrammeFactory(
        name="Leaders 2028",
        slug="leaders-2028",
        status=Programme.Status.INTAKE_OPEN,
        application_deadline=today + timedelta(days=30),
    )
    ProgrammeClosing.objects.create(programme=programme, next_programme=upcoming)
    return {"programme": programme, "match": match, "next": upcoming}


def _reflect(page, *, achieved, way, rate_goal):
    page.get_by_label("What did you achieve? (optional)").fill(achieved)
    if rate_goal:
        goal = page.locator("fieldset.goal-rating", has_text=GOAL)
        goal.get_by_label("Reached", exact=True).check()
        goal.get_by_label("Where were you when you set it?").select_option("2")
        goal.get_by_label("Where are you now?").select_option("5")
    page.get_by_label("Did your way of working together work?").fill(way)
    page.get_by_label("4 – Mostly").check()
    page.get_by_label("What next, and how do you go on on your own?").fill("A planning hour.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("How do you stay in touch? (optional)").fill("Coffee once a term.")
    page.get_by_role("button", name="Save my closing reflection").click()


def _workspace(page, base, email, match):
    page.context.clear_cookies()
    sign_in(page, base, email)
    page.goto(f"{base}/relationships/{match.pk}/")


def test_close_reflect_certify_verify_and_come_back(
    live_server, page, browser, world, mailoutbox, tmp_path
):
    base, programme, match = live_server.url, world["programme"], world["match"]
    page.set_default_timeout(20_000)

    # 1. The coordinator opens the programme in the admin and closes it.
    sign_in(page, base, "cora@example.org")
    page.goto(f"{base}/admin/programs/programme/")
    page.get_by_role("link", name="Leaders 2027", exact=True).click()
    page.get_by_role("link", name="Close programme").click()
    expect(page.locator("#open-items")).to_contain_text("1 relationship is active.")
    expect(page.locator("#closing-event")).to_contain_text("Closing ceremony 2027")
    assert Programme.objects.get(pk=programme.pk).status == Programme.Status.RUNNING
    page.get_by_role("button", name="Close the programme").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Leaders 2027 is closed: 1 relationship was completed."
    )
    expect(page.locator(".messagelist")).to_contain_text(
        "Everyone is being invited to the closing ceremony by e-mail."
    )
    programme.refresh_from_db()
    match.refresh_from_db()
    assert programme.status == Programme.Status.CLOSED
    assert match.status == Match.Status.COMPLETED
    closing = ProgrammeClosing.objects.get(programme=programme)
    assert closing.closed_by.email == "cora@example.org"
    page.get_by_role("link", name="Close programme").click()
    expect(page.locator("#closed-note")).to_contain_text("Cora Coordinator closed it on")
    expect(page.locator("#nothing-open")).to_be_visible()
    expect(page.get_by_role("button", name="Close the programme")).to_have_count(0)
    # Each member is invited once to the ceremony and once to the closing reflection.
    invited = sorted(m.to[0] for m in mailoutbox if "Closing ceremony 2027" in m.body)
    assert invited == ["adam@example.org", "maja@example.org"]
    to_reflect = sorted(m.to[0] for m in mailoutbox if "closing reflection" in m.subject)
    assert to_reflect == ["adam@example.org", "maja@example.org"]
    mailoutbox.clear()

    # 2. The mentee, then the mentor, write their closing reflection from the workspace.
    _workspace(page, base, "adam@example.org", match)
    expect(page.locator("#closing-reflection-card")).to_contain_text("Closing reflection: open")
    page.get_by_role("link", name="Write your closing reflection").first.click()
    _reflect(page, achieved=ADAM_ACHIEVED, way=ADAM_WAY, rate_goal=True)
    expect(page.get_by_text("Nobody else has written theirs yet")).to_be_visible()
    expect(page.get_by_text(ADAM_ACHIEVED)).to_be_visible()

    _workspace(page, base, "maja@example.org", match)
    page.get_by_role("link", name="Write your closing reflection").first.click()
    expect(page.get_by_text("Adam Adept has written a closing reflection")).to_be_visible()
    expect(page.get_by_text(ADAM_ACHIEVED)).to_have_count(0)
    _reflect(page, achieved=MAJA_ACHIEVED, way=MAJA_WAY, rate_goal=False)
    # Both wrote: Maja reads Adam's, his goal's rating included.
    adams = page.locator("article", has_text="Adam Adept")
    expect(adams).to_contain_text(ADAM_ACHIEVED)
    expect(adams).to_contain_text(ADAM_WAY)
    rating = adams.locator("tr", has_text=GOAL)
    expect(rating).to_contain_text("Reached")
    expect(rating).to_contain_text("2 of 5")
    expect(rating).to_contain_text("5 of 5")
    assert ClosingReflection.objects.filter(match=match).count() == 2
    reflection = ClosingReflection.objects.get(match=match, member__role="mentee")
    assert [
        (r.goal.title, r.level_at_start, r.level_now) for r in reflection.goal_ratings.all()
    ] == [(GOAL, 2, 5)]

    # 3. Adam reads Maja's, then downloads his certificate.
    _workspace(page, base, "adam@example.org", match)
    expect(page.locator("#closing-reflection-card")).to_contain_text("everyone has written theirs")
    page.get_by_role("link", name="Read the closing reflections").click()
    expect(page.locator("article", has_text="Maja Mentor")).to_contain_text(MAJA_WAY)
    page.get_by_role("link", name="Back to the workspace").click()
    card = page.locator("#certificate-card")
    expect(card).to_contain_text("Your certificate is ready to download.")
    card.get_by_role("link", name="Your certificate").click()
    assert not Certificate.objects.exists()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    document = pdfium.PdfDocument(str(path))
    pdf_page = document[0]
    image = pdf_page.render(scale=0.5).to_pil().convert("L")
    darkest, lightest = image.getextrema()
    assert darkest != lightest  # not blank: not every pixel one colour
    histogram = image.histogram()
    assert sum(histogram[:140]) / sum(histogram) > 0.01  # and some of it is ink
    text = " ".join(pdf_page.get_textpage().get_text_range().split())
    certificate = Certificate.objects.get()
    assert certificate.member.match_id == match.pk
    for stated in (
        "Adam Adept",
        "took part as mentee in the mentoring programme Leaders 2027",
        "4 meetings held",
        "Cora Coordinator",
        f"Verification code: {certificate.code}",
    ):
        assert stated in text, f"{stated!r} is not in the certificate: {text}"
    link = re.search(r"(http\S+/certificates/\S+/)", text).group(1)
    assert link == f"{base}/certificates/{certificate.code}/"

    # 4. A visitor follows the link: genuine, with the name and programme, nothing else.
    visitor = browser.new_context()
    try:
        anonymous = visitor.new_page()
        anonymous.set_default_timeout(20_000)
        response = anonymous.goto(link)
        assert response.status == 200
        expect(anonymous.locator("#verification-result")).to_contain_text(
            "This certificate is genuine"
        )
        statement = anonymous.locator("#certificate-statement")
        expect(statement).to_contain_text("Adam Adept")
        expect(statement).to_contain_text("Leaders 2027")
        shown = anonymous.content()
        for private in (
            "adam@example.org",
            "Umeå",
            GOAL,
            ADAM_ACHIEVED,
            "Maja Mentor",
            "maja@example.org",
            "Cora Coordinator",
        ):
            assert private not in shown, f"the verification page shows {private!r}"
        response = anonymous.goto(f"{base}/certificates/{certificate.code[:-1]}x0/")
        assert response.status == 404
        assert "Adam Adept" not in anonymous.content()
        assert "genuine" not in anonymous.content()
    finally:
        visitor.close()

    # 5. Maja joins the alumni, wanting to come back as a mentor, and is invited.
    _workspace(page, base, "maja@example.org", match)
    page.locator("#after-card").get_by_role("link", name="What comes after the programme").click()
    expect(page.locator("#next-programme")).to_contain_text("The next programme is Leaders 2028.")
    expect(page.locator("#next-programme")).to_contain_text("It is open for applications.")
    choice = page.get_by_label("Invite me back as a mentor in the next programme")
    expect(choice).to_be_checked()
    assert mailoutbox == []
    page.get_by_role("button", name="Join the alumni").click()
    expect(page.get_by_text("Welcome to the alumni of Leaders 2027.")).to_be_visible()
    expect(page.locator("#alumni-status")).to_contain_text("You are one of the programme's alumni")
    alumnus = Alumnus.objects.get()
    assert (alumnus.user.email, alumnus.programme_id) == ("maja@example.org", programme.pk)
    assert alumnus.invite_as_mentor

    assert len(mailoutbox) == 1
    invitation = mailoutbox[0]
    assert invitation.to == ["maja@example.org"]
    assert (
        invitation.subject
        == "[Mentorship] Come back as a mentor: Leaders 2028 is open for applications"
    )
    assert "Hello Maja Mentor," in invitation.body
    assert "When Leaders 2027 ended you asked us to invite you back as a mentor." in invitation.body
    apply = reverse("intake:apply", kwargs={"slug": "leaders-2028", "role": "mentor"})
    assert f"Apply as a mentor:\n{base}{apply}" in invitation.body
    assert f"{base}{world['next'].get_absolute_url()}" in invitation.body
