"""The member's certificate page and download (under their relationship), and the public
verification page.

The member's pages start from their own membership (``relationships.views.MemberMixin``,
through ``get_membership_for_user``): each member reaches their own certificate only, and
anybody else — the other members, coordinators, other programmes' people — gets 404. The
verification page needs no sign-in and tells nothing but what the certificate states; a
code that does not exist answers 404, the same as a malformed one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View

from relationships.views import MemberMixin

from . import certificate_pdf, certificate_selectors, certificate_services


class CertificateView(MemberMixin, TemplateView):
    """Whether the member's certificate is available, why not, and the download."""

    template_name = "closure/certificate_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = certificate_selectors.eligibility(self.member)
        context["state"] = state
        context["verification_url"] = (
            certificate_pdf.verification_url(state.certificate) if state.certificate else ""
        )
        return context


class CertificatePdfView(MemberMixin, View):
    """The PDF, issued on the first download when the rule is met; refused otherwise,
    back on the certificate page with the reasons."""

    def get(self, request, *args, **kwargs):
        try:
            certificate = certificate_services.certificate_issue(member=self.member)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("closure:certificate", pk=self.member.match_id)
        certificate.member = self.member  # already read, with its match and programme
        response = HttpResponse(
            certificate_pdf.certificate_pdf(certificate), content_type="application/pdf"
        )
        name = certificate_pdf.filename(certificate)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class VerifyView(TemplateView):
    """Public: is the certificate with this code genuine, and what does it state."""

    template_name = "closure/verify.html"

    @cached_property
    def certificate(self):
        return certificate_selectors.get_certificate_by_code(self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["content"] = certificate_selectors.certificate_content(self.certificate)
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
