"""The member's certificate under their relationship, and the public verification link."""

from django.urls import path

from . import certificate_views

urlpatterns = [
    path(
        "relationships/<str:pk>/certificate/",
        certificate_views.CertificateView.as_view(),
        name="certificate",
    ),
    path(
        "relationships/<str:pk>/certificate/pdf/",
        certificate_views.CertificatePdfView.as_view(),
        name="certificate_pdf",
    ),
    path("certificates/<str:code>/", certificate_views.VerifyView.as_view(), name="verify"),
]
