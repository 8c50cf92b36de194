"""A certificate as PDF: a Django template and a print style sheet, laid out by WeasyPrint,
in the recipient's language and time zone (whoever downloads it).

Nothing is fetched from outside: the style sheet is read from the project's static files,
the fonts are the machine's (DejaVu Serif, through fontconfig), the QR code is drawn here
as SVG and given inline. The fetcher refuses any address but ``file:`` and ``data:``.
WeasyPrint is imported on first use only: web processes that never render a certificate
do not load it.
"""

from __future__ import annotations

import base64

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.emails import absolute_url

from .certificate_models import Certificate
from .certificate_selectors import certificate_content

STYLESHEET = "css/certificate-print.css"


def verification_url(certificate: Certificate) -> str:
    return absolute_url(reverse("closure:verify", kwargs={"code": certificate.code}))


def qr_code(url: str) -> str:
    """The link as a QR code, an SVG ``data:`` address."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=0)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def certificate_html(certificate: Certificate) -> str:
    """The certificate's page, in its recipient's language and time zone."""
    user = certificate.member.enrolment.user
    with translation.override(user.preferred_language), timezone.override(user.time_zone):
        url = verification_url(certificate)
        return render_to_string(
            "closure/certificate.html",
            {
                "content": certificate_content(certificate),
                "verification_url": url,
                "qr_code": qr_code(url),
                "language": user.preferred_language,
            },
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("file", "data"))
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)
    document = HTML(string=certificate_html(certificate), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet])


def filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.member.match.programme.slug}.pdf"
