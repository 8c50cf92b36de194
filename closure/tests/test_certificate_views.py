"""The member's certificate page and download, and the public verification page, for every
role; odd ids and codes; the workspace's certificate card."""

import pytest
from django.urls import reverse

from closure import certificate_services
from closure.models import Certificate

from . import certificate_fixtures as fx
from .certificate_fixtures import ROLES, as_, complete, reflect

running, pair, elsewhere, users, earned = fx.running, fx.pair, fx.elsewhere, fx.users, fx.earned

ODD_IDS = ["99999999999999999999", "²", "%00", "-1", "0", "1.0", "abc"]


def sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def page_url(match) -> str:
    return reverse("closure:certificate", kwargs={"pk": match.pk})


def pdf_url(match) -> str:
    return reverse("closure:certificate_pdf", kwargs={"pk": match.pk})


@pytest.mark.parametrize("role", ROLES)
def test_each_member_sees_their_own_certificate_and_nobody_else_reaches_it(
    client, earned, users, role
):
    match, _mentor, mentee = earned
    certificate = certificate_services.certificate_issue(member=mentee)
    response = as_(client, users[role]).get(page_url(match))
    if role == "anon":
        assert sent_to_sign_in(response)
        return
    if role == "member":
        assert response.status_code == 200
        body = response.content.decode()
        assert "Your certificate was issued on" in body
        assert pdf_url(match) in body
        assert certificate.code in body  # its own verification link
        return
    if role == "other_member":
        # Maja reaches her own state in the same relationship: not Adam's certificate.
        assert response.status_code == 200
        body = response.content.decode()
        assert "Closing reflection not written" in body
        assert certificate.code not in body
        return
    assert response.status_code == 404
    assert certificate.code not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_member_downloads_their_certificate(client, earned, users, role):
    match, _mentor, mentee = earned
    response = as_(client, users[role]).get(pdf_url(match))
    if role == "anon":
        assert sent_to_sign_in(response)
        assert not Certificate.objects.exists()
        return
    if role == "member":
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content.startswith(b"%PDF")
        # Issued on the first download, by the rule.
        certificate = Certificate.objects.get()
        assert certificate.member == mentee and certificate.granted_by is None
        return
    if role == "other_member":
        # Maja has not written her reflection: refused, with the reason, and nothing issued.
        assert response.status_code == 302
        assert response["Location"] == page_url(match)
        follow = client.get(response["Location"])
        assert "Closing reflection not written" in follow.content.decode()
        assert not Certificate.objects.exists()
        return
    assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_the_other_member_downloads_their_own_not_the_members(client, earned):
    match, mentor, mentee = earned
    reflect(mentor)
    adams = certificate_services.certificate_issue(member=mentee)
    response = as_(client, mentor.enrolment.user).get(pdf_url(match))
    assert response.status_code == 200
    majas = Certificate.objects.get(member=mentor)
    assert majas.code != adams.code
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(response.content)[0].get_textpage().get_text_range()
    assert "Maja Mentor" in text and "Adam Adept" not in text
    assert majas.code in text and adams.code not in text


