from django.urls import path

from . import ending_views

urlpatterns = [
    path("relationships/<str:pk>/end/", ending_views.EndView.as_view(), name="end"),
]
