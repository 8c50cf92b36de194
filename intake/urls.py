from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path(
        "programmes/<slug:slug>/apply/<str:role>/",
        views.ApplicationFormView.as_view(),
        name="apply",
    ),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application"),
    path(
        "applications/<int:pk>/edit/",
        views.ApplicationFormView.as_view(),
        name="application_edit",
    ),
    path(
        "applications/<int:pk>/reopen/",
        views.application_reopen,
        name="application_reopen",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
]