def test_a_download_before_the_rule_is_met_is_refused_with_the_reasons(client, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    response = client.get(pdf_url(match), follow=True)
    body = response.content.decode()
    assert "The certificate is not available yet" in body
    assert "0 of 6 meetings held" in body
    assert "Closing reflection not written" in body
    assert "The relationship has not been completed yet." in body
    assert not Certificate.objects.exists()


def test_a_withdrawn_certificate_is_said_so_and_not_downloaded(client, earned):
    match, _mentor, mentee = earned
    certificate = certificate_services.certificate_issue(member=mentee)
    certificate_services.certificate_revoke(certificate=certificate)
    client.force_login(mentee.enrolment.user)
    page = client.get(page_url(match)).content.decode()
    assert "Your certificate was withdrawn" in page
    assert pdf_url(match) not in page
    response = client.get(pdf_url(match), follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "withdrawn" in response.content.decode()


@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_relationship_ids_answer_404(client, earned, odd):
    _match, _mentor, mentee = earned
    client.force_login(mentee.enrolment.user)
    assert client.get(f"/relationships/{odd}/certificate/").status_code == 404
    assert client.get(f"/relationships/{odd}/certificate/pdf/").status_code == 404


# --- Verification ---------------------------------------------------------------------------


def main(response) -> str:
    """The page's own content, without the navigation (which names who is signed in)."""
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def verify_url(code: str) -> str:
    return reverse("closure:verify", kwargs={"code": code})


@pytest.mark.parametrize("role", ROLES)
def test_a_genuine_certificate_is_confirmed_to_anyone_with_what_it_states(
    client, earned, users, role
):
    _match, _mentor, mentee = earned
    certificate = certificate_services.certificate_issue(member=mentee)
    response = as_(client, users[role]).get(verify_url(certificate.code))
    assert response.status_code == 200
    body = main(response)
    assert "This certificate is genuine" in body
    for stated in ("Adam Adept", "Mentee", "Leaders 2027", "2 March 2026", "Date of issue"):
        assert stated in body
    # Nothing else about the person: not their e-mail, city, reflection or the other member.
    user = mentee.enrolment.user
    for private in (user.email, "Umeå", "I lead my team", "Maja Mentor", "Cora Coordinator"):
        assert private not in body
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_withdrawn_certificate_says_so_and_states_nothing_more(client, earned):
    _match, _mentor, mentee = earned
    certificate = certificate_services.certificate_issue(member=mentee)
    certificate_services.certificate_revoke(certificate=certificate)
    response = client.get(verify_url(certificate.code))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This certificate was withdrawn" in body
    assert "genuine" not in body
    assert "Adam Adept" not in body


UNKNOWN = ["A" * 24, "abcdefghijklmnopqrstuvwx", "²" * 24, "%00" * 8, "x" * 1000, "a b c", "ab"]


@pytest.mark.parametrize("code", UNKNOWN)
def test_an_unknown_or_malformed_code_answers_404_and_tells_nothing(client, earned, code):
    _match, _mentor, mentee = earned
    real = certificate_services.certificate_issue(member=mentee)
    response = client.get(f"/certificates/{code}/")
    assert response.status_code == 404
    body = response.content.decode()
    for told in ("genuine", "withdrawn", "Adam", "Leaders 2027", real.code):
        assert told not in body


def test_an_unknown_code_and_a_malformed_one_get_the_same_page(client, db):
    unknown = client.get(verify_url("Q" * 24))
    malformed = client.get("/certificates/%00%00/")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.templates[0].name == malformed.templates[0].name


def test_a_code_differing_in_case_is_not_the_certificate(client, earned):
    _match, _mentor, mentee = earned
    certificate = certificate_services.certificate_issue(member=mentee)
    assert client.get(verify_url(certificate.code.swapcase())).status_code == 404


def test_the_verification_page_is_in_the_readers_language(client, earned):
    _match, _mentor, mentee = earned
    certificate = certificate_services.certificate_issue(member=mentee)
    response = client.get(verify_url(certificate.code), HTTP_ACCEPT_LANGUAGE="sv")
    body = response.content.decode()
    assert "Detta intyg är äkta" in body
    assert "2 mars 2026" in body


# --- The workspace --------------------------------------------------------------------------


def test_the_workspace_shows_the_certificate_card_once_the_relationship_ended(client, pair):
    match, _mentor, mentee = pair
    client.force_login(mentee.enrolment.user)
    workspace = reverse("relationships:workspace", kwargs={"pk": match.pk})
    assert 'id="certificate-card"' not in client.get(workspace).content.decode()
    reflect(mentee)
    complete(match)
    body = client.get(workspace).content.decode()
    assert 'id="certificate-card"' in body
    assert "Your certificate is not available yet:" in body
    assert "0 of 6 meetings held" in body
    assert page_url(match) in body


def test_the_card_says_when_the_certificate_is_ready(client, earned):
    match, _mentor, mentee = earned
    client.force_login(mentee.enrolment.user)
    body = client.get(reverse("relationships:workspace", kwargs={"pk": match.pk})).content
    assert "Your certificate is ready to download." in body.decode()


def test_the_certificate_page_reads_in_a_fixed_number_of_queries(
    client, earned, django_assert_max_num_queries
):
    match, _mentor, mentee = earned
    client.force_login(mentee.enrolment.user)
    client.get(page_url(match))
    with django_assert_max_num_queries(12):
        assert client.get(page_url(match)).status_code == 200
