"""The certificate PDF: one A4 landscape page that is not blank, whose text states the
name, role, programme, dates, meetings held, coordinator and the verification link with
its code, in the recipient's language whoever downloads it; nothing fetched from outside."""

import io

import pypdfium2 as pdfium
import pytest

from closure import certificate_pdf, certificate_services
from programs.services import coordinator_grant

from . import certificate_fixtures as fx

running, pair, elsewhere, users, earned = fx.running, fx.pair, fx.elsewhere, fx.users, fx.earned

A4_LANDSCAPE = (841.89, 595.28)  # points


def read(pdf: bytes) -> tuple[pdfium.PdfPage, str]:
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 1
    page = document[0]
    return page, " ".join(page.get_textpage().get_text_range().split())


def not_blank(page: pdfium.PdfPage) -> float:
    """The share of the page's pixels that are clearly darker than its paper."""
    image = page.render(scale=0.5).to_pil().convert("L")
    histogram = image.histogram()
    return sum(histogram[:140]) / sum(histogram)


@pytest.fixture
def certificate(earned, users):
    _match, _mentor, mentee = earned
    return certificate_services.certificate_issue(member=mentee)


def test_the_pdf_states_who_what_when_and_how_to_verify_it(certificate, users, settings):
    settings.SITE_URL = "https://mentorship.example.org"
    page, text = read(certificate_pdf.certificate_pdf(certificate))
    assert tuple(round(x, 2) for x in page.get_size()) == A4_LANDSCAPE
    assert 0.01 < not_blank(page) < 0.5
    assert "Certificate" in text
    assert "Adam Adept" in text
    assert "took part as mentee in the mentoring programme Leaders 2027" in text
    assert "from 2 March 2026 to" in text
    assert "6 meetings held" in text
    assert "Cora Coordinator" in text and "Programme coordinator" in text
    assert "Date of issue" in text
    url = f"https://mentorship.example.org/certificates/{certificate.code}/"
    assert url in text
    assert f"Verification code: {certificate.code}" in text


def test_the_pdf_is_in_the_recipients_language_whoever_asks(certificate, settings):
    user = certificate.member.enrolment.user
    user.preferred_language = "sv"
    user.save()
    settings.LANGUAGE_CODE = "en"
    _page, text = read(certificate_pdf.certificate_pdf(certificate))
    assert "Intyg" in text
    assert "Adam Adept" in text
    assert "deltog som adept i mentorprogrammet Leaders 2027" in text
    assert "från 2 mars 2026 till" in text
    assert "6 träffar hållna" in text
    assert "Samordnare" in text
    assert "Verifieringskod: " + certificate.code in text
    assert "Certificate" not in text


def test_the_pdf_names_every_coordinator(certificate, running):
    from accounts.tests.factories import UserFactory

    coordinator_grant(user=UserFactory(display_name="Bert Second"), programme=running)
    _page, text = read(certificate_pdf.certificate_pdf(certificate))
    assert "Bert Second, Cora Coordinator" in text
    assert "Programme coordinators" in text


def test_the_qr_code_carries_the_verification_link():
    url = "https://mentorship.example.org/certificates/abc/"
    data = certificate_pdf.qr_code(url)
    assert data.startswith("data:image/svg+xml;base64,")


def test_nothing_is_fetched_from_outside(certificate, monkeypatch):
    """The style sheet and fonts are the machine's; an address that reached out would be
    refused by the fetcher (and any such fetch would go through it)."""
    from weasyprint.urls import URLFetcher

    fetched = []
    real = URLFetcher.fetch

    def watch(self, url, headers=None):
        fetched.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", watch)
    certificate_pdf.certificate_pdf(certificate)
    assert fetched, "the style sheet is read through the fetcher"
    assert all(url.startswith(("file:", "data:")) for url in fetched), fetched
    refusing = URLFetcher(allowed_protocols=("file", "data"))
    with pytest.raises(ValueError, match="disallowed protocol"):
        refusing.fetch("https://fonts.example.org/serif.woff2")


def test_a_name_with_markup_is_printed_as_text(certificate):
    user = certificate.member.enrolment.user
    user.display_name = "<b>Adam</b> & Co"
    user.save()
    assert "&lt;b&gt;Adam&lt;/b&gt; &amp; Co" in certificate_pdf.certificate_html(certificate)
    _page, text = read(certificate_pdf.certificate_pdf(certificate))
    assert "<b>Adam</b> & Co" in text
    assert io.BytesIO  # the PDF is made in memory
