from django.urls import path

from . import views

app_name = "relationships"

urlpatterns = [
    path("relationships/<str:pk>/", views.WorkspaceView.as_view(), name="workspace"),
    path("relationships/<str:pk>/agreement/", views.AgreementView.as_view(), name="agreement"),
    path(
        "relationships/<str:pk>/agreement/terms/",
        views.AgreementTermsView.as_view(),
        name="agreement_terms",
    ),
    path(
        "relationships/<str:pk>/agreement/print/",
        views.AgreementPrintView.as_view(),
        name="agreement_print",
    ),
    path("relationships/<str:pk>/first-meeting/", views.GuideView.as_view(), name="guide"),
    path("relationships/<str:pk>/fit-check/", views.FitCheckView.as_view(), name="fit_check"),
    path("relationships/<str:pk>/messages/", views.MessagesView.as_view(), name="messages"),
    path("relationships/<str:pk>/contact/", views.ContactView.as_view(), name="contact"),
    path("relationships/<str:pk>/pause/", views.PauseView.as_view(), name="pause"),
    path("relationships/<str:pk>/resume/", views.resume, name="resume"),
]
