"""What comes after a programme, for its members: ``closure:after`` and the alumni."""

from django.urls import path

from . import transition_views as views

urlpatterns = [
    path("programmes/<slug:slug>/after/", views.AfterView.as_view(), name="after"),
    path("programmes/<slug:slug>/after/alumni/join/", views.alumni_join, name="alumni_join"),
    path("programmes/<slug:slug>/after/alumni/change/", views.alumni_update, name="alumni_update"),
    path("programmes/<slug:slug>/after/alumni/leave/", views.alumni_leave, name="alumni_leave"),
]
