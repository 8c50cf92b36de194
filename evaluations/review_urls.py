"""The members' mid-point review and reports, under their relationship's address (included
from ``mentorship/urls.py`` beside the relationships' own)."""

from django.urls import path

from . import review_views

app_name = "reviews"

urlpatterns = [
    path("relationships/<str:pk>/review/", review_views.ReviewView.as_view(), name="review"),
    path("relationships/<str:pk>/report/", review_views.ReportView.as_view(), name="report"),
]
