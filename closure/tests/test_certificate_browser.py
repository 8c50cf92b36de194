"""In the real Chromium: axe on the certificate pages — the member's page ready and not yet,
the workspace's card, the verification page genuine and withdrawn, the coordinators' list,
grant form, change page and confirmation — in English and in Swedish; and the mentee's
journey: download the PDF (rendered to an image and read here), follow its verification
link, see it confirmed."""

import re

import pypdfium2 as pdfium
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.browser import serious, sign_in, signed_in_problems
from accounts.tests.factories import UserFactory
from closure import certificate_services
from closure.models import Certificate
from intake.tests.factories import person
from programs.models import Enrolment, Programme
from programs.services import coordinator_grant
from programs.tests.factories import ProgrammeFactory
from relationships.models import Match, MatchMember
from relationships.services import match_create

from .certificate_fixtures import held, reflect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Leaders 2027",
        status=Programme.Status.RUNNING,
        starts_on=today.replace(day=1, month=1),
        ends_on=today,
        min_meetings=4,
    )
    maja = person(
        programme,
        Enrolment.Role.MENTOR,
        user=UserFactory(email="maja@example.org", display_name="Maja Mentor"),
    )
    adam = person(programme, user=UserFactory(email="adam@example.org", display_name="Adam Adept"))
    cora = UserFactory(email="cora@example.org", display_name="Cora Coordinator", is_staff=True)
    coordinator_grant(user=cora, programme=programme)
    match = match_create(programme=programme, mentor=maja, mentees=[adam], origin="manual", by=cora)
    held(match, 4)
    reflect(MatchMember.objects.get(match=match, role="mentee"))
    from relationships.services import match_complete

    match_complete(match=Match.objects.get(pk=match.pk), by=cora)
    return match


def paths_of(match) -> list[str]:
    return [f"/relationships/{match.pk}/", f"/relationships/{match.pk}/certificate/"]


def axe_everywhere(page, base, match) -> dict:
    mentee = MatchMember.objects.get(match=match, role="mentee")
    problems = signed_in_problems(page, base, "adam@example.org", paths_of(match), "mentee")
    certificate = certificate_services.certificate_issue(member=mentee)
    verify = f"/certificates/{certificate.code}/"
    problems |= signed_in_problems(
        page,
        base,
        "adam@example.org",
        [f"/relationships/{match.pk}/certificate/", verify],
        "mentee",
    )
    problems |= signed_in_problems(page, base, "maja@example.org", paths_of(match), "mentor")
    problems |= signed_in_problems(
        page,
        base,
        "cora@example.org",
        [
            "/admin/closure/certificate/",
            "/admin/closure/certificate/add/",
            f"/admin/closure/certificate/{certificate.pk}/change/",
        ],
        "coordinator",
    )
    # The confirmation of a withdrawal, reached as a coordinator does.
    page.goto(base + "/admin/closure/certificate/")
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option("revoke_certificates")
    page.locator("button[name=index]").click()
    page.wait_for_selector("#confirming")
    if found := serious(page):
        problems["coordinator: the withdrawal's confirmation"] = found
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/closure/certificate/$"))
    page.context.clear_cookies()
    page.goto(base + verify)
    expect(page.locator("#verification-result")).to_be_visible()
    if found := serious(page):
        problems["visitor: a withdrawn certificate"] = found
    Certificate.objects.all().delete()
    return problems


def test_the_certificate_pages_pass_axe_in_english(live_server, page, world):
    problems = axe_everywhere(page, live_server.url, world)
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_certificate_pages_pass_axe_in_swedish(live_server, page, world):
    from accounts.models import User

    User.objects.update(preferred_language="sv")
    problems = axe_everywhere(page, live_server.url, world)
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_the_mentee_downloads_the_certificate_and_its_link_confirms_it(
    live_server, page, world, tmp_path, settings
):
    base, match = live_server.url, world
    settings.SITE_URL = base
    page.set_default_timeout(20_000)
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/")
    card = page.locator("#certificate-card")
    expect(card).to_contain_text("Your certificate is ready to download.")
    card.get_by_role("link", name="Your certificate").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)

    document = pdfium.PdfDocument(str(path))
    pdf_page = document[0]
    image = pdf_page.render(scale=0.5).to_pil().convert("L")
    histogram = image.histogram()
    assert sum(histogram[:140]) / sum(histogram) > 0.01  # not blank
    text = " ".join(pdf_page.get_textpage().get_text_range().split())
    certificate = Certificate.objects.get()
    for stated in ("Adam Adept", "Leaders 2027", "4 meetings held", "Cora Coordinator"):
        assert stated in text
    assert certificate.code in text
    link = re.search(r"(http\S+/certificates/\S+/)", text).group(1)
    assert link == f"{base}/certificates/{certificate.code}/"

    # Whoever follows the link, signed in or not, is told it is genuine.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("#verification-result")).to_contain_text("This certificate is genuine")
    expect(page.locator("#certificate-statement")).to_contain_text("Adam Adept")
    expect(page.locator("#certificate-statement")).to_contain_text("Leaders 2027")
    # The page says again that it is issued, and the download gives the same certificate.
    sign_in(page, base, "adam@example.org")
    page.goto(f"{base}/relationships/{match.pk}/certificate/")
    expect(page.locator("#certificate-state")).to_contain_text("Your certificate was issued on")
    assert Certificate.objects.count() == 1
